package org.supportdesk.ticket.tickets;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.testing.HeldLocks;
import org.supportdesk.platform.testing.Sql;
import org.supportdesk.platform.testing.TestClock;
import org.supportdesk.platform.testing.Tokens;
import org.supportdesk.ticket.Accounts;

@QuarkusTest
public class TicketWorkflowTest {

    @Inject
    TestClock clock;

    @AfterEach
    void putTheClockBack() {
        clock.reset();
    }

    static final String AGENT = Tokens.agent("T1");

    public static String open(UUID account) {
        return given().auth().oauth2(Tokens.customer(account)).contentType("application/json")
                .body(Map.of("kind", "SERVICE_REQUEST", "title", "New mailbox", "description", "Please add one"))
                .post("/api/v1/tickets").then().statusCode(201).extract().path("id");
    }

    public static ValidatableResponse move(String ticket, String token, String to, String reason, String vendorNumber) {
        Map<String, Object> body = new HashMap<>();
        body.put("to", to);
        if (reason != null) {
            body.put("reason", reason);
        }
        if (vendorNumber != null) {
            body.put("vendorTicketNumber", vendorNumber);
        }
        return given().auth().oauth2(token).contentType("application/json").body(body)
                .post("/api/v1/tickets/" + ticket + "/transitions").then();
    }

    static long events(String ticket, String type, String like) {
        return Sql.count("select count(*) from outbox_event where subject = ?1 and type = ?2 and payload like ?3",
                ticket, type, like);
    }

    @Test
    void agentsMoveTicketsThroughTheModelAndEveryStepIsAuditedR_T2_R_T5() {
        UUID account = Accounts.inPlan("MONTHLY", "GOLD");
        String ticket = open(account);
        move(ticket, AGENT, "IN_PROGRESS", null, null).statusCode(200).body("status", equalTo("IN_PROGRESS"));
        move(ticket, AGENT, "PENDING_VENDOR", null, null).statusCode(422)
                .body("type", equalTo("https://supportdesk.org/problems/vendor-ticket-number-required"));
        move(ticket, AGENT, "PENDING_VENDOR", "vendor fixes the driver", "VND-1").statusCode(200)
                .body("vendorTicketNumber", equalTo("VND-1"));
        move(ticket, AGENT, "NEW", null, null).statusCode(409).contentType("application/problem+json")
                .body("status", equalTo("PENDING_VENDOR"));
        given().auth().oauth2(Tokens.customer(account)).get("/api/v1/tickets/" + ticket + "/history").then()
                .statusCode(200).body("kind", contains("OPENED", "STATUS", "STATUS", "ESCALATION")); // R-T5: to T4
        given().auth().oauth2(Tokens.customer(account)).get("/api/v1/tickets/" + ticket).then().statusCode(200)
                .body("transitions.to", contains("NEW", "IN_PROGRESS", "PENDING_VENDOR"))
                .body("transitions[2].reason", equalTo("vendor fixes the driver"))
                .body("transitions[2].actorRole", equalTo("agent"));
        assertThat(events(ticket, TicketEvents.STATUS_CHANGED, "%\"to\":\"PENDING_VENDOR\"%\"vendorTicketNumber\":\"VND-1\"%"))
                .isEqualTo(1);
    }

    @Test
    void theCustomerCancelsWhileNewAndOnlyAnAgentOnceTakenR_T3() {
        UUID account = Accounts.inPlan("MONTHLY", "GOLD");
        String fresh = open(account);
        move(fresh, Tokens.customer(account), "CANCELLED", null, null).statusCode(200).body("status", equalTo("CANCELLED"));

        String taken = open(account);
        move(taken, AGENT, "IN_PROGRESS", null, null).statusCode(200);
        move(taken, Tokens.customer(account), "CANCELLED", null, null).statusCode(403)
                .body("type", equalTo("https://supportdesk.org/problems/transition-forbidden"));
        move(taken, AGENT, "CANCELLED", null, null).statusCode(422);
        move(taken, AGENT, "CANCELLED", "the customer asked by phone", null).statusCode(200);
        move(taken, AGENT, "IN_PROGRESS", null, null).statusCode(409); // CANCELLED is final
    }

