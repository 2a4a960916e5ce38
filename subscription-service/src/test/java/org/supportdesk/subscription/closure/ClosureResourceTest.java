package org.supportdesk.subscription.closure;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.testing.CataloguedEvents;
import org.supportdesk.platform.testing.HeldLocks;
import org.supportdesk.platform.testing.Sql;
import org.supportdesk.platform.testing.Tokens;
import org.supportdesk.platform.testing.TopicReader;
import org.supportdesk.platform.testing.TestClock;
import org.supportdesk.subscription.subscription.SubscriptionResourceTest;
import org.supportdesk.subscription.wallet.VoucherResourceTest;

@QuarkusTest
public class ClosureResourceTest {

    static final ZoneId JERUSALEM = ZoneId.of("Asia/Jerusalem");

    @Inject
    TestClock clock;

    @AfterEach
    void putTheClockBack() {
        clock.reset();
    }

    LocalDate today() {
        return LocalDate.now(clock.withZone(JERUSALEM));
    }

    static ValidatableResponse close(UUID account, String token, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType("application/json").body(body)
                .post("/api/v1/accounts/" + account + "/closure").then();
    }

    static String status(UUID account) {
        return given().auth().oauth2(Tokens.withRoles("ops")).get("/api/v1/accounts/" + account + "/subscription")
                .then().statusCode(200).extract().path("accountStatus");
    }

    static UUID joined(String tier) {
        UUID account = SubscriptionResourceTest.account();
        SubscriptionResourceTest.put(account, Tokens.customer(account),
                SubscriptionResourceTest.to(SubscriptionResourceTest.plan("MONTHLY", tier))).statusCode(200);
        return account;
    }

    void session(String type, UUID account, UUID session) {
        session(clock, type, account, session);
    }

    /** ticket-service's {@code session-started} or {@code session-closed} (ten minutes long, ending now), on its topic. */
    public static void session(java.time.Clock clock, String type, UUID account, UUID session) {
        ObjectNode data = CataloguedEvents.sample("org.supportdesk.ticket." + type + ".v1");
        data.put("sessionId", session.toString());
        data.put("accountId", account.toString());
        data.put("startedAt", clock.instant().minusSeconds(600).toString());
        data.put("endedAt", clock.instant().toString());
        CataloguedEvents.publish("ticket-events", UUID.randomUUID(), "org.supportdesk.ticket." + type + ".v1",
                session.toString(), account.toString(), data.toString());
    }

    /**
     * R-S8 before R-S4: an upgrade due at the start of tomorrow, and a closure at the end of today, whose
     * timer is due at the same instant and here fires last (two timer loops fire them side by side): the
     * account closed first, so the change never takes effect, and the closure happens once.
     */
    /** An account in GOLD with an upgrade due at the start of tomorrow and its closure at the end of today. */
    UUID upgradingAndClosing() {
        UUID account = joined("GOLD");
        SubscriptionResourceTest.put(account, Tokens.customer(account),
                SubscriptionResourceTest.to(SubscriptionResourceTest.plan("MONTHLY", "PLATINUM"))).statusCode(200)
                .body("status", equalTo("SCHEDULED")).body("effectiveOn", equalTo(today().plusDays(1).toString()));
        close(account, Tokens.customer(account), Map.of()).statusCode(200).body("closesOn", equalTo(today().toString()));
        return account;
    }

    /** The account's pending timer of a kind, as a FROM clause. */
    static String pendingTimer(String kind, UUID account) {
        return "from due_timer where kind = '" + kind + "' and subject = '" + account + "' and fired_at is null";
    }

    /** Holds a pending timer's row, as another batch that claimed it would, and lets a day pass. */
    HeldLocks holdTimerAndLetADayPass(String pendingTimer) throws java.sql.SQLException {
        HeldLocks held = HeldLocks.hold(Sql::connect, "select 1 " + pendingTimer + " for update");
        assertThat(held.rows()).isEqualTo(1);
        clock.advance(Duration.ofDays(1));
        return held;
    }

