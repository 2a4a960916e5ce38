package org.supportdesk.ticket.sla;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.testing.CataloguedEvents;
import org.supportdesk.platform.testing.HeldLocks;
import org.supportdesk.platform.testing.Sql;
import org.supportdesk.platform.testing.TestClock;
import org.supportdesk.platform.testing.Tokens;
import org.supportdesk.ticket.Accounts;
import org.supportdesk.ticket.emergency.Emergencies;
import org.supportdesk.ticket.tickets.TicketWorkflowTest;

/** The support-online preset (application.properties): any ticket answered within 1 hour, around the clock. */
@QuarkusTest
class SlaClocksTest {

    @Inject
    TestClock clock;

    @AfterEach
    void putTheClockBack() {
        clock.reset();
    }

    static final String AGENT = Tokens.agent("T1");

    static Instant firstResponseDue(String ticket) {
        return Instant.parse(given().auth().oauth2(AGENT).get("/api/v1/tickets/" + ticket).then().statusCode(200)
                .extract().path("sla.targets.find { it.target == 'FIRST_RESPONSE' }.dueAt"));
    }

    static long count(String sql, Object... args) {
        return Sql.count(sql, args);
    }

    @Test
    void aPublicAnswerMeetsTheFirstResponseTargetR_L2_R_L5() {
        String ticket = TicketWorkflowTest.open(Accounts.inPlan("MONTHLY", "GOLD"));
        Instant opened = Instant.parse(given().auth().oauth2(AGENT).get("/api/v1/tickets/" + ticket).then()
                .extract().path("openedAt"));
        assertThat(firstResponseDue(ticket)).isEqualTo(opened.plus(Duration.ofHours(1)));
        given().auth().oauth2(AGENT).contentType("application/json").body(Map.of("body", "on it", "internal", true))
                .post("/api/v1/tickets/" + ticket + "/comments").then().statusCode(201);
        assertThat(count("select count(*) from sla_target where ticket_id = ?1 and met_at is null",
                UUID.fromString(ticket))).isEqualTo(1); // an internal note answers nobody
        given().auth().oauth2(AGENT).contentType("application/json").body(Map.of("body", "looking into it"))
                .post("/api/v1/tickets/" + ticket + "/comments").then().statusCode(201);
        given().auth().oauth2(AGENT).get("/api/v1/tickets/" + ticket).then()
                .body("sla.targets[0].metAt", notNullValue());
        assertThat(count("select count(*) from due_timer where kind = 'sla-due' and subject = ?1 and fired_at is null",
                ticket + "/FIRST_RESPONSE")).isZero();
    }

    @Test
    void aMissedTargetIsABreachAndEscalatesOneTierR_L5_R_T8() {
        String ticket = TicketWorkflowTest.open(Accounts.inPlan("MONTHLY", "GOLD"));
        clock.advance(Duration.ofMinutes(61));
        await().atMost(Duration.ofSeconds(30)).until(() -> count("select count(*) from ticket where id = ?1 and tier = 'T2'",
                UUID.fromString(ticket)) == 1);
        assertThat(count("select count(*) from outbox_event where subject = ?1 and type = "
                + "'org.supportdesk.ticket.sla-breached.v1' and payload like '%\"target\":\"FIRST_RESPONSE\"%\"tier\":\"T1\"%'",
                ticket)).isEqualTo(1);
        given().auth().oauth2(AGENT).get("/api/v1/tickets/" + ticket + "/escalations").then().statusCode(200)
                .body("[0].to", equalTo("T2")).body("[0].actor", equalTo("system"));
        given().auth().oauth2(AGENT).get("/api/v1/tickets/" + ticket).then()
                .body("sla.targets[0].breachedAt", notNullValue()).body("tier", equalTo("T2"));
    }

