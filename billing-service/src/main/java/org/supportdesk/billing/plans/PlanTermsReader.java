package org.supportdesk.billing.plans;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.supportdesk.billing.rating.RatingEngine;

/** Reads a published plan version's terms (the plan-published.v1 JSON) into what rating needs. */
public final class PlanTermsReader {

    private PlanTermsReader() {
    }

    /** R-S2: the plan with the VAT rate in force on {@code day}. */
    public static RatingEngine.Plan read(ObjectMapper json, String terms, LocalDate day) {
        try {
            JsonNode t = json.readTree(terms);
            JsonNode allowances = t.path("includedMinutes");
            Map<String, BigDecimal> actions = new LinkedHashMap<>();
            t.path("fixedPriceActions").forEach(a -> actions.put(a.get("code").asText(), money(a.get("price"))));
            JsonNode onCall = t.path("onCall");
            JsonNode investigation = t.path("investigation");
            return new RatingEngine.Plan(t.get("type").asText(), t.get("currency").asText(), money(t.get("minuteRate")),
                    money(t.get("ticketFee")),
                    new RatingEngine.Allowances(integer(allowances, "perTicket"), integer(allowances, "perDay"),
                            integer(allowances, "perMonth")),
                    actions,
                    onCall.isObject() ? new RatingEngine.OnCall(money(onCall.get("hourlyRate")), onCall.get("minimumHours").asInt())
                            : null,
                    investigation.isObject() ? new RatingEngine.Investigation(money(investigation.get("hourlyRate")),
                            money(investigation.get("minimumCharge"))) : null,
                    vatOn(t.path("vatRates"), day));
        } catch (Exception e) {
            throw new IllegalStateException("unreadable plan terms: " + e.getMessage(), e);
        }
    }

    private static BigDecimal vatOn(JsonNode rates, LocalDate day) {
        BigDecimal rate = BigDecimal.ZERO;
        LocalDate from = LocalDate.MIN;
        for (JsonNode r : rates) {
            LocalDate effective = LocalDate.parse(r.get("effectiveFrom").asText());
            if (!effective.isAfter(day) && effective.isAfter(from)) {
                from = effective;
                rate = new BigDecimal(r.get("rate").asText());
            }
        }
        return rate;
    }

    private static BigDecimal money(JsonNode node) {
        return new BigDecimal(node.get("amount").asText());
    }

    private static Integer integer(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNumber() ? value.asInt() : null;
    }
}
