package org.supportdesk.subscription.referral;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.supportdesk.subscription.referral.ReferralPolicy.FeeStay;
import org.supportdesk.subscription.subscription.CommitmentPolicy.Freeze;

class ReferralPolicyTest {

    private static final YearMonth DECEMBER = YearMonth.of(2026, 12);

    @Test
    void rB13_firstFullMonthIsTheNextOneUnlessJoinedOnTheFirst() {
        assertThat(ReferralPolicy.firstFullMonth(LocalDate.of(2026, 11, 22))).isEqualTo(DECEMBER);
        assertThat(ReferralPolicy.firstFullMonth(LocalDate.of(2026, 12, 1))).isEqualTo(DECEMBER);
        assertThat(ReferralPolicy.firstFullMonth(LocalDate.of(2026, 12, 31))).isEqualTo(YearMonth.of(2027, 1));
    }

    @Test
    void rB13_aWholeMonthInOnePlanAveragesItsFee() {
        var stays = List.of(new FeeStay(new BigDecimal("99.00"), LocalDate.of(2026, 11, 22), null));
        assertThat(ReferralPolicy.averageMonthlyFee(DECEMBER, stays, List.of())).isEqualByComparingTo("99.00");
    }

    @Test
    void rB13_aMidMonthChangeWeighsEachPlanByItsDays() {
        // 31 days: 10 in the 62.00 plan, 21 in the 93.00 plan → (620 + 1953) / 31 = 83.00
        var stays = List.of(new FeeStay(new BigDecimal("62.00"), LocalDate.of(2026, 11, 1), LocalDate.of(2026, 12, 11)),
                new FeeStay(new BigDecimal("93.00"), LocalDate.of(2026, 12, 11), null));
        assertThat(ReferralPolicy.averageMonthlyFee(DECEMBER, stays, List.of())).isEqualByComparingTo("83.00");
    }

    @Test
    void rB13_rS7_frozenDaysPayNoFee() {
        // frozen 1st–10th of December: 21 of 31 days paid
        var stays = List.of(new FeeStay(new BigDecimal("62.00"), LocalDate.of(2026, 11, 1), null));
        var freezes = List.of(new Freeze(LocalDate.of(2026, 11, 20), LocalDate.of(2026, 12, 11)));
        assertThat(ReferralPolicy.averageMonthlyFee(DECEMBER, stays, freezes)).isEqualByComparingTo("42.00");
    }

    @Test
    void rB13_aMonthFrozenThroughoutOrInAFreePlanAveragesZero() {
        var paying = List.of(new FeeStay(new BigDecimal("62.00"), LocalDate.of(2026, 11, 1), null));
        assertThat(ReferralPolicy.averageMonthlyFee(DECEMBER, paying,
                List.of(new Freeze(LocalDate.of(2026, 11, 30), null)))).isZero();
        var free = List.of(new FeeStay(BigDecimal.ZERO, LocalDate.of(2026, 11, 1), null));
        assertThat(ReferralPolicy.averageMonthlyFee(DECEMBER, free, List.of())).isZero();
    }

    @Test
    void rB13_staysOutsideTheMonthDoNotCount() {
        var stays = List.of(new FeeStay(new BigDecimal("500.00"), LocalDate.of(2026, 10, 1), LocalDate.of(2026, 12, 1)),
                new FeeStay(new BigDecimal("31.00"), LocalDate.of(2026, 12, 1), LocalDate.of(2027, 1, 1)),
                new FeeStay(new BigDecimal("700.00"), LocalDate.of(2027, 1, 1), null));
        assertThat(ReferralPolicy.averageMonthlyFee(DECEMBER, stays, List.of())).isEqualByComparingTo("31.00");
    }

    @Test
    void rB13_creditIsThePercentageToTheCent() {
        assertThat(ReferralPolicy.credit(new BigDecimal("83.00"), new BigDecimal("10"))).isEqualByComparingTo("8.30");
        assertThat(ReferralPolicy.credit(new BigDecimal("99.90"), new BigDecimal("12.5"))).isEqualTo(new BigDecimal("12.49"));
        assertThat(ReferralPolicy.credit(new BigDecimal("99.92"), new BigDecimal("12.5"))).isEqualTo(new BigDecimal("12.49"));
    }
}