    /**
     * R-L5, R-T8: a change to the ticket committed while its target falls due (here the test holds the
     * ticket, as an agent's transition would) is kept, and the two never wait for each other: the timer
     * pass does not wait for the ticket but gives its claimed timer back, due, so the holder can still
     * move it (as an answer restarting NEXT_UPDATE moves its timer); the breach comes with a later pass,
     * against the ticket as committed, never writing back what it had read before.
     */
    @Test
    void aTicketChangedWhileItsTargetFallsDueKeepsTheChangeAndNeverDeadlocksR_L5_R_T8() throws Exception {
        String ticket = TicketWorkflowTest.open(Accounts.inPlan("MONTHLY", "GOLD"));
        String row = " ticket where id = '" + ticket + "'";
        String timer = "due_timer where kind = 'sla-due' and subject = '" + ticket + "/FIRST_RESPONSE' and fired_at is null";
        long version = count("select xmin::text::bigint from " + timer);
        try (HeldLocks agent = HeldLocks.hold(Sql::connect, "select 1 from" + row + " for update")) {
            clock.advance(Duration.ofMinutes(61));
            // a pass claimed the timer and, the ticket held, gave it back and committed without waiting
            await().atMost(Duration.ofSeconds(30)).until(() -> count("select xmin::text::bigint from " + timer) != version);
            assertThat(count("select count(*) from sla_target where ticket_id = ?1 and breached_at is not null",
                    UUID.fromString(ticket))).isZero();
            assertThat(count("select attempts from " + timer)).isZero();
            assertThat(agent.update("update " + timer.replace(" where", " set due_at = due_at where"))).isEqualTo(1);
            assertThat(agent.update("update" + row.replace(" where", " set title = 'renamed as it fell due' where")))
                    .isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count("select count(*) from ticket where id = ?1 and tier = 'T2'",
                UUID.fromString(ticket)) == 1);
        assertThat(count("select count(*) from ticket where id = ?1 and title = 'renamed as it fell due'",
                UUID.fromString(ticket))).isEqualTo(1);
        assertThat(count("select count(*) from sla_breach where ticket_id = ?1", UUID.fromString(ticket))).isEqualTo(1);
    }

    @Test
    void targetsFallingDueTogetherAreEachBreachedAndEscalatedOnceInOnePassR_L5_R_T8() {
        UUID account = Accounts.inPlan("MONTHLY", "GOLD");
        List<String> late = List.of(TicketWorkflowTest.open(account), TicketWorkflowTest.open(account),
                TicketWorkflowTest.open(account));
        String answered = TicketWorkflowTest.open(account);
        given().auth().oauth2(AGENT).contentType("application/json").body(Map.of("body", "looking into it"))
                .post("/api/v1/tickets/" + answered + "/comments").then().statusCode(201);
        clock.advance(Duration.ofMinutes(61)); // their timers are claimed in one batch, their targets read with one query
        for (String ticket : late) {
            await().atMost(Duration.ofSeconds(30)).until(() -> count("select count(*) from ticket where id = ?1 and tier = 'T2'",
                    UUID.fromString(ticket)) == 1);
            assertThat(count("select count(*) from sla_breach where ticket_id = ?1", UUID.fromString(ticket))).isEqualTo(1);
            assertThat(count("select count(*) from outbox_event where subject = ?1 and type = "
                    + "'org.supportdesk.ticket.sla-breached.v1'", ticket)).isEqualTo(1);
            assertThat(count("select count(*) from ticket_escalation where ticket_id = ?1", UUID.fromString(ticket)))
                    .isEqualTo(1);
        }
        assertThat(count("select count(*) from sla_breach where ticket_id = ?1", UUID.fromString(answered))).isZero();
        given().auth().oauth2(AGENT).get("/api/v1/tickets/" + answered).then().body("tier", equalTo("T1"));
    }

