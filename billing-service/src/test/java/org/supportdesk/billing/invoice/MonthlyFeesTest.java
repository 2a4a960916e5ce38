package org.supportdesk.billing.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.supportdesk.billing.invoice.MonthlyFees.FeeLine;
import org.supportdesk.billing.invoice.MonthlyFees.Freeze;
import org.supportdesk.billing.invoice.MonthlyFees.Stay;

class MonthlyFeesTest {

    static final YearMonth NOVEMBER = YearMonth.of(2026, 11);

    @Test
    void rB11_aWholeMonthInOnePlanPaysItsFee() {
        assertThat(MonthlyFees.of(NOVEMBER, List.of(new Stay("Gold", new BigDecimal("49.00"), LocalDate.of(2026, 10, 3), null)),
                List.of())).extracting(FeeLine::amount).containsExactly(new BigDecimal("49.00"));
    }

    @Test
    void rB11_aMidMonthChangeProratesEachPlanByItsDays() {
        // 30 days: 10 in Gold (49.00 → 16.33), 20 in Platinum (99.00 → 66.00)
        List<FeeLine> lines = MonthlyFees.of(NOVEMBER, List.of(
                new Stay("Gold", new BigDecimal("49.00"), LocalDate.of(2026, 10, 1), LocalDate.of(2026, 11, 11)),
                new Stay("Platinum", new BigDecimal("99.00"), LocalDate.of(2026, 11, 11), null)), List.of());
        assertThat(lines).extracting(FeeLine::days).containsExactly(10L, 20L);
        assertThat(lines).extracting(FeeLine::amount).containsExactly(new BigDecimal("16.33"), new BigDecimal("66.00"));
    }

    @Test
    void rB11_rS7_freezeDaysCarryNoFee() {
        // frozen 21–30 November: 20 days paid of 30
        List<FeeLine> lines = MonthlyFees.of(NOVEMBER, List.of(new Stay("Gold", new BigDecimal("45.00"),
                LocalDate.of(2026, 10, 1), null)), List.of(new Freeze(LocalDate.of(2026, 11, 21), null)));
        assertThat(lines).extracting(FeeLine::amount).containsExactly(new BigDecimal("30.00"));
        assertThat(MonthlyFees.of(NOVEMBER, List.of(new Stay("Gold", new BigDecimal("45.00"), LocalDate.of(2026, 10, 1),
                null)), List.of(new Freeze(LocalDate.of(2026, 10, 20), LocalDate.of(2026, 12, 2))))).isEmpty();
    }

    @Test
    void rB11_joiningOrLeavingMidMonthPaysTheDaysInThePlanOnly() {
        assertThat(MonthlyFees.of(NOVEMBER, List.of(new Stay("Gold", new BigDecimal("60.00"), LocalDate.of(2026, 11, 16),
                null)), List.of())).extracting(FeeLine::amount).containsExactly(new BigDecimal("30.00"));
        assertThat(MonthlyFees.of(NOVEMBER, List.of(new Stay("Free", BigDecimal.ZERO, LocalDate.of(2026, 11, 1), null)),
                List.of())).isEmpty();
    }
}
