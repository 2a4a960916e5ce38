package org.supportdesk.ticket.sessions;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.testing.CataloguedEvents;
import org.supportdesk.platform.testing.Sql;
import org.supportdesk.platform.testing.TestClock;
import org.supportdesk.platform.testing.Tokens;
import org.supportdesk.ticket.Accounts;
import org.supportdesk.ticket.tickets.TicketWorkflowTest;

@QuarkusTest
public class SessionResourceTest {

    @Inject
    TestClock clock;

    @AfterEach
    void putTheClockBack() {
        clock.reset();
    }

    /** An agent token with a fixed name, so the same agent can act twice. */
    static String agent(String name) {
        return Tokens.token(name, Set.of("agent"), Map.of("tier", "T1"));
    }

    public static String newAgent() {
        return agent("agent-" + UUID.randomUUID());
    }

    public static ValidatableResponse start(String ticket, String token, Boolean consent) {
        Map<String, Object> body = new HashMap<>();
        body.put("consent", consent);
        return given().auth().oauth2(token).contentType("application/json").body(body)
                .post("/api/v1/tickets/" + ticket + "/sessions").then();
    }

    static ValidatableResponse stop(String ticket, String session, String token, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType("application/json").body(body)
                .post("/api/v1/sessions/" + session + "/stop").then();
    }

    static ValidatableResponse record(String ticket, String token, Instant from, Instant until, String reason) {
        Map<String, Object> body = new HashMap<>(Map.of("startedAt", from.toString(), "endedAt", until.toString(),
                "consent", true));
        if (reason != null) {
            body.put("reason", reason);
        }
        return given().auth().oauth2(token).contentType("application/json").body(body)
                .post("/api/v1/tickets/" + ticket + "/sessions/recorded").then();
    }

    static long closedEvents(String session, String like) {
        return Sql.count("select count(*) from outbox_event where subject = ?1 and type = "
                + "'org.supportdesk.ticket.session-closed.v1' and payload like ?2", session, like);
    }

    @Test
    void aSessionTakesTheTicketAndItsCloseCarriesWhatBillingRatesR_T7_R_S6() {
        UUID account = Accounts.inPlan("MONTHLY", "GOLD");
        String ticket = TicketWorkflowTest.open(account);
        String tal = newAgent();
        String session = start(ticket, tal, true).statusCode(201).body("outsideBusinessHours", equalTo(false))
                .extract().path("id");
        given().auth().oauth2(tal).get("/api/v1/tickets/" + ticket).then().body("status", equalTo("IN_PROGRESS"));
        assertThat(Sql.count("select count(*) from outbox_event where subject = ?1 and type = "
                + "'org.supportdesk.ticket.session-started.v1' and payload like '%\"consent\":true%'", session)).isEqualTo(1);

        stop(ticket, session, tal, Map.of("outcome", "SOLVED")).statusCode(200).body("outcome", equalTo("SOLVED"));
        String plan = given().auth().oauth2(tal).get("/api/v1/tickets/" + ticket).then().extract().path("planId");
        assertThat(closedEvents(session, "%\"planId\":\"" + plan + "\"%\"outcome\":\"SOLVED\"%\"recorded\":false%"))
                .isEqualTo(1);
        // R-S5 with R-S6: the start tells the ticket's plan too (a change due while it runs counts it)
        assertThat(Sql.count("select count(*) from outbox_event where subject = ?1 and type = "
                + "'org.supportdesk.ticket.session-started.v1' and payload like ?2", session,
                "%\"planId\":\"" + plan + "\"%")).isEqualTo(1);
        stop(ticket, session, tal, Map.of()).statusCode(409);
        given().auth().oauth2(Tokens.customer(account)).get("/api/v1/tickets/" + ticket + "/sessions").then()
                .statusCode(200).body("[0].id", equalTo(session));
    }