    @Test
    void aPlanChangeDueAsTheAccountClosesIsReplacedWhicheverTimerFiresFirstR_S8_R_S4() throws Exception {
        UUID account = upgradingAndClosing();
        String closureTimer = pendingTimer("closure", account);
        try (HeldLocks held = holdTimerAndLetADayPass(closureTimer)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count("select count(*) from due_timer where kind = "
                    + "'plan-change' and subject = ?1 and fired_at is not null", account.toString()) == 1);
            assertThat(Sql.count("select count(*) from plan_change where account_id = ?1 and status = 'REPLACED'", account))
                    .isEqualTo(1);
            assertThat(Sql.count("select count(*) from subscription_period where account_id = ?1 and plan_tier = 'PLATINUM'",
                    account)).isZero();
            assertThat(status(account)).isEqualTo("CLOSED");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count("select count(*) " + closureTimer) == 0);
        assertThat(Sql.count("select count(*) from outbox_event where partition_key = ?1 and type = "
                + "'org.supportdesk.subscription.account-closed.v1'", account.toString())).isEqualTo(1);
    }

    /**
     * The other order: the closure fires while another batch holds the plan change's timer (here the
     * test holds it). The closure replaces the change without waiting for that timer (moving or
     * cancelling it would wait for a batch that, firing the change, waits for the account); the change's
     * timer fires afterwards and finds nothing to apply.
     */
    @Test
    void aClosureReplacesAPlanChangeWithoutWaitingForItsTimerR_S8_R_S4() throws Exception {
        UUID account = upgradingAndClosing();
        String changeTimer = pendingTimer("plan-change", account);
        try (HeldLocks held = holdTimerAndLetADayPass(changeTimer)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> "CLOSED".equals(status(account)));
            assertThat(Sql.count("select count(*) from plan_change where account_id = ?1 and status = 'REPLACED'", account))
                    .isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count("select count(*) " + changeTimer) == 0);
        assertThat(Sql.count("select count(*) from subscription_period where account_id = ?1 and plan_tier = 'PLATINUM'",
                account)).isZero();
        assertThat(status(account)).isEqualTo("CLOSED");
    }

    /**
     * R-S8, R-S5: a poll of session events counts each session by its last event, and each plan period
     * keeps the latest day a session with service ended in it, never an earlier one, whatever the order.
     */
    @Test
    void sessionEventsSentTogetherCountByTheirLastEventR_S8_R_S5() throws Exception {
        UUID account = joined("SILVER");
        UUID s1 = UUID.randomUUID(), s2 = UUID.randomUUID(), s3 = UUID.randomUUID(), s4 = UUID.randomUUID();
        Instant now = clock.instant();
        try (var producer = TopicReader.producer()) {
            for (var event : java.util.List.of(
                    sessionEvent("session-started", account, s1, now, 0),
                    sessionEvent("session-started", account, s2, now, 0),
                    sessionEvent("session-closed", account, s1, now.plus(Duration.ofDays(2)), 600),
                    sessionEvent("session-started", account, s3, now, 0),
                    sessionEvent("session-closed", account, s3, now.plus(Duration.ofDays(1)), 600),
                    sessionEvent("session-closed", account, s2, now.plus(Duration.ofDays(3)), 0), // no service given
                    sessionEvent("session-started", account, s4, now, 0))) {
                producer.send(event);
            }
            producer.flush();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count(
                "select count(*) from active_session where account_id = ?1", account) == 1
                && Sql.count("select count(*) from active_session where session_id = ?1", s4) == 1);
        assertThat(Sql.count("select count(*) from subscription_period where account_id = ?1 and last_service_on = ?2",
                account, LocalDate.ofInstant(now.plus(Duration.ofDays(2)), JERUSALEM))).isEqualTo(1);
    }

    /**
     * R-S5 with R-B1: a session of 0.4 s (0 whole seconds) gave service, as billing bills it a minute:
     * its day is the period's last day of service.
     */
    @Test
    void aSessionUnderASecondIsServiceR_S5_R_B1() throws Exception {
        UUID account = joined("SILVER");
        Instant at = clock.instant().plus(Duration.ofDays(1));
        try (var producer = TopicReader.producer()) {
            producer.send(sessionEvent("session-closed", account, UUID.randomUUID(), at, 400, 0));
            producer.flush();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count("select count(*) from subscription_period "
                + "where account_id = ?1 and last_service_on = ?2", account, LocalDate.ofInstant(at, JERUSALEM)) == 1);
    }

    /**
     * R-S5: the batch that records a day of service takes the account first, as a plan change's or a
     * closure's timer deciding by that day does: held by such a timer (here the test), the batch waits,
     * so it never writes under a decision made without it, nor has its day written back over.
     */
    @Test
    void aDayOfServiceWaitsForWorkDecidingByItR_S5() throws Exception {
        UUID account = joined("SILVER");
        Instant at = clock.instant().plus(Duration.ofHours(1));
        try (HeldLocks timer = HeldLocks.hold(Sql::connect, "select 1 from account where id = '" + account + "' for update")) {
            try (var producer = TopicReader.producer()) {
                producer.send(sessionEvent("session-closed", account, UUID.randomUUID(), at, 600));
                producer.flush();
            }
            timer.awaitWaiting(1, Duration.ofSeconds(30));
            assertThat(Sql.count("select count(*) from subscription_period where account_id = ?1 "
                    + "and last_service_on is not null", account)).isZero();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count("select count(*) from subscription_period "
                + "where account_id = ?1 and last_service_on = ?2", account, LocalDate.ofInstant(at, JERUSALEM)) == 1);
    }

    static org.apache.kafka.clients.producer.ProducerRecord<String, String> sessionEvent(String type, UUID account,
            UUID session, Instant at, long seconds) {
        return sessionEvent(type, account, session, at, seconds * 1000, seconds);
    }

    /** A session event ending {@code at} after {@code millis}, its whole {@code seconds} as ticket-service sends them. */
    static org.apache.kafka.clients.producer.ProducerRecord<String, String> sessionEvent(String type, UUID account,
            UUID session, Instant at, long millis, long seconds) {
        ObjectNode data = CataloguedEvents.sample("org.supportdesk.ticket." + type + ".v1");
        data.put("sessionId", session.toString());
        data.put("accountId", account.toString());
        data.put("startedAt", at.minusMillis(millis).toString());
        data.put("endedAt", at.toString());
        data.put("seconds", seconds);
        return org.supportdesk.platform.testing.CloudEventRecords.event("ticket-events", UUID.randomUUID(),
                "org.supportdesk.ticket." + type + ".v1", session.toString(), account.toString(), data.toString());
    }

    @Test
    void anAccountClosesAtTheEndOfTheRequestedDayR_S8() {
        UUID account = joined("SILVER");
        LocalDate today = today();
        close(account, Tokens.customer(account), Map.of()).statusCode(200)
                .body("status", equalTo("SCHEDULED")).body("closesOn", equalTo(today.toString()));
        assertThat(Sql.count("select count(*) from due_timer where kind = 'closure' and subject = ?1 and due_at = ?2",
                account.toString(), today.plusDays(1).atStartOfDay(JERUSALEM).toInstant())).isEqualTo(1);
        assertThat(status(account)).isEqualTo("ACTIVE");

        try (TopicReader events = TopicReader.fromStart("subscription-events")) {
            clock.advance(Duration.ofDays(1));
            await().atMost(Duration.ofSeconds(30)).until(() -> "CLOSED".equals(status(account)));
            var closed = events.await(r -> account.toString().equals(r.key())
                    && "org.supportdesk.subscription.account-closed.v1".equals(TopicReader.header(r, "ce_type")),
                    "account-closed of " + account);
            assertThat(closed.value()).contains("\"closedOn\":\"" + today + "\"");
        }
        assertThat(Sql.count("select count(*) from subscription_period where account_id = ?1 and ends_on = ?2",
                account, today.plusDays(1))).isEqualTo(1);
        close(account, Tokens.customer(account), Map.of()).statusCode(409)
                .body("type", equalTo("https://supportdesk.org/problems/account-not-active"));
    }

    @Test
    void theCommitmentBlocksClosingUntilItsLastDayR_S8_R_S5() {
        UUID account = joined("GOLD");
        new SubscriptionResourceTest().serviceGivenNow(account, clock);
        LocalDate lastDay = today().plusMonths(1).minusDays(1);
        close(account, Tokens.customer(account), Map.of()).statusCode(409)
                .body("type", equalTo("https://supportdesk.org/problems/commitment"))
                .body("possibleFrom", equalTo(lastDay.toString()));
        close(account, Tokens.customer(account), Map.of("date", lastDay.toString())).statusCode(200)
                .body("closesOn", equalTo(lastDay.toString()));
    }

    /** An account with a session running, whose closure at the end of today is requested: {account, session}. */
    UUID[] closingWhileHandled() {
        UUID account = joined("SILVER");
        UUID session = UUID.randomUUID();
        session("session-started", account, session);
        await().atMost(Duration.ofSeconds(30)).until(
                () -> Sql.count("select count(*) from active_session where session_id = ?1", session) == 1);
        close(account, Tokens.withRoles("admin"), Map.of()).statusCode(200);
        return new UUID[] { account, session };
    }

    /**
     * R-S8 with R-S4: a change due the day after the closure's day, while the closure waits for the
     * last session to end, never takes effect: the account is told of no change, gets no period in the
     * new plan, and the closure replaces the change when the session ends.
     */
    @Test
    void aChangeDueWhileTheClosureWaitsForHandlingIsReplacedR_S8_R_S4() {
        // SILVER: the session waited for commits nothing (R-S5), so the closure happens when it ends
        UUID account = joined("SILVER");
        UUID session = UUID.randomUUID();
        session("session-started", account, session);
        await().atMost(Duration.ofSeconds(30)).until(
                () -> Sql.count("select count(*) from active_session where session_id = ?1", session) == 1);
        SubscriptionResourceTest.put(account, Tokens.customer(account),
                SubscriptionResourceTest.to(SubscriptionResourceTest.plan("MONTHLY", "PLATINUM"))).statusCode(200)
                .body("status", equalTo("SCHEDULED"));
        close(account, Tokens.withRoles("admin"), Map.of()).statusCode(200);
        String changed = "select count(*) from outbox_event where partition_key = ?1 "
                + "and type = 'org.supportdesk.subscription.subscription-changed.v1'";
        long changedBefore = Sql.count(changed, account.toString());

        clock.advance(Duration.ofDays(1));
        // the change, due while the closure waits, waits a day (its own timer moves it)
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count("select count(*) from plan_change "
                + "where account_id = ?1 and status = 'SCHEDULED' and effective_on = ?2", account, today().plusDays(1)) == 1
                && Sql.count("select count(*) from account_closure where account_id = ?1 "
                        + "and status = 'WAITING_FOR_HANDLING'", account) == 1);
        assertThat(Sql.count("select count(*) from subscription_period where account_id = ?1 and plan_tier = 'PLATINUM'",
                account)).isZero();
        assertThat(Sql.count(changed, account.toString())).isEqualTo(changedBefore);

        session("session-closed", account, session);
        await().atMost(Duration.ofSeconds(30)).until(() -> "CLOSED".equals(status(account)));
        assertThat(Sql.count("select count(*) from plan_change where account_id = ?1 and status = 'REPLACED'", account))
                .isEqualTo(1);
    }

    /**
     * R-S8 with R-S5: the session a closure waited for was the account's first service in a committing
     * plan; it commits the account for a month from joining, so the closure moves to that month's last
     * day instead of happening when the session ends.
     */
    @Test
    void serviceTheClosureWaitedForCommitsTheAccountAndPostponesItR_S8_R_S5() {
        UUID account = joined("GOLD");
        UUID session = UUID.randomUUID();
        session("session-started", account, session);
        await().atMost(Duration.ofSeconds(30)).until(
                () -> Sql.count("select count(*) from active_session where session_id = ?1", session) == 1);
        // nothing commits the account yet: it may close at the end of today
        close(account, Tokens.customer(account), Map.of()).statusCode(200);
        LocalDate asked = today();
        clock.advance(Duration.ofDays(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count("select count(*) from account_closure "
                + "where account_id = ?1 and status = 'WAITING_FOR_HANDLING'", account) == 1);

        session("session-closed", account, session);
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count("select count(*) from account_closure c "
                + "where c.account_id = ?1 and c.status = 'SCHEDULED' and c.postponed_from = ?2 and c.closes_on = "
                + "(select cast(p.starts_on + interval '1 month' as date) - 1 from subscription_period p "
                + "where p.account_id = c.account_id and p.plan_tier = 'GOLD')", account, asked) == 1);
        assertThat(status(account)).isEqualTo("ACTIVE");
        assertThat(Sql.count("select count(*) from outbox_event where partition_key = ?1 and type = "
                + "'org.supportdesk.subscription.account-closed.v1'", account.toString())).isZero();
    }

    /**
     * R-S8 with R-S5 and R-S4: an upgrade due while a closure waited for handling was held by it; when
     * the service it waited for commits the account and postpones the closure, the account stays, and
     * the upgrade takes effect at the next day's start (before, it stayed SCHEDULED with a past day and
     * no timer, for good).
     */
    @Test
    void anUpgradeHeldByAClosureThatIsThenPostponedTakesEffectNextMorningR_S8_R_S5_R_S4() {
        UUID account = joined("GOLD");
        UUID session = UUID.randomUUID();
        session("session-started", account, session);
        await().atMost(Duration.ofSeconds(30)).until(
                () -> Sql.count("select count(*) from active_session where session_id = ?1", session) == 1);
        SubscriptionResourceTest.put(account, Tokens.customer(account),
                SubscriptionResourceTest.to(SubscriptionResourceTest.plan("MONTHLY", "PLATINUM"))).statusCode(200)
                .body("status", equalTo("SCHEDULED"));
        close(account, Tokens.customer(account), Map.of()).statusCode(200);
        clock.advance(Duration.ofDays(1));
        LocalDate tomorrow = today().plusDays(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count("select count(*) from plan_change where account_id = ?1 "
                + "and status = 'SCHEDULED' and effective_on = ?2", account, tomorrow) == 1
                && Sql.count("select count(*) from account_closure where account_id = ?1 "
                        + "and status = 'WAITING_FOR_HANDLING'", account) == 1);

        session("session-closed", account, session); // service under GOLD: committed, the closure postponed
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count(
                "select count(*) from account_closure where account_id = ?1 and status = 'SCHEDULED'", account) == 1);
        clock.advance(Duration.ofDays(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count("select count(*) from subscription_period "
                + "where account_id = ?1 and plan_tier = 'PLATINUM' and starts_on = ?2 and ends_on is null", account,
                tomorrow) == 1);
    }

    @Test
    void aClosureWaitsUntilHandlingEndsTakingNoCreditNorPlanChangeMeanwhileR_S8() {
        UUID[] handled = closingWhileHandled();
        UUID account = handled[0];
        UUID session = handled[1];

        clock.advance(Duration.ofDays(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count(
                "select count(*) from account_closure where account_id = ?1 and status = 'WAITING_FOR_HANDLING'", account) == 1);
        assertThat(status(account)).isEqualTo("ACTIVE");
        // asking again while it waits is a conflict, not a second closure
        close(account, Tokens.customer(account), Map.of()).statusCode(409)
                .body("type", equalTo("https://supportdesk.org/problems/closure-in-progress"));
        // R-S8 with R-B6, R-S4: its closure day has passed; no credit and no plan change for it now
        String code = VoucherResourceTest.issue(VoucherResourceTest.card("GIFT_CARD", null, "50.00"));
        VoucherResourceTest.redeem(account, Tokens.customer(account), code).statusCode(409)
                .body("type", equalTo("https://supportdesk.org/problems/closure-in-progress"));
        assertThat(Sql.count("select redemptions from voucher where code = ?1", code)).isZero();
        SubscriptionResourceTest.put(account, Tokens.customer(account),
                SubscriptionResourceTest.to(SubscriptionResourceTest.plan("MONTHLY", "PLATINUM"))).statusCode(409)
                .body("type", equalTo("https://supportdesk.org/problems/closure-in-progress"));
        assertThat(Sql.count("select count(*) from plan_change where account_id = ?1 and status = 'SCHEDULED'", account))
                .isZero();

        session("session-closed", account, session);
        await().atMost(Duration.ofSeconds(30)).until(() -> "CLOSED".equals(status(account)));
    }

    /**
     * R-S8: the closure's timer counted the session still running and is about to wait for it (its
     * transaction holds the account and has not committed) when the session's end is consumed: the
     * consumer waits for that decision, sees the closure waiting, and the account closes as handling ends.
     */
    @Test
    void aSessionEndingWhileTheClosureDecidesToWaitForItStillClosesTheAccountR_S8() throws Exception {
        UUID[] handled = closingWhileHandled();
        UUID account = handled[0];
        UUID session = handled[1];
        try (HeldLocks timer = HeldLocks.hold(Sql::connect, "select 1 from account where id = '" + account + "' for update")) {
            assertThat(timer.rows()).isEqualTo(1);
            session("session-closed", account, session);
            timer.awaitWaiting(1, Duration.ofSeconds(30)); // the consumer waits for the timer's decision
            assertThat(timer.update("update account_closure set status = 'WAITING_FOR_HANDLING' where account_id = '"
                    + account + "' and status = 'SCHEDULED'")).isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "CLOSED".equals(status(account)));
    }

    @Test
    void onlyTheAccountItsPartnerAdminOrOpsCloseAndBadRequestsChangeNothing() {
        UUID account = joined("SILVER");
        close(account, Tokens.customer(UUID.randomUUID()), Map.of()).statusCode(404)
                .contentType("application/problem+json");
        close(account, Tokens.partner(UUID.randomUUID()), Map.of()).statusCode(404);
        close(account, Tokens.agent("T1"), Map.of()).statusCode(403);
        close(UUID.randomUUID(), Tokens.withRoles("ops"), Map.of()).statusCode(404);
        close(account, Tokens.customer(account), Map.of("date", today().minusDays(1).toString())).statusCode(422)
                .body("type", equalTo("https://supportdesk.org/problems/closure-date-past"));
        close(account, Tokens.customer(account), Map.of("date", "someday")).statusCode(400);
        close(account, Tokens.customer(account), Map.of("date", "+300000-01-01")).statusCode(400) // no such year here
                .body("type", equalTo("https://supportdesk.org/problems/malformed-body"));
        close(account, Tokens.customer(account), Map.of("date", "2999-01-01")).statusCode(422)
                .body("type", equalTo("https://supportdesk.org/problems/closure-date-too-far"));
        close(account, Tokens.customer(account), Map.of("date", today().plusYears(11).toString())).statusCode(422);
        given().contentType("application/json").body(Map.of()).post("/api/v1/accounts/" + account + "/closure")
                .then().statusCode(401);
        assertThat(Sql.count("select count(*) from account_closure where account_id = ?1", account)).isZero();
    }
}
