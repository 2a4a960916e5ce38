package org.supportdesk.ticket.sla;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.testing.Tokens;
import org.supportdesk.ticket.Accounts;
import org.supportdesk.ticket.tickets.TicketWorkflowTest;

@QuarkusTest
class SlaPolicyResourceTest {

    @jakarta.inject.Inject
    org.supportdesk.platform.testing.TestClock clock;

    @org.junit.jupiter.api.AfterEach
    void putTheClockBack() {
        clock.reset();
    }

    static final String ADMIN = Tokens.withRoles("admin");

    static ValidatableResponse post(String path, Map<String, Object> body, String token) {
        return given().auth().oauth2(token).contentType("application/json").body(body).post(path).then();
    }

    static String calendar(List<String> hours, List<String> closed) {
        return post("/api/v1/calendars", Map.of("name", "cal " + UUID.randomUUID(), "timeZone", "Asia/Jerusalem",
                "hours", hours, "closedDays", closed), ADMIN).statusCode(201).extract().path("id");
    }

    static Map<String, Object> policy(String calendar, Map<String, String> firstResponse) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "policy " + UUID.randomUUID());
        body.put("calendarId", calendar);
        body.put("firstResponse", firstResponse);
        return body;
    }

    @Test
    void aPlansPolicyGovernsTheTicketsOpenedUnderItR_L1_R_L2() {
        String charter = calendar(List.of("SUN-THU 08:30-17:00"), List.of("2026-12-25"));
        UUID plan = UUID.randomUUID();
        Map<String, Object> body = policy(charter, Map.of("INCIDENT_URGENT", "PT3H", "INCIDENT_HIGH", "PT4H30M",
                "INCIDENT_NORMAL", "PT6H"));
        body.put("followUp", Map.of("INCIDENT_URGENT", "PT6H"));
        body.put("planIds", List.of(plan.toString()));
        String id = post("/api/v1/sla-policies", body, ADMIN).statusCode(201)
                .body("firstResponse.INCIDENT_HIGH", equalTo("PT4H30M")).extract().path("id");
        given().auth().oauth2(Tokens.agent("T1")).get("/api/v1/sla-policies/" + id).then().statusCode(200)
                .body("calendarId", equalTo(charter));

        UUID account = Accounts.registered(null);
        Accounts.planChanged(account, "JOINED", plan, "MONTHLY", "GOLD", null, false);
        String ticket = given().auth().oauth2(Tokens.customer(account)).contentType("application/json")
                .body(Map.of("kind", "INCIDENT", "severity", "URGENT", "title", "Server down", "description", "all of it"))
                .post("/api/v1/tickets").then().statusCode(201).extract().path("id");
        var view = given().auth().oauth2(Tokens.agent("T1")).get("/api/v1/tickets/" + ticket).then().statusCode(200);
        Instant opened = Instant.parse(view.extract().path("openedAt"));
        Instant due = Instant.parse(view.extract().path("sla.targets.find { it.target == 'FIRST_RESPONSE' }.dueAt"));
        BusinessCalendar expected = BusinessCalendar.parse(ZoneId.of("Asia/Jerusalem"), List.of("SUN-THU 08:30-17:00"),
                Set.of(java.time.LocalDate.of(2026, 12, 25)));
        assertThat(due).isEqualTo(expected.add(opened, Duration.ofHours(3)));

        // another plan's ticket keeps the configured (or default) policy: one hour around the clock
        String other = TicketWorkflowTest.open(Accounts.inPlan("MONTHLY", "GOLD"));
        var otherView = given().auth().oauth2(Tokens.agent("T1")).get("/api/v1/tickets/" + other).then();
        assertThat(Duration.between(Instant.parse(otherView.extract().path("openedAt")),
                Instant.parse(otherView.extract().path("sla.targets[0].dueAt")))).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aMissedFollowUpStaysABreachAfterTheNextUpdateR_L2_R_L5() {
        String around = calendar(List.of("SUN-SAT 00:00-24:00"), List.of());
        UUID plan = UUID.randomUUID();
        Map<String, Object> body = policy(around, Map.of("INCIDENT_NORMAL", "PT1H"));
        body.put("followUp", Map.of("INCIDENT_NORMAL", "PT1H"));
        body.put("escalateOnBreach", false);
        body.put("planIds", List.of(plan.toString()));
        post("/api/v1/sla-policies", body, ADMIN).statusCode(201);
        UUID account = Accounts.registered(null);
        Accounts.planChanged(account, "JOINED", plan, "MONTHLY", "GOLD", null, false);
        String ticket = given().auth().oauth2(Tokens.customer(account)).contentType("application/json")
                .body(Map.of("kind", "INCIDENT", "severity", "NORMAL", "title", "Slow", "description", "slow mail"))
                .post("/api/v1/tickets").then().statusCode(201).extract().path("id");
        String agent = Tokens.agent("T1");
        given().auth().oauth2(agent).contentType("application/json").body(Map.of("body", "looking into it"))
                .post("/api/v1/tickets/" + ticket + "/comments").then().statusCode(201);
        // nobody updates the customer within the hour: the follow-up target is missed
        clock.advance(Duration.ofMinutes(61));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> org.supportdesk.platform.testing.Sql
                .count("select count(*) from sla_breach where ticket_id = ?1 and target = 'NEXT_UPDATE'",
                        UUID.fromString(ticket)) == 1);
        // the late update starts the next follow-up; the breach it ends stays on the record
        given().auth().oauth2(agent).contentType("application/json").body(Map.of("body", "still on it"))
                .post("/api/v1/tickets/" + ticket + "/comments").then().statusCode(201);
        given().auth().oauth2(agent).get("/api/v1/tickets/" + ticket).then().statusCode(200)
                .body("sla.targets.find { it.target == 'NEXT_UPDATE' }.breachedAt", org.hamcrest.Matchers.nullValue());
        given().auth().oauth2(Tokens.customer(account)).get("/api/v1/tickets/" + ticket + "/history").then().statusCode(200)
                .body("findAll { it.kind == 'SLA_BREACH' }.summary", hasItem(org.hamcrest.Matchers.startsWith("NEXT_UPDATE")));
        given().auth().oauth2(agent).get("/api/v1/tickets?breached=true&accountId=" + account).then().statusCode(200)
                .body("items.id", hasItem(ticket));
        given().auth().oauth2(agent).get("/api/v1/tickets?breached=false&accountId=" + account).then().statusCode(200)
                .body("items", org.hamcrest.Matchers.hasSize(0));
    }

    @Test
    void aDefaultPolicyGovernsTicketsOfPlansWithoutOne() {
        // the same figures as the configured support-online policy, so other tests keep their expectations
        String around = calendar(List.of("SUN-SAT 00:00-24:00"), List.of("2026-09-21", "2027-10-11"));
        Map<String, Object> body = policy(around, Map.of("INCIDENT_URGENT", "PT1H", "INCIDENT_HIGH", "PT1H",
                "INCIDENT_NORMAL", "PT1H", "SERVICE_REQUEST", "PT1H"));
        body.put("isDefault", true);
        String id = post("/api/v1/sla-policies", body, ADMIN).statusCode(201).extract().path("id");
        String ticket = TicketWorkflowTest.open(Accounts.inPlan("MONTHLY", "SILVER"));
        assertThat(org.supportdesk.platform.testing.Sql.count("select count(*) from ticket where id = ?1 and sla_policy_id is not null",
                UUID.fromString(ticket))).isEqualTo(1);
        given().auth().oauth2(Tokens.withRoles("ops")).get("/api/v1/sla-policies").then().statusCode(200)
                .body("id", hasItem(id));
    }

    @Test
    void badCalendarsAndPoliciesAnswer4xxAndOnlyAdminsMakeThem() {
        post("/api/v1/calendars", Map.of("name", "x", "hours", List.of("weekdays 9-5")), ADMIN).statusCode(400)
                .body("violations.field", hasItem(org.hamcrest.Matchers.startsWith("hours[0]")));
        post("/api/v1/calendars", Map.of("name", "x", "hours", List.of("SUN 17:00-09:00")), ADMIN).statusCode(422);
        // hours that look like times but are none: refused, never a 500
        post("/api/v1/calendars", Map.of("name", "x", "hours", List.of("SUN 08:00-25:00")), ADMIN).statusCode(422)
                .body("type", org.hamcrest.Matchers.endsWith("/invalid-calendar"));
        post("/api/v1/calendars", Map.of("name", "x", "hours", List.of("SUN 08:61-17:00")), ADMIN).statusCode(422);
        java.util.List<String> aNullLine = new java.util.ArrayList<>();
        aNullLine.add(null); // was a 500
        post("/api/v1/calendars", Map.of("name", "x", "hours", aNullLine), ADMIN).statusCode(400)
                .body("violations.field", hasItem(org.hamcrest.Matchers.startsWith("hours[0]")));
        post("/api/v1/calendars", Map.of("name", "x", "hours", List.of("SUN 09:00-17:00"), "timeZone", "Mars/Base"), ADMIN)
                .statusCode(400);
        post("/api/v1/calendars", Map.of("name", "x", "hours", List.of("SUN 09:00-17:00")), Tokens.agent("T1"))
                .statusCode(403);
        String cal = calendar(List.of("SUN-THU 09:00-17:00"), List.of());
        post("/api/v1/sla-policies", policy(UUID.randomUUID().toString(), Map.of("INCIDENT_HIGH", "PT1H")), ADMIN)
                .statusCode(422);
        post("/api/v1/sla-policies", policy(cal, Map.of("INCIDENT_HIGH", "-PT1H")), ADMIN).statusCode(400);
        post("/api/v1/sla-policies", policy(cal, Map.of("INCIDENT_WHATEVER", "PT1H")), ADMIN).statusCode(400);
        given().auth().oauth2(Tokens.customer(UUID.randomUUID())).get("/api/v1/calendars").then().statusCode(403);
        given().auth().oauth2(ADMIN).get("/api/v1/calendars/" + UUID.randomUUID()).then().statusCode(404);
    }
}