    /**
     * R-B11, R-B12: a ticket whose handling ends while its session runs ends the session with it, and
     * tells of the session's close before the status change (billing rates the session, then sees the
     * handling ended and invoices it; the other way round it never invoiced it).
     */
    @Test
    void aTicketResolvedDuringItsSessionEndsTheSessionFirstR_B11_R_B12() {
        UUID account = Accounts.inPlan("OCCASIONAL", "GOLD");
        String ticket = TicketWorkflowTest.open(account);
        String tal = newAgent();
        String session = start(ticket, tal, true).statusCode(201).extract().path("id");
        clock.advance(java.time.Duration.ofMinutes(25));
        TicketWorkflowTest.move(ticket, tal, "RESOLVED", null, null).statusCode(200);
        given().auth().oauth2(tal).get("/api/v1/tickets/" + ticket + "/sessions").then().statusCode(200)
                .body("[0].endedAt", org.hamcrest.Matchers.notNullValue())
                .body("[0].seconds", equalTo(25 * 60));
        assertThat(Sql.count("""
                select count(*) from outbox_event c, outbox_event s
                where c.subject = ?1 and c.type = 'org.supportdesk.ticket.session-closed.v1'
                and s.subject = ?2 and s.type = 'org.supportdesk.ticket.ticket-status-changed.v1'
                and s.payload like '%"to":"RESOLVED"%' and c.position < s.position
                and c.partition_key = s.partition_key
                """, session, ticket)).as("session-closed before the status change, same key").isEqualTo(1);
        stop(ticket, session, tal, Map.of()).statusCode(409);
        // no new session until the ticket is handled again
        start(ticket, tal, true).statusCode(409);
    }

    @Test
    void aSessionNeedsConsentAndOneAgentRunsOneSessionR_T7() {
        UUID account = Accounts.inPlan("MONTHLY", "GOLD");
        String first = TicketWorkflowTest.open(account);
        String second = TicketWorkflowTest.open(account);
        String noa = newAgent();
        start(first, noa, false).statusCode(422).body("type", equalTo("https://supportdesk.org/problems/consent-required"));
        start(first, noa, null).statusCode(400).body("violations.field", hasItem("consent"));
        String running = start(first, noa, true).statusCode(201).extract().path("id");
        start(second, noa, true).statusCode(409).body("runningSession", equalTo(running));
        start(first, newAgent(), true).statusCode(409); // the ticket has its session
        stop(first, running, newAgent(), Map.of()).statusCode(403); // another agent's session
        stop(first, running, noa, Map.of()).statusCode(200);
        start(second, noa, true).statusCode(201);
    }

    @Test
    void frozenOrClosedAccountsOpenTicketsButGetNoServiceR_S7_R_S8() {
        UUID account = Accounts.inPlan("MONTHLY", "GOLD");
        Accounts.statusChanged(account, Accounts.FROZEN);
        String ticket = TicketWorkflowTest.open(account);
        start(ticket, newAgent(), true).statusCode(409).body("accountStatus", equalTo("FROZEN"));
        Accounts.statusChanged(account, Accounts.UNFROZEN);
        start(ticket, newAgent(), true).statusCode(201);
    }

    @Test
    void prepaidAccountsHaveOneOpenTicketAndOccasionalOnesAreServedInOpeningOrderR_S3() {
        UUID prepaid = Accounts.inPlan("PREPAID", "SILVER");
        String only = TicketWorkflowTest.open(prepaid);
        given().auth().oauth2(Tokens.customer(prepaid)).contentType("application/json")
                .body(Map.of("kind", "SERVICE_REQUEST", "title", "Another", "description", "x"))
                .post("/api/v1/tickets").then().statusCode(409).body("openTicket", equalTo(only));

        UUID occasional = Accounts.inPlan("OCCASIONAL", "SILVER");
        String older = TicketWorkflowTest.open(occasional);
        String newer = TicketWorkflowTest.open(occasional);
        start(newer, newAgent(), true).statusCode(409).body("servedFirst", equalTo(older));
        start(older, newAgent(), true).statusCode(201);

        UUID monthly = Accounts.inPlan("MONTHLY", "GOLD");
        String a = TicketWorkflowTest.open(monthly);
        String b = TicketWorkflowTest.open(monthly);
        start(b, newAgent(), true).statusCode(201); // MONTHLY: in parallel
        start(a, newAgent(), true).statusCode(201);
    }