    @Test
    void anotherTenantsTicketIsNotFoundAndBadInputIs400() {
        String ticket = open(Accounts.inPlan("MONTHLY", "GOLD"));
        move(ticket, Tokens.customer(UUID.randomUUID()), "CANCELLED", null, null).statusCode(404);
        move(ticket, AGENT, "SOLVED_BY_MAGIC", null, null).statusCode(400);
        given().auth().oauth2(AGENT).contentType("application/json").body("{}")
                .post("/api/v1/tickets/" + ticket + "/transitions").then().statusCode(400);
        given().contentType("application/json").body(Map.of("to", "CANCELLED"))
                .post("/api/v1/tickets/" + ticket + "/transitions").then().statusCode(401);
    }

    @Test
    void internalCommentsAreForStaffAndACustomersReplyEndsItsWaitR_T4() {
        UUID account = Accounts.inPlan("MONTHLY", "GOLD");
        String ticket = open(account);
        String customer = Tokens.customer(account);
        move(ticket, AGENT, "IN_PROGRESS", null, null).statusCode(200);
        given().auth().oauth2(AGENT).contentType("application/json").body(Map.of("body", "check the DNS", "internal", true))
                .post("/api/v1/tickets/" + ticket + "/comments").then().statusCode(201).body("visibility", equalTo("INTERNAL"));
        given().auth().oauth2(customer).contentType("application/json").body(Map.of("body", "psst", "internal", true))
                .post("/api/v1/tickets/" + ticket + "/comments").then().statusCode(403);
        move(ticket, AGENT, "PENDING_CUSTOMER", "please send a screenshot", null).statusCode(200);
        given().auth().oauth2(customer).contentType("application/json").body(Map.of("body", "here it is"))
                .post("/api/v1/tickets/" + ticket + "/comments").then().statusCode(201);
        given().auth().oauth2(customer).get("/api/v1/tickets/" + ticket).then().body("status", equalTo("IN_PROGRESS"));
        given().auth().oauth2(customer).get("/api/v1/tickets/" + ticket + "/comments").then().statusCode(200)
                .body("body", contains("here it is"));
        given().auth().oauth2(AGENT).get("/api/v1/tickets/" + ticket + "/comments").then().body("$", hasSize(2));
        given().auth().oauth2(customer).get("/api/v1/tickets/" + ticket + "/history").then().statusCode(200)
                .body("kind", org.hamcrest.Matchers.not(hasItem("INTERNAL_COMMENT")));
        given().auth().oauth2(AGENT).get("/api/v1/tickets/" + ticket + "/history").then().statusCode(200)
                .body("kind", hasItem("INTERNAL_COMMENT"));
        assertThat(Sql.count("select count(*) from due_timer where kind = ?1 and subject = ?2 and fired_at is null",
                TicketWorkflow.PENDING_CUSTOMER_TIMER, ticket)).isZero();
    }

