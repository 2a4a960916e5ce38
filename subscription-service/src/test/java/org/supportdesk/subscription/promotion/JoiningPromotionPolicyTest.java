package org.supportdesk.subscription.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.supportdesk.subscription.promotion.JoiningPromotionPolicy.Candidate;
import org.supportdesk.subscription.promotion.JoiningPromotionPolicy.Stay;
import org.supportdesk.subscription.subscription.CommitmentPolicy.Freeze;

class JoiningPromotionPolicyTest {

    static final UUID GOLD = UUID.randomUUID();
    static final UUID PLATINUM = UUID.randomUUID();
    static final UUID SILVER = UUID.randomUUID();
    static final LocalDate JOINED = LocalDate.parse("2026-03-10");

    static LocalDate d(String s) {
        return LocalDate.parse(s);
    }

    @Test
    void theMonthExcludesFreezeDaysR_B14() {
        assertThat(JoiningPromotionPolicy.monthEnds(JOINED, List.of(), d("2026-05-01"))).isEqualTo(d("2026-04-10"));
        assertThat(JoiningPromotionPolicy.monthEnds(JOINED, List.of(new Freeze(d("2026-03-20"), d("2026-03-23"))),
                d("2026-05-01"))).isEqualTo(d("2026-04-13"));
    }

    @Test
    void stayingInTheCampaignsPlansForTheMonthQualifiesR_B14() {
        Set<UUID> campaign = Set.of(GOLD, PLATINUM);
        assertThat(JoiningPromotionPolicy.stayed(campaign, List.of(new Stay(GOLD, JOINED, null)), JOINED,
                d("2026-04-10"))).isTrue();
        // moving between the campaign's plans keeps it
        assertThat(JoiningPromotionPolicy.stayed(campaign, List.of(new Stay(GOLD, JOINED, d("2026-03-20")),
                new Stay(PLATINUM, d("2026-03-20"), null)), JOINED, d("2026-04-10"))).isTrue();
    }

    @Test
    void leavingTheCampaignsPlansOrClosingWithinTheMonthLosesItR_B14() {
        Set<UUID> campaign = Set.of(GOLD);
        assertThat(JoiningPromotionPolicy.stayed(campaign, List.of(new Stay(GOLD, JOINED, d("2026-03-20")),
                new Stay(SILVER, d("2026-03-20"), null)), JOINED, d("2026-04-10"))).isFalse();
        // closed before the month ended: no stay covers its end
        assertThat(JoiningPromotionPolicy.stayed(campaign, List.of(new Stay(GOLD, JOINED, d("2026-04-01"))), JOINED,
                d("2026-04-10"))).isFalse();
        // a change after the month ended does not matter
        assertThat(JoiningPromotionPolicy.stayed(campaign, List.of(new Stay(GOLD, JOINED, d("2026-04-10")),
                new Stay(SILVER, d("2026-04-10"), null)), JOINED, d("2026-04-10"))).isTrue();
    }

    @Test
    void onePromotionPerAccountTheMostValuableR_B14() {
        UUID small = UUID.randomUUID();
        UUID large = UUID.randomUUID();
        assertThat(JoiningPromotionPolicy.award(List.of(new Candidate(small, Set.of(GOLD), new BigDecimal("50.00")),
                new Candidate(large, Set.of(GOLD), new BigDecimal("87.00")))).map(Candidate::promotionId))
                .contains(large);
        assertThat(JoiningPromotionPolicy.award(List.of())).isEmpty();
    }

    @Test
    void minutesAndMoneyCompareAtThePlansMinuteRateR_B6() {
        Promotion minutes = new Promotion();
        minutes.minutes = 30;
        Promotion cash = new Promotion();
        cash.cash = new BigDecimal("80.00");
        assertThat(PromotionService.value(minutes, new BigDecimal("2.90"))).isEqualByComparingTo("87.00");
        assertThat(PromotionService.value(cash, new BigDecimal("2.90"))).isEqualByComparingTo("80.00");
    }
}