    @Test
    void anEmergencyPausesTheClocksOfTheTicketsItCoversR_E1_R_L5() {
        UUID covered = Accounts.inPlan("MONTHLY", "GOLD");
        UUID other = Accounts.inPlan("MONTHLY", "GOLD");
        String ticket = TicketWorkflowTest.open(covered);
        String elsewhere = TicketWorkflowTest.open(other);
        Instant due = firstResponseDue(ticket);
        UUID emergency = UUID.randomUUID();
        declareNow(emergency, List.of(covered));
        given().auth().oauth2(AGENT).get("/api/v1/tickets/" + ticket).then()
                .body("sla.pausedForEmergency", equalTo(true)).body("sla.targets[0].paused", equalTo(true));
        String openedDuring = TicketWorkflowTest.open(covered);
        given().auth().oauth2(AGENT).get("/api/v1/tickets/" + openedDuring).then()
                .body("sla.paused", equalTo(true));

        clock.advance(Duration.ofHours(2)); // the other account's ticket breaches, the covered ones do not
        await().atMost(Duration.ofSeconds(30)).until(() -> count("select count(*) from sla_target where ticket_id = ?1 "
                + "and breached_at is not null", UUID.fromString(elsewhere)) == 1);
        assertThat(count("select count(*) from sla_target where ticket_id = ?1 and breached_at is not null",
                UUID.fromString(ticket))).isZero();

        end(emergency, clock.instant());
        Instant resumedDue = firstResponseDue(ticket);
        assertThat(Duration.between(due, resumedDue)).isBetween(Duration.ofMinutes(119), Duration.ofMinutes(121));
        given().auth().oauth2(AGENT).get("/api/v1/tickets/" + ticket).then().body("sla.paused", equalTo(false));
    }

    /**
     * R-E1 with R-L5: the clocks resume when the emergency ended, not when ticket-service hears of it
     * (a restart or a backlog between the two): an emergency of 20 minutes told 40 minutes late moves a
     * target 20 minutes, not 60.
     */
    @Test
    void anEmergencyToldLateResumesTheClocksWhenItEndedR_E1_R_L5() {
        UUID covered = Accounts.inPlan("MONTHLY", "GOLD");
        String ticket = TicketWorkflowTest.open(covered);
        Instant due = firstResponseDue(ticket);
        UUID emergency = UUID.randomUUID();
        declareNow(emergency, List.of(covered));
        Instant endedAt = clock.instant().plus(Duration.ofMinutes(20));
        clock.advance(Duration.ofMinutes(60));
        end(emergency, endedAt);
        assertThat(Duration.between(due, firstResponseDue(ticket))).isBetween(Duration.ofMinutes(19), Duration.ofMinutes(21));
        given().auth().oauth2(AGENT).get("/api/v1/tickets/" + ticket).then().body("sla.paused", equalTo(false));
    }