    @Test
    void anOccasionalTicketReopenedWhileALaterOneIsServedWaitsForThatSessionR_S3() {
        UUID occasional = Accounts.inPlan("OCCASIONAL", "SILVER");
        String older = TicketWorkflowTest.open(occasional);
        String newer = TicketWorkflowTest.open(occasional);
        String first = newAgent();
        String session = start(older, first, true).statusCode(201).extract().path("id");
        stop(older, session, first, Map.of()).statusCode(200);
        TicketWorkflowTest.move(older, first, "RESOLVED", null, null).statusCode(200);
        String serving = start(newer, newAgent(), true).statusCode(201).extract().path("id");
        // the customer rejects the resolution: the older ticket is first in line again, yet handled after
        TicketWorkflowTest.move(older, Tokens.customer(occasional), "IN_PROGRESS", "still broken", null).statusCode(200);
        start(older, newAgent(), true).statusCode(409)
                .body("type", equalTo("https://supportdesk.org/problems/account-in-session"))
                .body("runningSession", equalTo(serving));
        assertThat(Sql.count("select count(*) from remote_session where account_id = ?1 and ended_at is null",
                occasional)).isEqualTo(1);
    }

    @Test
    void aRecordedSessionOverlappingAnotherOnItsTicketIsRefusedR_T7_R_B1() {
        UUID account = Accounts.inPlan("MONTHLY", "GOLD");
        String ticket = TicketWorkflowTest.open(account);
        clock.advance(java.time.Duration.ofHours(2));
        Instant end = clock.instant().minusSeconds(600).truncatedTo(ChronoUnit.SECONDS);
        record(ticket, newAgent(), end.minusSeconds(1800), end, "by phone").statusCode(201);
        // another agent's session on the same ticket, overlapping it: the same minutes billed twice
        record(ticket, newAgent(), end.minusSeconds(1200), end.plusSeconds(300), "by phone too").statusCode(409)
                .body("type", equalTo("https://supportdesk.org/problems/session-overlaps"));
        record(ticket, newAgent(), end, end.plusSeconds(300), "right after").statusCode(201);
    }

    /**
     * R-T7: an agent in a live session records an earlier one, on another ticket and on the live one's
     * (before, the past session was written as running first and broke the one-running-session rule:
     * 409 on every try); R-T4: a session from before the agent asked the customer to act is no reply,
     * so the wait stands.
     */
    @Test
    void anAgentInALiveSessionRecordsEarlierOnesAndAWaitOnTheCustomerStandsR_T7_R_T4() {
        UUID account = Accounts.inPlan("MONTHLY", "GOLD");
        String live = TicketWorkflowTest.open(account);
        String waiting = TicketWorkflowTest.open(account);
        String avi = newAgent();
        clock.advance(java.time.Duration.ofHours(2));
        Instant end = clock.instant().minusSeconds(3600).truncatedTo(ChronoUnit.SECONDS);
        TicketWorkflowTest.move(waiting, avi, "IN_PROGRESS", null, null).statusCode(200);
        TicketWorkflowTest.move(waiting, avi, "PENDING_CUSTOMER", "please reboot and tell us", null).statusCode(200);
        String running = start(live, avi, true).statusCode(201).extract().path("id");

        record(waiting, avi, end.minusSeconds(1800), end, "by phone, before asking").statusCode(201)
                .body("seconds", equalTo(1800));
        record(live, avi, end.minusSeconds(2400), end.minusSeconds(2100), "by phone, earlier").statusCode(201);
        given().auth().oauth2(avi).get("/api/v1/tickets/" + waiting).then().body("status", equalTo("PENDING_CUSTOMER"));
        assertThat(Sql.count("select count(*) from remote_session where ticket_id = ?1 and ended_at is null",
                UUID.fromString(live))).isEqualTo(1);
        assertThat(Sql.count("select count(*) from remote_session where id = ?1 and ended_at is null",
                UUID.fromString(running))).isEqualTo(1);
        // a session (another agent's) that went on after the wait began is the customer's reply (R-T4)
        clock.advance(java.time.Duration.ofMinutes(10));
        record(waiting, newAgent(), clock.instant().minusSeconds(120), clock.instant().minusSeconds(60), "called back")
                .statusCode(201);
        given().auth().oauth2(avi).get("/api/v1/tickets/" + waiting).then().body("status", equalTo("IN_PROGRESS"));
    }

