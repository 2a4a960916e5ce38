package org.supportdesk.subscription.plan;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.supportdesk.platform.money.Money;

/**
 * The rules a plan's terms must keep (R-S1, R-S3) beyond the shape of each field. Pure: answers the
 * violations, each with the field it is about.
 */
public final class PlanRules {

    public record Violation(String field, String message) {
    }

    private PlanRules() {
    }

    public static List<Violation> check(PlanTerms terms) {
        List<Violation> violations = new ArrayList<>();
        // R-S1: every PREPAID and OCCASIONAL plan is SILVER
        if (terms.type() != PlanType.MONTHLY && terms.tier() != Tier.SILVER) {
            violations.add(new Violation("tier", terms.type() + " plans are SILVER (R-S1)"));
        }
        // R-S3: only MONTHLY plans have a monthly fee or included minutes
        if (terms.type() != PlanType.MONTHLY) {
            if (terms.monthlyFee().amount().signum() != 0) {
                violations.add(new Violation("monthlyFee", terms.type() + " plans have no monthly fee (R-S3)"));
            }
            if (terms.allowances().includesAny()) {
                violations.add(new Violation("includedMinutes", terms.type() + " plans include no minutes (R-S3)"));
            }
        }
        // R-S3: PREPAID service is paid from card credit only: no ticket fee
        if (terms.type() == PlanType.PREPAID && terms.ticketFee().amount().signum() != 0) {
            violations.add(new Violation("ticketFee", "PREPAID plans have no ticket fee (R-S3)"));
        }
        // R-B7: a PREPAID session lasts what the wallet can pay at the minute rate
        if (terms.type() == PlanType.PREPAID && terms.minuteRate().amount().signum() <= 0) {
            violations.add(new Violation("minuteRate", "PREPAID plans need a positive minute rate (R-B7)"));
        }
        prices(terms).forEach(price -> {
            if (!price.money().currency().equals(terms.currency())) {
                violations.add(new Violation(price.field(), "must be in the plan's currency " + terms.currency()));
            }
        });
        Set<String> codes = new HashSet<>();
        for (PlanTerms.FixedPriceAction action : terms.actions()) {
            if (!codes.add(action.code())) {
                violations.add(new Violation("fixedPriceActions", "action code " + action.code() + " appears twice"));
            }
            if (action.price().amount().signum() <= 0) {
                violations.add(new Violation("fixedPriceActions", "action " + action.code() + " needs a positive price"));
            }
        }
        if (terms.vatRates() != null) {
            Set<LocalDate> dates = new HashSet<>();
            terms.vatRates().forEach(rate -> {
                if (!dates.add(rate.effectiveFrom())) {
                    violations.add(new Violation("vatRates", "two VAT rates from " + rate.effectiveFrom()));
                }
            });
        }
        return violations;
    }

    private record Price(String field, Money money) {
    }

    private static Stream<Price> prices(PlanTerms terms) {
        Stream<Price> fees = Stream.of(new Price("monthlyFee", terms.monthlyFee()),
                new Price("ticketFee", terms.ticketFee()), new Price("minuteRate", terms.minuteRate()));
        Stream<Price> actions = terms.actions().stream().map(a -> new Price("fixedPriceActions", a.price()));
        Stream<Price> extras = Stream.concat(
                terms.onCall() == null ? Stream.empty() : Stream.of(new Price("onCall.hourlyRate", terms.onCall().hourlyRate())),
                terms.investigation() == null ? Stream.empty() : Stream.of(
                        new Price("investigation.hourlyRate", terms.investigation().hourlyRate()),
                        new Price("investigation.minimumCharge", terms.investigation().minimumCharge())));
        return Stream.of(fees, actions, extras).flatMap(s -> s);
    }

}