    /**
     * R-E1 with R-L5: the clocks stand still from the emergency's start, not from when ticket-service
     * hears of it: an emergency of 30 minutes told 20 minutes after it started moves a target 30
     * minutes, not 10.
     */
    @Test
    void anEmergencyToldLatePausesTheClocksFromItsStartR_E1_R_L5() {
        UUID covered = Accounts.inPlan("MONTHLY", "GOLD");
        String ticket = TicketWorkflowTest.open(covered);
        Instant due = firstResponseDue(ticket);
        UUID emergency = UUID.randomUUID();
        ObjectNode declared = declared(emergency, List.of(covered)); // starts now
        clock.advance(Duration.ofMinutes(20));
        publish(Emergencies.DECLARED, emergency, declared);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("select count(*) from emergency where id = ?1 "
                + "and started_at is not null", emergency) == 1
                && count("select count(*) from sla_target where ticket_id = ?1 and paused_since is not null",
                        UUID.fromString(ticket)) > 0);
        clock.advance(Duration.ofMinutes(10));
        end(emergency, clock.instant());
        assertThat(Duration.between(due, firstResponseDue(ticket))).isBetween(Duration.ofMinutes(29), Duration.ofMinutes(31));
    }

    /**
     * R-E1: an emergency declared to start later (a maintenance window announced ahead) lasts from its
     * start: until then the covered tickets' clocks run and new tickets start running; at its start they
     * pause, and tickets opened then start paused.
     */
    @Test
    void anEmergencyDeclaredAheadPausesTheClocksFromItsStartR_E1_R_L5() {
        UUID covered = Accounts.inPlan("MONTHLY", "GOLD");
        String ticket = TicketWorkflowTest.open(covered);
        Instant due = firstResponseDue(ticket);
        UUID emergency = UUID.randomUUID();
        ObjectNode ahead = declared(emergency, List.of(covered));
        ahead.put("startsAt", clock.instant().plus(Duration.ofMinutes(30)).toString());
        publish(Emergencies.DECLARED, emergency, ahead);
        given().auth().oauth2(AGENT).get("/api/v1/tickets/" + ticket).then().body("sla.pausedForEmergency", equalTo(false));
        String before = TicketWorkflowTest.open(covered);
        given().auth().oauth2(AGENT).get("/api/v1/tickets/" + before).then().body("sla.paused", equalTo(false));

        clock.advance(Duration.ofMinutes(31));
        await().atMost(Duration.ofSeconds(30)).until(() -> count("select count(*) from ticket where id = ?1 "
                + "and paused_for_emergency", UUID.fromString(ticket)) == 1);
        given().auth().oauth2(AGENT).get("/api/v1/tickets/" + before).then().body("sla.pausedForEmergency", equalTo(true));
        String during = TicketWorkflowTest.open(covered);
        given().auth().oauth2(AGENT).get("/api/v1/tickets/" + during).then().body("sla.paused", equalTo(true));

        // it lasted 20 minutes from its start: the target moves 20 minutes, not the 50 since the declaration
        clock.advance(Duration.ofMinutes(20));
        end(emergency, clock.instant());
        assertThat(Duration.between(due, firstResponseDue(ticket))).isBetween(Duration.ofMinutes(19), Duration.ofMinutes(22));
        given().auth().oauth2(AGENT).get("/api/v1/tickets/" + during).then().body("sla.paused", equalTo(false));
    }

    /**
     * R-E1 with R-L5: a target falling due after an emergency's start whose start timer has not fired
     * (late after an outage, or another worker's at that moment) is not breached: its clock stood
     * still from the start; the target waits for the start, which pauses it (before, whichever timer
     * fired first decided, and the SLA's breached and escalated a ticket the emergency covered).
     */
    @Test
    void aTargetDueAfterAnEmergencysStartWaitsForItWhicheverTimerFiresFirstR_E1_R_L5() {
        UUID covered = Accounts.inPlan("MONTHLY", "GOLD");
        String ticket = TicketWorkflowTest.open(covered);
        UUID emergency = UUID.randomUUID();
        ObjectNode ahead = declared(emergency, List.of(covered));
        ahead.put("startsAt", clock.instant().plus(Duration.ofMinutes(30)).toString()); // before the 60-minute target
        publish(Emergencies.DECLARED, emergency, ahead);
        String startTimer = "update due_timer set due_at = %s where kind = 'emergency-start' and subject = ?1 "
                + "and fired_at is null";
        assertThat(Sql.update(startTimer.formatted("due_at + interval '400 days'"), emergency.toString())).isEqualTo(1);

        Instant due = firstResponseDue(ticket);
        clock.advance(Duration.ofMinutes(61)); // the target's timer is due, the start's is not
        // the target's timer fired and was given back (due again a poll later), the ticket untouched
        await().atMost(Duration.ofSeconds(30)).until(() -> count("select count(*) from due_timer where kind = 'sla-due' "
                + "and subject = ?1 and fired_at is null and due_at > ?2", ticket + "/FIRST_RESPONSE", due) == 1);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> count(
                "select count(*) from ticket where id = ?1 and tier = 'T1' and not exists (select 1 from sla_breach b "
                        + "where b.ticket_id = ticket.id)", UUID.fromString(ticket)) == 1);

        Sql.update(startTimer.formatted("now()"), emergency.toString());
        await().atMost(Duration.ofSeconds(30)).until(() -> count("select count(*) from ticket where id = ?1 "
                + "and paused_for_emergency", UUID.fromString(ticket)) == 1);
        given().auth().oauth2(AGENT).get("/api/v1/tickets/" + ticket).then().body("tier", equalTo("T1"))
                .body("sla.targets.find { it.target == 'FIRST_RESPONSE' }.paused", equalTo(true))
                .body("sla.targets.find { it.target == 'FIRST_RESPONSE' }.breachedAt", org.hamcrest.Matchers.nullValue());
        end(emergency, clock.instant());
    }

    /**
     * R-E1 with R-T6: a ticket resolved when an emergency covering its account was declared, then
     * re-opened by the customer during it, stands still with the others (the declaration paused only
     * the tickets then open) and runs again when the emergency ends.
     */
    @Test
    void aTicketReopenedDuringAnEmergencyStandsStillUntilItEndsR_E1_R_T6() {
        String around = SlaPolicyResourceTest.calendar(List.of("SUN-SAT 00:00-24:00"), List.of());
        UUID plan = UUID.randomUUID();
        Map<String, Object> body = SlaPolicyResourceTest.policy(around, Map.of("INCIDENT_NORMAL", "PT1H"));
        body.put("followUp", Map.of("INCIDENT_NORMAL", "PT1H"));
        body.put("planIds", List.of(plan.toString()));
        SlaPolicyResourceTest.post("/api/v1/sla-policies", body, SlaPolicyResourceTest.ADMIN).statusCode(201);
        UUID covered = Accounts.registered(null);
        Accounts.planChanged(covered, "JOINED", plan, "MONTHLY", "GOLD", null, false);
        String customer = org.supportdesk.platform.testing.Tokens.customer(covered);
        String ticket = given().auth().oauth2(customer).contentType("application/json")
                .body(Map.of("kind", "INCIDENT", "severity", "NORMAL", "title", "Slow", "description", "slow mail"))
                .post("/api/v1/tickets").then().statusCode(201).extract().path("id");
        UUID emergency = resolvedThenCovered(ticket, covered);
        given().auth().oauth2(AGENT).get("/api/v1/tickets/" + ticket).then().body("sla.pausedForEmergency", equalTo(false));

        given().auth().oauth2(customer).contentType("application/json")
                .body(Map.of("to", "IN_PROGRESS", "reason", "still broken"))
                .post("/api/v1/tickets/" + ticket + "/transitions").then().statusCode(200);
        // the follow-up owed from the re-opening stands still, its timer not pending
        given().auth().oauth2(AGENT).get("/api/v1/tickets/" + ticket).then()
                .body("status", equalTo("IN_PROGRESS")).body("sla.pausedForEmergency", equalTo(true))
                .body("sla.targets.find { it.target == 'NEXT_UPDATE' }.paused", equalTo(true));
        String nextUpdate = "select count(*) from due_timer where kind = 'sla-due' and subject = ?1 and fired_at is null";
        assertThat(count(nextUpdate, ticket + "/NEXT_UPDATE")).isZero();

        end(emergency, clock.instant());
        given().auth().oauth2(AGENT).get("/api/v1/tickets/" + ticket).then()
                .body("sla.pausedForEmergency", equalTo(false)).body("sla.paused", equalTo(false))
                .body("sla.targets.find { it.target == 'NEXT_UPDATE' }.paused", equalTo(false));
        assertThat(count(nextUpdate, ticket + "/NEXT_UPDATE")).isEqualTo(1);
    }

    /**
     * R-E1 with R-T6: a ticket re-opened while the emergency covering it ends (here the test holds the
     * emergency's row, as the end's update does, and ends it) waits for the end and is not paused: it
     * never stays paused after the end has resumed the others.
     */
    @Test
    void aTicketReopenedAsTheEmergencyEndsIsNotLeftPausedR_E1_R_T6() throws Exception {
        UUID covered = Accounts.inPlan("MONTHLY", "GOLD");
        String ticket = TicketWorkflowTest.open(covered);
        UUID emergency = resolvedThenCovered(ticket, covered);
        String customer = org.supportdesk.platform.testing.Tokens.customer(covered);
        String row = " emergency where id = '" + emergency + "'";
        java.util.concurrent.CompletableFuture<Integer> reopened;
        try (HeldLocks end = HeldLocks.hold(Sql::connect, "select 1 from" + row + " for update")) {
            reopened = java.util.concurrent.CompletableFuture.supplyAsync(() -> given().auth().oauth2(customer)
                    .contentType("application/json").body(Map.of("to", "IN_PROGRESS", "reason", "still broken"))
                    .post("/api/v1/tickets/" + ticket + "/transitions").then().extract().statusCode());
            end.awaitWaiting(1, Duration.ofSeconds(30)); // the re-opening waits for the emergency's row
            assertThat(end.update("update" + row.replace(" where", " set ended_at = now() where"))).isEqualTo(1);
        }
        assertThat(reopened.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(200);
        assertThat(count("select count(*) from ticket where id = ?1 and status = 'IN_PROGRESS' "
                + "and not paused_for_emergency", UUID.fromString(ticket))).isEqualTo(1);
    }

    /**
     * R-E1 with R-T4: a ticket resolved while an emergency covering it starts (here the test holds the
     * ticket, as the resolved clock's timer would, and resolves it) stays resolved: the start does not
     * wait for the ticket but gives its timer back, and its next pass leaves a finished ticket alone,
     * never writing back what it had read before.
     */
    @Test
    void aTicketResolvedAsAnEmergencyStartsStaysResolvedR_E1_R_T4() throws Exception {
        UUID covered = Accounts.inPlan("MONTHLY", "GOLD");
        String ticket = TicketWorkflowTest.open(covered);
        UUID emergency = UUID.randomUUID();
        String row = " ticket where id = '" + ticket + "'";
        String start = "select count(*) from due_timer where kind = 'emergency-start' and subject = ?1 and fired_at is null";
        try (HeldLocks timer = HeldLocks.hold(Sql::connect, "select 1 from" + row + " for update")) {
            CataloguedEvents.publish("notification-events", UUID.randomUUID(), Emergencies.DECLARED, emergency.toString(),
                    emergency.toString(), declared(emergency, List.of(covered)).toString());
            // the start committed without waiting for the ticket, its timer given back for it
            await().atMost(Duration.ofSeconds(30)).until(() -> count("select count(*) from emergency where id = ?1 "
                    + "and started_at is not null", emergency) == 1);
            assertThat(count(start, emergency.toString())).isEqualTo(1);
            assertThat(timer.update("update" + row.replace(" where", " set status = 'RESOLVED' where"))).isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count(start, emergency.toString()) == 0);
        assertThat(count("select count(*) from ticket where id = ?1 and status = 'RESOLVED' and not paused_for_emergency",
                UUID.fromString(ticket))).isEqualTo(1);
    }

    /** The ticket taken and resolved by an agent, then an emergency declared over its account: the emergency. */
    UUID resolvedThenCovered(String ticket, UUID account) {
        given().auth().oauth2(AGENT).contentType("application/json").body(Map.of("to", "IN_PROGRESS"))
                .post("/api/v1/tickets/" + ticket + "/transitions").then().statusCode(200);
        given().auth().oauth2(AGENT).contentType("application/json").body(Map.of("to", "RESOLVED", "reason", "rebooted"))
                .post("/api/v1/tickets/" + ticket + "/transitions").then().statusCode(200);
        UUID emergency = UUID.randomUUID();
        declareNow(emergency, List.of(account));
        return emergency;
    }

    /** An emergency declared over the accounts, starting now: once its start has paused their tickets. */
    void declareNow(UUID emergency, List<UUID> accounts) {
        publish(Emergencies.DECLARED, emergency, declared(emergency, accounts));
        await().atMost(Duration.ofSeconds(30)).until(() -> count("select count(*) from emergency where id = ?1 "
                + "and started_at is not null", emergency) == 1
                && count("select count(*) from due_timer where kind = 'emergency-start' and subject = ?1 "
                        + "and fired_at is null", emergency.toString()) == 0);
    }

    ObjectNode declared(UUID emergency, List<UUID> accounts) {
        ObjectNode data = CataloguedEvents.sample(Emergencies.DECLARED);
        data.put("emergencyId", emergency.toString());
        data.put("startsAt", clock.instant().toString()); // starts as it is declared
        ObjectNode scope = data.putObject("scope");
        scope.put("allAccounts", false);
        accounts.forEach(a -> scope.withArray("accountIds").add(a.toString()));
        return data;
    }

    /** The emergency's end, as notification-service tells it. */
    static void end(UUID emergency, Instant endedAt) {
        ObjectNode ended = CataloguedEvents.sample(Emergencies.ENDED);
        ended.put("emergencyId", emergency.toString());
        ended.put("endedAt", endedAt.toString());
        publish(Emergencies.ENDED, emergency, ended);
    }

    static void publish(String type, UUID emergency, ObjectNode data) {
        UUID event = UUID.randomUUID();
        CataloguedEvents.publish("notification-events", event, type, emergency.toString(), emergency.toString(),
                data.toString());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Sql.count("select count(*) from processed_event where event_id = ?1", event) == 1);
    }
}