    @Test
    void aPrepaidAccountsConcurrentOpeningsOpenOneTicketR_S3() throws Exception {
        UUID prepaid = Accounts.inPlan("PREPAID", "SILVER");
        String token = Tokens.customer(prepaid);
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String title = "At once " + i;
                answers.add(clients.submit(() -> given().auth().oauth2(token).contentType("application/json")
                        .body(Map.of("kind", "SERVICE_REQUEST", "title", title, "description", "x"))
                        .post("/api/v1/tickets").then().extract().statusCode()));
            }
            java.util.List<Integer> codes = new java.util.ArrayList<>();
            for (var answer : answers) {
                codes.add(answer.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            // each opening reads the account's open tickets after it holds the account's row
            assertThat(codes).containsOnly(201, 409).filteredOn(code -> code == 201).hasSize(1);
        } finally {
            clients.shutdownNow();
        }
        assertThat(Sql.count("select count(*) from ticket where account_id = ?1", prepaid)).isEqualTo(1);
        assertThat(Sql.count("select count(*) from outbox_event where type = 'org.supportdesk.ticket.ticket-opened.v1' "
                + "and partition_key = ?1", prepaid.toString())).isEqualTo(1);
    }

    @Test
    void anAgentRecordsAPastSessionWithAReasonR_T7() {
        UUID account = Accounts.inPlan("MONTHLY", "GOLD");
        String ticket = TicketWorkflowTest.open(account);
        String avi = newAgent();
        clock.advance(java.time.Duration.ofMinutes(10)); // the session ran on the ticket, after it was opened
        Instant end = clock.instant().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        Instant start = end.minusSeconds(61);
        given().auth().oauth2(avi).contentType("application/json")
                .body(Map.of("startedAt", start.toString(), "endedAt", end.toString(), "consent", false))
                .post("/api/v1/tickets/" + ticket + "/sessions/recorded").then().statusCode(422);
        record(ticket, avi, end, start, "phone call").statusCode(400).body("violations.field", hasItem("endedAt"));
        record(ticket, avi, start, clock.instant().plusSeconds(600), "phone call").statusCode(422);
        record(ticket, avi, start.minusSeconds(3600), start.minusSeconds(3500), "before the ticket").statusCode(422)
                .body("type", equalTo("https://supportdesk.org/problems/session-before-ticket"));
        String session = record(ticket, avi, start, end, "the remote tool crashed; timed by phone").statusCode(201)
                .body("seconds", equalTo(61)).body("recordedReason", equalTo("the remote tool crashed; timed by phone"))
                .extract().path("id");
        assertThat(closedEvents(session, "%\"seconds\":61%\"recorded\":true%")).isEqualTo(1);
        record(ticket, avi, start.plusSeconds(30), end.plusSeconds(10), "overlapping").statusCode(409);
        record(ticket, Tokens.customer(account), start, end, "me").statusCode(403);
        given().auth().oauth2(Tokens.customer(UUID.randomUUID())).contentType("application/json").body(Map.of())
                .post("/api/v1/sessions/" + session + "/stop").then().statusCode(403);
        stop(ticket, UUID.randomUUID().toString(), avi, Map.of()).statusCode(404);
    }

    @Test
    void aTicketOpenedBeforeJoiningIsServedUnderThePlanJoinedLater() {
        UUID account = Accounts.registered(null);
        String ticket = TicketWorkflowTest.open(account);
        start(ticket, newAgent(), true).statusCode(409)
                .body("type", equalTo("https://supportdesk.org/problems/account-without-plan"));
        UUID plan = Accounts.planChanged(account, "JOINED", UUID.randomUUID(), "MONTHLY", "GOLD", null, false);
        start(ticket, newAgent(), true).statusCode(201);
        given().auth().oauth2(newAgent()).get("/api/v1/tickets/" + ticket).then().body("planId", equalTo(plan.toString()));
    }

    @Test
    void customersAndOtherTenantsCannotRunSessions() {
        UUID account = Accounts.inPlan("MONTHLY", "GOLD");
        String ticket = TicketWorkflowTest.open(account);
        start(ticket, Tokens.customer(account), true).statusCode(403);
        given().auth().oauth2(Tokens.customer(UUID.randomUUID())).get("/api/v1/tickets/" + ticket + "/sessions").then()
                .statusCode(404);
    }

    @Test
    void theSessionClosedEventMatchesTheCataloguedSample() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper().registerModule(
                new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
                .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        var sample = CataloguedEvents.sample(SessionEvents.CLOSED);
        var read = json.treeToValue(sample, SessionEvents.SessionClosed.class);
        assertThat(json.readTree(json.writeValueAsString(read))).isEqualTo(sample);
    }
}
