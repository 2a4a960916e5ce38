package org.supportdesk.billing.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.supportdesk.billing.invoice.MonthlyAllowance.Stay;

class MonthlyAllowanceTest {

    static final YearMonth NOVEMBER = YearMonth.of(2026, 11);

    @Test
    void rB11_aWholeMonthInOnePlanKeepsItsAllowance() {
        assertThat(MonthlyAllowance.of(NOVEMBER, List.of(new Stay(60, LocalDate.of(2026, 10, 1), null)))).isEqualTo(60);
    }

    @Test
    void rB11_aMidMonthChangeMixesTheAllowancesByDays() {
        // 10 days with 60, 20 days with 120: (600 + 2400) / 30 = 100
        assertThat(MonthlyAllowance.of(NOVEMBER, List.of(new Stay(60, LocalDate.of(2026, 10, 1), LocalDate.of(2026, 11, 11)),
                new Stay(120, LocalDate.of(2026, 11, 11), null)))).isEqualTo(100);
    }

    @Test
    void rB11_daysInAPlanWithoutAMonthlyAllowanceAddNothing() {
        // 15 days with 60, then 15 in a plan without one: 30
        assertThat(MonthlyAllowance.of(NOVEMBER, List.of(new Stay(60, LocalDate.of(2026, 10, 1), LocalDate.of(2026, 11, 16)),
                new Stay(null, LocalDate.of(2026, 11, 16), null)))).isEqualTo(30);
        assertThat(MonthlyAllowance.excess(45, 30)).isEqualTo(15);
        assertThat(MonthlyAllowance.excess(20, 30)).isZero();
    }

    @Test
    void rB11_theMixRoundsDownToWholeMinutes() {
        // 7 days with 100 of 30: 23.33 → 23
        assertThat(MonthlyAllowance.of(NOVEMBER, List.of(new Stay(100, LocalDate.of(2026, 11, 24), null)))).isEqualTo(23);
    }
}
