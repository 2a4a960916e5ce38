package org.supportdesk.subscription.plan;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.supportdesk.platform.money.Money;

/** Plan terms and API bodies for tests. */
public final class PlanFixtures {

    private PlanFixtures() {
    }

    public static Money ils(String amount) {
        return new Money(new BigDecimal(amount), "ILS");
    }

    public static PlanTerms monthlyGold() {
        return new PlanTerms(PlanType.MONTHLY, Tier.GOLD, "ILS", ils("99.00"), ils("0.00"), ils("2.90"),
                new PlanTerms.IncludedMinutes(null, 30, 120),
                List.of(new PlanTerms.FixedPriceAction("OS_INSTALL", "Install an operating system", ils("250.00"))),
                null, null, null);
    }

    public static PlanTerms prepaid() {
        return new PlanTerms(PlanType.PREPAID, Tier.SILVER, "ILS", ils("0"), ils("0"), ils("3.50"), null, null,
                null, null, null);
    }

    public static PlanTerms occasional() {
        return new PlanTerms(PlanType.OCCASIONAL, Tier.SILVER, "ILS", ils("0"), ils("25.00"), ils("4.90"), null,
                null, null, null, null);
    }

    /** A JSON body for POST/PUT /api/v1/plans. */
    public static Map<String, Object> body(String code, String type, String tier) {
        Map<String, Object> terms = new HashMap<>();
        terms.put("type", type);
        terms.put("tier", tier);
        terms.put("currency", "ILS");
        terms.put("monthlyFee", money(type.equals("MONTHLY") ? "99.00" : "0"));
        terms.put("ticketFee", money("0"));
        terms.put("minuteRate", money("2.90"));
        if (type.equals("MONTHLY")) {
            terms.put("includedMinutes", Map.of("perDay", 30, "perMonth", 120));
        }
        terms.put("fixedPriceActions", List.of(Map.of("code", "OS_INSTALL", "name", "Install an operating system",
                "price", money("250.00"))));
        Map<String, Object> body = new HashMap<>();
        body.put("code", code);
        body.put("name", "Plan " + code);
        body.put("terms", terms);
        return body;
    }

    public static Map<String, Object> money(String amount) {
        return Map.of("amount", amount, "currency", "ILS");
    }
}