    @Test
    void anUnansweredTicketGetsTwoMoreContactAttemptsThenResolvesThenClosesR_T4_R_T6() {
        UUID account = Accounts.inPlan("MONTHLY", "GOLD");
        String ticket = open(account);
        move(ticket, AGENT, "IN_PROGRESS", null, null).statusCode(200);
        move(ticket, AGENT, "PENDING_CUSTOMER", "please reboot and tell us", null).statusCode(200);
        // the default calendar is around the clock: 2 business days are 2 days (no Yom Kippur in view)
        assertThat(Sql.count("select count(*) from due_timer where kind = ?1 and subject = ?2 and fired_at is null "
                + "and due_at > now() + interval '47 hours' and due_at < now() + interval '49 hours'",
                TicketWorkflow.PENDING_CUSTOMER_TIMER, ticket)).isEqualTo(1);

        // two business days later the first attempt fires; what comes next is a row in the database,
        // nothing in memory, so a restart of the service between the stages loses nothing
        clock.advance(Duration.ofDays(2).plusMinutes(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> events(ticket, TicketEvents.CUSTOMER_PROMPTED,
                "%\"attempt\":1%") == 1);
        assertThat(Sql.count("select count(*) from due_timer where kind = ?1 and subject = ?2 and fired_at is null "
                + "and payload = '2' and due_at = (select status_since from ticket where id = ?3) + interval '4 days'",
                TicketWorkflow.PENDING_CUSTOMER_TIMER, ticket, UUID.fromString(ticket))).isEqualTo(1);

        clock.advance(Duration.ofDays(5));
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count(
                "select count(*) from ticket where id = ?1 and status = 'RESOLVED'", UUID.fromString(ticket)) == 1);
        assertThat(events(ticket, TicketEvents.CUSTOMER_PROMPTED, "%\"prompt\":\"CONTACT_ATTEMPT\"%")).isEqualTo(2);
        assertThat(events(ticket, TicketEvents.STATUS_CHANGED, "%\"to\":\"RESOLVED\"%\"actor\":\"system\"%")).isEqualTo(1);

        clock.advance(Duration.ofDays(7));
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count(
                "select count(*) from ticket where id = ?1 and status = 'CLOSED'", UUID.fromString(ticket)) == 1);
        assertThat(events(ticket, TicketEvents.CUSTOMER_PROMPTED, "%\"prompt\":\"CONFIRMATION_REQUEST\"%")).isEqualTo(1);
        assertThat(events(ticket, TicketEvents.CUSTOMER_PROMPTED, "%\"prompt\":\"CONFIRMATION_REMINDER\"%")).isEqualTo(1);
    }

    /**
     * R-T4: the contact attempt due while the ticket is held (here by the test, as an agent's change of
     * status would) is not waited for: its timer is given back and fires once the ticket is free, so the
     * holder may still move the clock's timer, as a status change does, without a deadlock.
     */
    @Test
    void aContactAttemptDueWhileTheTicketIsHeldComesOnceItIsFreeR_T4() throws Exception {
        String ticket = open(Accounts.inPlan("MONTHLY", "GOLD"));
        move(ticket, AGENT, "IN_PROGRESS", null, null).statusCode(200);
        move(ticket, AGENT, "PENDING_CUSTOMER", "please reboot and tell us", null).statusCode(200);
        String timer = "due_timer where kind = '" + TicketWorkflow.PENDING_CUSTOMER_TIMER + "' and subject = '" + ticket
                + "' and fired_at is null";
        long version = Sql.count("select xmin::text::bigint from " + timer);
        try (HeldLocks agent = HeldLocks.hold(Sql::connect, "select 1 from ticket where id = '" + ticket + "' for update")) {
            clock.advance(Duration.ofDays(2).plusMinutes(1));
            // a pass claimed the clock's timer and, the ticket held, gave it back and committed without waiting
            await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count("select xmin::text::bigint from " + timer) != version);
            assertThat(events(ticket, TicketEvents.CUSTOMER_PROMPTED, "%")).isZero();
            assertThat(agent.update("update " + timer.replace(" where", " set due_at = due_at where"))).isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> events(ticket, TicketEvents.CUSTOMER_PROMPTED,
                "%\"attempt\":1%") == 1);
        assertThat(Sql.count("select count(*) from due_timer where kind = ?1 and subject = ?2 and fired_at is null "
                + "and payload = '2'", TicketWorkflow.PENDING_CUSTOMER_TIMER, ticket)).isEqualTo(1);
    }

    @Test
    void theCustomerConfirmsOrRejectsAResolutionR_T6() {
        UUID account = Accounts.inPlan("MONTHLY", "GOLD");
        String customer = Tokens.customer(account);
        String ticket = open(account);
        move(ticket, AGENT, "IN_PROGRESS", null, null).statusCode(200);
        move(ticket, AGENT, "RESOLVED", "replaced the cable", null).statusCode(200);
        move(ticket, customer, "IN_PROGRESS", "still broken", null).statusCode(200);
        move(ticket, AGENT, "RESOLVED", "replaced the switch", null).statusCode(200);
        move(ticket, customer, "CLOSED", "works, thanks", null).statusCode(200).body("status", equalTo("CLOSED"));
        assertThat(Sql.count("select count(*) from due_timer where kind = ?1 and subject = ?2 and fired_at is null",
                TicketWorkflow.RESOLVED_TIMER, ticket)).isZero();
    }

    @Test
    void aNotStartedTicketOfACommittingPlanIsReopenedUnderTheNewPlanR_S6() {
        UUID account = Accounts.registered(null);
        UUID gold = Accounts.planChanged(account, "JOINED", UUID.randomUUID(), "MONTHLY", "GOLD", null, false);
        String waiting = open(account);
        String started = open(account);
        move(started, AGENT, "IN_PROGRESS", null, null).statusCode(200);

        UUID silver = Accounts.planChanged(account, "DOWNGRADE", UUID.randomUUID(), "MONTHLY", "SILVER", gold, true);

        given().auth().oauth2(AGENT).get("/api/v1/tickets/" + waiting).then().body("status", equalTo("CLOSED"))
                .body("transitions[1].actor", equalTo("system"));
        assertThat(Sql.count("select count(*) from ticket where reopened_from = ?1 and plan_id = ?2 and status = 'NEW'",
                UUID.fromString(waiting), silver)).isEqualTo(1);
        // R-L4: the copy keeps the time the customer reported it (critical or not by that)
        assertThat(Sql.count("select count(*) from ticket c join ticket o on o.id = c.reopened_from "
                + "where o.id = ?1 and c.reported_at = o.opened_at", UUID.fromString(waiting))).isEqualTo(1);
        given().auth().oauth2(AGENT).get("/api/v1/tickets/" + started).then().body("status", equalTo("IN_PROGRESS"))
                .body("planId", equalTo(gold.toString()));
    }

    @Test
    void aClosedAccountsNotStartedTicketsAreCancelledR_S8() {
        UUID account = Accounts.inPlan("MONTHLY", "GOLD");
        String waiting = open(account);
        String started = open(account);
        move(started, AGENT, "IN_PROGRESS", null, null).statusCode(200);
        Accounts.statusChanged(account, Accounts.CLOSED);
        given().auth().oauth2(AGENT).get("/api/v1/tickets/" + waiting).then().body("status", equalTo("CANCELLED"))
                .body("transitions[1].reason", equalTo("R-S8: the account closed before the ticket was started"));
        given().auth().oauth2(AGENT).get("/api/v1/tickets/" + started).then().body("status", equalTo("IN_PROGRESS"));
        // a new ticket could never be handled, and its SLA targets would breach and escalate it for nothing
        given().auth().oauth2(AGENT).contentType("application/json")
                .body(Map.of("accountId", account.toString(), "kind", "SERVICE_REQUEST", "title", "After closing",
                        "description", "x"))
                .post("/api/v1/tickets").then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://supportdesk.org/problems/account-closed"));
        assertThat(Sql.count("select count(*) from ticket where account_id = ?1", account)).isEqualTo(2);
    }

    @Test
    void listsAreScopedFilteredAndTheQueueServesTheOldestFirstR_S3() {
        UUID account = Accounts.inPlan("OCCASIONAL", "SILVER");
        String first = open(account);
        String second = open(account);
        String third = open(account);
        move(third, Tokens.customer(account), "CANCELLED", null, null).statusCode(200);
        given().auth().oauth2(AGENT).get("/api/v1/tickets?accountId=" + account + "&status=NEW&order=queue").then()
                .statusCode(200).body("total", equalTo(2)).body("items.id", contains(first, second));
        String next = given().auth().oauth2(AGENT).get("/api/v1/tickets?accountId=" + account + "&order=queue&size=1")
                .then().statusCode(200).body("items.id", contains(first)).extract().path("nextCursor");
        given().auth().oauth2(AGENT).get("/api/v1/tickets?accountId=" + account + "&order=queue&size=1&cursor=" + next)
                .then().statusCode(200).body("items.id", contains(second));
        given().auth().oauth2(AGENT).get("/api/v1/tickets?cursor=garbage").then().statusCode(400);
        // a cursor made by hand beyond the years any ticket has: refused as the cursor it is, never a 500
        String farOff = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("+300000-01-01T00:00:00Z|1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        given().auth().oauth2(AGENT).get("/api/v1/tickets?cursor=" + farOff).then().statusCode(400)
                .body("type", org.hamcrest.Matchers.equalTo("https://supportdesk.org/problems/invalid-cursor"));
        given().auth().oauth2(AGENT).get("/api/v1/tickets?accountId=" + account + "&breached=false").then()
                .statusCode(200).body("total", equalTo(3));
        given().auth().oauth2(Tokens.customer(account)).get("/api/v1/tickets").then().statusCode(200)
                .body("total", equalTo(3)).body("items[0].id", equalTo(third));
        given().auth().oauth2(Tokens.customer(UUID.randomUUID())).get("/api/v1/tickets?accountId=" + account).then()
                .statusCode(200).body("total", equalTo(0));
        given().auth().oauth2(AGENT).get("/api/v1/tickets?status=DONE").then().statusCode(400);
        given().auth().oauth2(AGENT).get("/api/v1/tickets?accountId=42").then().statusCode(400);
        given().auth().oauth2(AGENT).get("/api/v1/tickets?size=1000").then().statusCode(400);
    }

    @Test
    void attachmentsAreMetadataOnTheTicketR_T1() {
        UUID account = Accounts.inPlan("MONTHLY", "GOLD");
        String ticket = open(account);
        String customer = Tokens.customer(account);
        Map<String, Object> body = new HashMap<>(Map.of("fileName", "screenshot.png", "contentType", "image/png",
                "sizeBytes", 48213, "storageRef", "s3://supportdesk-attachments/" + UUID.randomUUID()));
        given().auth().oauth2(customer).contentType("application/json").body(body)
                .post("/api/v1/tickets/" + ticket + "/attachments").then().statusCode(201);
        given().auth().oauth2(AGENT).get("/api/v1/tickets/" + ticket + "/attachments").then().statusCode(200)
                .body("fileName", contains("screenshot.png"));
        body.put("storageRef", "file:///etc/passwd");
        body.put("fileName", "../../x");
        body.put("sizeBytes", 30_000_000);
        given().auth().oauth2(customer).contentType("application/json").body(body)
                .post("/api/v1/tickets/" + ticket + "/attachments").then().statusCode(400)
                .body("violations.field", org.hamcrest.Matchers.hasItems("storageRef", "fileName", "sizeBytes"));
        given().auth().oauth2(Tokens.customer(UUID.randomUUID())).get("/api/v1/tickets/" + ticket + "/attachments")
                .then().statusCode(404);
    }

    @Test
    void theCustomersAttachmentIsTheirReplyR_T4() {
        UUID account = Accounts.inPlan("MONTHLY", "GOLD");
        String ticket = open(account);
        move(ticket, AGENT, "IN_PROGRESS", null, null).statusCode(200);
        move(ticket, AGENT, "PENDING_CUSTOMER", "please send the log", null).statusCode(200);
        Map<String, Object> log = Map.of("fileName", "app.log", "contentType", "text/plain", "sizeBytes", 2048,
                "storageRef", "s3://supportdesk-attachments/" + UUID.randomUUID());
        // staff attaching changes nothing: the ticket still waits on the customer
        given().auth().oauth2(AGENT).contentType("application/json").body(log)
                .post("/api/v1/tickets/" + ticket + "/attachments").then().statusCode(201);
        given().auth().oauth2(AGENT).get("/api/v1/tickets/" + ticket).then().body("status", equalTo("PENDING_CUSTOMER"));
        given().auth().oauth2(Tokens.customer(account)).contentType("application/json").body(log)
                .post("/api/v1/tickets/" + ticket + "/attachments").then().statusCode(201);
        given().auth().oauth2(AGENT).get("/api/v1/tickets/" + ticket).then().body("status", equalTo("IN_PROGRESS"))
                .body("transitions[-1].reason", equalTo("R-T4: the customer replied with an attachment"));
        assertThat(Sql.count("select count(*) from due_timer where kind = ?1 and subject = ?2 and fired_at is null",
                TicketWorkflow.PENDING_CUSTOMER_TIMER, ticket)).isZero();
    }

    @Test
    void anUpgradeOrALeaveFromANonCommittingPlanReopensNothingR_S6() {
        UUID account = Accounts.registered(null);
        UUID silver = Accounts.planChanged(account, "JOINED", UUID.randomUUID(), "MONTHLY", "SILVER", null, false);
        String first = open(account);
        UUID gold = Accounts.planChanged(account, "UPGRADE", UUID.randomUUID(), "MONTHLY", "GOLD", silver, true);
        Accounts.planChanged(account, "SAME_TIER", UUID.randomUUID(), "MONTHLY", "GOLD", gold, false);
        given().auth().oauth2(AGENT).get("/api/v1/tickets/" + first).then().body("status", equalTo("NEW"))
                .body("planId", equalTo(silver.toString()));
    }
}
