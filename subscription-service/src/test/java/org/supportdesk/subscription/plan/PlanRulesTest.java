package org.supportdesk.subscription.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.supportdesk.subscription.plan.PlanFixtures.ils;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.money.Money;

class PlanRulesTest {

    private static PlanTerms with(PlanTerms t, PlanType type, Tier tier, Money monthlyFee, Money ticketFee,
            Money minuteRate, PlanTerms.IncludedMinutes included) {
        return new PlanTerms(type, tier, t.currency(), monthlyFee, ticketFee, minuteRate, included,
                t.fixedPriceActions(), t.onCall(), t.investigation(), t.vatRates());
    }

    private static List<String> fields(PlanTerms terms) {
        return PlanRules.check(terms).stream().map(PlanRules.Violation::field).toList();
    }

    @Test
    void theReferencePlansKeepEveryRule() {
        assertThat(PlanRules.check(PlanFixtures.monthlyGold())).isEmpty();
        assertThat(PlanRules.check(PlanFixtures.prepaid())).isEmpty();
        assertThat(PlanRules.check(PlanFixtures.occasional())).isEmpty();
    }

    @Test
    void prepaidAndOccasionalPlansAreSilverR_S1() {
        PlanTerms p = PlanFixtures.prepaid();
        assertThat(fields(with(p, PlanType.PREPAID, Tier.GOLD, p.monthlyFee(), p.ticketFee(), p.minuteRate(), null)))
                .containsExactly("tier");
        PlanTerms o = PlanFixtures.occasional();
        assertThat(fields(with(o, PlanType.OCCASIONAL, Tier.PLATINUM, o.monthlyFee(), o.ticketFee(), o.minuteRate(),
                null))).containsExactly("tier");
    }

    @Test
    void aBasicMonthlyPlanMayBeSilverR_S1() {
        PlanTerms m = PlanFixtures.monthlyGold();
        assertThat(PlanRules.check(with(m, PlanType.MONTHLY, Tier.SILVER, ils("0"), m.ticketFee(), m.minuteRate(),
                null))).isEmpty();
    }

    @Test
    void onlyMonthlyPlansHaveAMonthlyFeeR_S3() {
        PlanTerms p = PlanFixtures.prepaid();
        assertThat(fields(with(p, PlanType.PREPAID, Tier.SILVER, ils("10"), p.ticketFee(), p.minuteRate(), null)))
                .containsExactly("monthlyFee");
        PlanTerms o = PlanFixtures.occasional();
        assertThat(fields(with(o, PlanType.OCCASIONAL, Tier.SILVER, ils("10"), o.ticketFee(), o.minuteRate(), null)))
                .containsExactly("monthlyFee");
    }

    @Test
    void onlyMonthlyPlansIncludeMinutesR_S3() {
        PlanTerms o = PlanFixtures.occasional();
        assertThat(fields(with(o, PlanType.OCCASIONAL, Tier.SILVER, o.monthlyFee(), o.ticketFee(), o.minuteRate(),
                new PlanTerms.IncludedMinutes(10, null, null)))).containsExactly("includedMinutes");
        // an explicitly empty allowance set includes nothing and is fine
        assertThat(fields(with(o, PlanType.OCCASIONAL, Tier.SILVER, o.monthlyFee(), o.ticketFee(), o.minuteRate(),
                PlanTerms.IncludedMinutes.NONE))).isEmpty();
    }

    @Test
    void prepaidHasNoTicketFeeButOccasionalMayR_S3() {
        PlanTerms p = PlanFixtures.prepaid();
        assertThat(fields(with(p, PlanType.PREPAID, Tier.SILVER, p.monthlyFee(), ils("15"), p.minuteRate(), null)))
                .containsExactly("ticketFee");
        assertThat(PlanRules.check(PlanFixtures.occasional())).isEmpty();
    }

    @Test
    void prepaidNeedsAPositiveMinuteRateToBoundItsSessionsR_B7() {
        PlanTerms p = PlanFixtures.prepaid();
        assertThat(fields(with(p, PlanType.PREPAID, Tier.SILVER, p.monthlyFee(), p.ticketFee(), ils("0"), null)))
                .containsExactly("minuteRate");
    }

    @Test
    void everyPriceIsInThePlansCurrency() {
        PlanTerms m = PlanFixtures.monthlyGold();
        assertThat(fields(with(m, m.type(), m.tier(), new Money(m.monthlyFee().amount(), "USD"), m.ticketFee(),
                m.minuteRate(), m.includedMinutes()))).containsExactly("monthlyFee");
    }

    @Test
    void fixedPriceActionsHaveUniqueCodesAndPositivePricesR_B5() {
        PlanTerms m = PlanFixtures.monthlyGold();
        PlanTerms twice = new PlanTerms(m.type(), m.tier(), m.currency(), m.monthlyFee(), m.ticketFee(),
                m.minuteRate(), m.includedMinutes(), List.of(
                        new PlanTerms.FixedPriceAction("OS_INSTALL", "Install", ils("250")),
                        new PlanTerms.FixedPriceAction("OS_INSTALL", "Install again", ils("0"))),
                null, null, null);
        assertThat(PlanRules.check(twice)).extracting(PlanRules.Violation::message)
                .containsExactlyInAnyOrder("action code OS_INSTALL appears twice", "action OS_INSTALL needs a positive price");
    }
}
