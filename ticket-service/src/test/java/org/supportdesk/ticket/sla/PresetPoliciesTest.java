package org.supportdesk.ticket.sla;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.supportdesk.ticket.sla.BusinessCalendarTest.at;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.testing.Tokens;
import org.supportdesk.ticket.Accounts;
import org.supportdesk.ticket.sla.SlaPolicy.Category;

/**
 * The ticket-service part of each shipped preset (deploy/presets/*.json: calendars and SLA policies)
 * loads through the public API as seed data, and says what domain.md says.
 */
@QuarkusTest
class PresetPoliciesTest {

    @Inject
    ObjectMapper json;

    record Preset(BusinessCalendar calendar, SlaPolicy policy) {
        Instant firstResponse(String openedAt, Category category, boolean critical) {
            return policy.firstResponse(calendar, at(openedAt), category, critical).orElseThrow().dueAt();
        }
    }

    JsonNode preset(String name) throws Exception {
        return json.readTree(Files.readString(Path.of("../deploy/presets/" + name + ".json")));
    }

    /** The preset's first calendar and policy as the service builds them. */
    Preset load(String name) throws Exception {
        JsonNode preset = preset(name);
        var calendar = json.treeToValue(preset.get("calendars").get(0), SlaPolicies.CalendarRequest.class);
        ObjectNode policyJson = preset.get("slaPolicies").get(0).deepCopy();
        policyJson.remove("calendar");
        policyJson.put("calendarId", UUID.randomUUID().toString());
        var p = json.treeToValue(policyJson, SlaPolicies.PolicyRequest.class);
        BusinessCalendar built = BusinessCalendar.parse(ZoneId.of(calendar.timeZone()), calendar.hours(),
                new HashSet<>(calendar.closedDays()));
        SlaPolicy policy = new SlaPolicy(p.firstResponse(), p.followUp() == null ? Map.of() : p.followUp(),
                Optional.ofNullable(p.serviceRequestCutoff()), Optional.ofNullable(p.handlingCutoff()),
                p.handlingWithin() == null ? Duration.ofHours(8) : p.handlingWithin(), Optional.ofNullable(p.criticalWithin()));
        return new Preset(built, policy);
    }

    @Test
    void theCharterCountsSundayToThursdayWithItsSeverityMatrixAndHolidaysR_L1_R_L2_R_L3() throws Exception {
        Preset charter = load("charter");
        assertThat(charter.firstResponse("2026-11-26T15:00", Category.INCIDENT_URGENT, true)).isEqualTo(at("2026-11-29T09:30"));
        assertThat(charter.firstResponse("2026-11-22T09:00", Category.INCIDENT_HIGH, false)).isEqualTo(at("2026-11-22T13:30"));
        assertThat(charter.firstResponse("2026-11-22T09:00", Category.INCIDENT_NORMAL, false)).isEqualTo(at("2026-11-22T15:00"));
        assertThat(charter.firstResponse("2026-11-22T11:00", Category.SERVICE_REQUEST, false)).isEqualTo(at("2026-11-22T17:00"));
        assertThat(charter.policy().nextUpdate(charter.calendar(), at("2026-11-22T09:00"), Category.INCIDENT_URGENT)
                .orElseThrow().dueAt()).isEqualTo(at("2026-11-22T15:00"));
        assertThat(charter.policy().nextUpdate(charter.calendar(), at("2026-11-22T09:00"), Category.INCIDENT_HIGH)
                .orElseThrow().budget()).isEqualTo(Duration.ofHours(48));
        assertThat(charter.policy().nextUpdate(charter.calendar(), at("2026-11-22T09:00"), Category.INCIDENT_NORMAL)
                .orElseThrow().budget()).isEqualTo(Duration.ofHours(120));
        assertThat(charter.calendar().isBusinessDay(LocalDate.of(2026, 9, 13))).isFalse(); // Rosh Hashana (Sunday)
        assertThat(charter.calendar().isBusinessDay(LocalDate.of(2026, 9, 20))).isFalse(); // Yom Kippur eve (Sunday)
    }

    @Test
    void theWebshopTriagesInThreeHoursAndServesCriticalIncidentsAtNightR_L4() throws Exception {
        Preset webshop = load("webshop");
        assertThat(webshop.firstResponse("2026-11-22T16:00", Category.INCIDENT_NORMAL, false)).isEqualTo(at("2026-11-23T11:00"));
        assertThat(webshop.firstResponse("2026-11-27T22:00", Category.INCIDENT_URGENT, true)).isEqualTo(at("2026-11-28T00:00"));
        assertThat(webshop.policy().handlingStart(webshop.calendar(), at("2026-11-22T14:00"), false).orElseThrow().dueAt())
                .isEqualTo(at("2026-11-23T14:00"));
        assertThat(webshop.policy().handlingStart(webshop.calendar(), at("2026-11-22T14:30"), false).orElseThrow().dueAt())
                .isEqualTo(at("2026-11-23T09:00"));
    }

    @Test
    void eachPresetsCalendarsAndPoliciesLoadThroughTheApi() throws Exception {
        String admin = Tokens.withRoles("admin");
        for (String name : List.of("charter", "webshop")) {
            JsonNode preset = preset(name);
            String calendarId = given().auth().oauth2(admin).contentType("application/json")
                    .body(preset.get("calendars").get(0).toString()).post("/api/v1/calendars").then().statusCode(201)
                    .extract().path("id");
            UUID plan = UUID.randomUUID();
            ObjectNode policy = preset.get("slaPolicies").get(0).deepCopy();
            policy.remove("calendar");
            policy.put("calendarId", calendarId);
            policy.put("isDefault", false); // scoped to one plan here, so other tests keep the configured policy
            policy.putArray("planIds").add(plan.toString());
            given().auth().oauth2(admin).contentType("application/json").body(policy.toString())
                    .post("/api/v1/sla-policies").then().statusCode(201);

            UUID account = Accounts.registered(null);
            Accounts.planChanged(account, "JOINED", plan, "MONTHLY", "GOLD", null, false);
            var ticket = given().auth().oauth2(Tokens.customer(account)).contentType("application/json")
                    .body(Map.of("kind", "INCIDENT", "severity", "HIGH", "title", "Checkout slow", "description", "very"))
                    .post("/api/v1/tickets").then().statusCode(201);
            Instant opened = Instant.parse(ticket.extract().path("openedAt"));
            Instant due = Instant.parse(ticket.extract().path("sla.targets.find { it.target == 'FIRST_RESPONSE' }.dueAt"));
            Preset built = load(name);
            assertThat(due).as(name).isEqualTo(built.policy().firstResponse(built.calendar(), opened, Category.INCIDENT_HIGH,
                    false).orElseThrow().dueAt());
        }
    }
}
