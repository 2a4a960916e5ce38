package org.supportdesk.subscription.freeze;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.testing.HeldLocks;
import org.supportdesk.platform.testing.Sql;
import org.supportdesk.platform.testing.Tokens;
import org.supportdesk.platform.testing.TopicReader;
import org.supportdesk.platform.testing.TestClock;
import org.supportdesk.subscription.subscription.SubscriptionResourceTest;

@QuarkusTest
class FreezeResourceTest {

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

    static ValidatableResponse freeze(UUID account, String reason) {
        return given().auth().oauth2(Tokens.withRoles("ops")).contentType("application/json")
                .body(Map.of("reason", reason, "note", "card declined twice"))
                .post("/api/v1/accounts/" + account + "/freeze").then();
    }

    static ValidatableResponse unfreeze(UUID account) {
        return given().auth().oauth2(Tokens.withRoles("ops")).post("/api/v1/accounts/" + account + "/unfreeze").then();
    }

    static String status(UUID account) {
        return given().auth().oauth2(Tokens.customer(account)).get("/api/v1/accounts/" + account + "/subscription")
                .then().statusCode(200).extract().path("accountStatus");
    }

    @Test
    void opsFreezeAtOnceAfterAWarnedPaymentFailureAndTheFrozenAccountCannotChangePlanR_S7() {
        UUID account = SubscriptionResourceTest.account();
        SubscriptionResourceTest.put(account, Tokens.customer(account),
                SubscriptionResourceTest.to(SubscriptionResourceTest.plan("MONTHLY", "GOLD"))).statusCode(200);
        try (TopicReader events = TopicReader.fromStart("subscription-events")) {
            freeze(account, "PAYMENT_FAILURE_AFTER_WARNING").statusCode(200).body("status", equalTo("FROZEN"));
            var frozen = events.await(r -> account.toString().equals(r.key())
                    && "org.supportdesk.subscription.account-frozen.v1".equals(TopicReader.header(r, "ce_type")),
                    "account-frozen of " + account);
            assertThat(frozen.value()).contains("\"status\":\"FROZEN\"");
        }
        assertThat(status(account)).isEqualTo("FROZEN");
        SubscriptionResourceTest.put(account, Tokens.customer(account),
                SubscriptionResourceTest.to(SubscriptionResourceTest.plan("MONTHLY", "PLATINUM"))).statusCode(409)
                .body("type", equalTo("https://supportdesk.org/problems/account-not-active"));
        freeze(account, "REPEATED_PAYMENT_FAILURE").statusCode(409)
                .body("type", equalTo("https://supportdesk.org/problems/already-frozen"));
        unfreeze(account).statusCode(200).body("status", equalTo("ACTIVE"));
        assertThat(status(account)).isEqualTo("ACTIVE");
        unfreeze(account).statusCode(409).body("type", equalTo("https://supportdesk.org/problems/not-frozen"));
    }

    @Test
    void insolvencyFreezesWithSevenDaysNoticeR_S7() {
        UUID account = SubscriptionResourceTest.account();
        freeze(account, "INSOLVENCY").statusCode(200).body("status", equalTo("ACTIVE"));
        assertThat(Sql.count("select count(*) from due_timer d join account_freeze f on d.subject = f.id::text "
                + "where f.account_id = ?1 and d.kind = 'freeze-start' and d.due_at > now() + interval '6 days 23 hours'",
                account)).isEqualTo(1);
        assertThat(status(account)).isEqualTo("ACTIVE");
        clock.advance(Duration.ofDays(7).plusMinutes(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> "FROZEN".equals(status(account)));
    }

    /** R-S7: seven days' notice are seven calendar days, also across a change of daylight saving time. */
    @Test
    void theNoticeIsSevenCalendarDaysAcrossADaylightSavingChangeR_S7() {
        // Israel moves to summer time on the Friday before the last Sunday of March: six days before it, 00:30
        java.time.ZonedDateTime now = clock.instant().atZone(JERUSALEM);
        java.time.ZonedDateTime target = java.time.ZonedDateTime.of(LocalDate.of(now.getYear() + 1, 3, 1)
                .with(java.time.temporal.TemporalAdjusters.lastInMonth(java.time.DayOfWeek.SUNDAY)).minusDays(8),
                java.time.LocalTime.of(0, 30), JERUSALEM);
        clock.advance(Duration.between(now, target));
        UUID account = SubscriptionResourceTest.account();
        Instant asked = clock.instant();
        freeze(account, "INSOLVENCY").statusCode(200);
        Instant sevenDays = asked.atZone(JERUSALEM).plusDays(7).toInstant();
        // 168 hours would be an hour early by the wall clock (01:30 summer time) and start a day's freeze sooner
        assertThat(Sql.count("select count(*) from due_timer d join account_freeze f on d.subject = f.id::text "
                + "where f.account_id = ?1 and d.kind = 'freeze-start' "
                + "and abs(extract(epoch from d.due_at - cast(?2 as timestamptz))) < 60 "
                + "and cast(d.due_at at time zone 'Asia/Jerusalem' as time) between '00:29' and '00:32'",
                account, sevenDays)).isEqualTo(1);
    }

    /**
     * R-S7, R-N1: the notice tells the day the freeze starts (in the support center's zone); a freeze
     * lifted before it began is told as one that never started, so the customer hears it is cancelled.
     */
    @Test
    void theNoticeNamesItsDayAndACancelledNoticeSaysItNeverStartedR_S7() {
        UUID account = SubscriptionResourceTest.account();
        freeze(account, "INSOLVENCY").statusCode(200);
        String startsOn = LocalDate.ofInstant(clock.instant().plus(Duration.ofDays(7)), JERUSALEM).toString();
        assertThat(Sql.count("select count(*) from outbox_event where partition_key = ?1 and type = "
                + "'org.supportdesk.subscription.account-freeze-scheduled.v1' and payload like ?2", account.toString(),
                "%\"startsOn\":\"" + startsOn + "\"%")).isEqualTo(1);
        // its start time come, but not yet its timer: the account was never frozen by it
        Sql.update("update account_freeze set starts_at = starts_at - interval '8 days' where account_id = ?1", account);
        unfreeze(account).statusCode(200);
        assertThat(Sql.count("select count(*) from outbox_event where partition_key = ?1 and type = "
                + "'org.supportdesk.subscription.account-unfrozen.v1' and payload like '%\"started\":false%'",
                account.toString())).isEqualTo(1);
    }

    @Test
    void aReasonToFreezeAtOnceDoesNotWaitForAnInsolvencyNoticeR_S7() {
        UUID account = SubscriptionResourceTest.account();
        freeze(account, "INSOLVENCY").statusCode(200).body("status", equalTo("ACTIVE"));
        freeze(account, "INSOLVENCY").statusCode(409).body("type", equalTo("https://supportdesk.org/problems/already-frozen"));
        freeze(account, "UNSETTLED_AFTER_WARNING").statusCode(200).body("status", equalTo("FROZEN"))
                .body("reason", equalTo("UNSETTLED_AFTER_WARNING"));
        assertThat(status(account)).isEqualTo("FROZEN");
        // one freeze, started now, and no start left pending for the end of the notice
        assertThat(Sql.count("select count(*) from account_freeze where account_id = ?1 and starts_at <= now()", account))
                .isEqualTo(1);
        assertThat(Sql.count("select count(*) from due_timer d join account_freeze f on d.subject = f.id::text "
                + "where f.account_id = ?1 and d.kind = 'freeze-start' and d.fired_at is null", account)).isZero();
    }

    @Test
    void aFreezeWithNoticeNeverStartsOnAnAccountClosedMeanwhileR_S7_R_S8() {
        UUID account = SubscriptionResourceTest.account();
        freeze(account, "INSOLVENCY").statusCode(200).body("status", equalTo("ACTIVE"));
        Sql.update("update account set status = 'CLOSED' where id = ?1", account);
        clock.advance(Duration.ofDays(7).plusMinutes(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count("select count(*) from due_timer d join account_freeze f "
                + "on d.subject = f.id::text where f.account_id = ?1 and d.kind = 'freeze-start' and d.fired_at is not null",
                account) == 1);
        assertThat(Sql.count("select count(*) from account where id = ?1 and status = 'CLOSED'", account)).isEqualTo(1);
        assertThat(Sql.count("select count(*) from account_freeze where account_id = ?1 and ends_at is not null", account))
                .isEqualTo(1);
    }

    /**
     * R-S8 with R-S7: an account closed while a freeze given with notice waits to start is closed for
     * good: lifting that freeze answers 409 and never makes the account ACTIVE again.
     */
    @Test
    void liftingAFreezeNeverReopensAClosedAccountR_S7_R_S8() {
        UUID account = SubscriptionResourceTest.account();
        freeze(account, "INSOLVENCY").statusCode(200).body("status", equalTo("ACTIVE"));
        Sql.update("update account set status = 'CLOSED' where id = ?1", account);
        unfreeze(account).statusCode(409).body("type", equalTo("https://supportdesk.org/problems/account-closed"));
        assertThat(Sql.count("select count(*) from account where id = ?1 and status = 'CLOSED'", account)).isEqualTo(1);
        assertThat(Sql.count("select count(*) from outbox_event where partition_key = ?1 "
                + "and type = 'org.supportdesk.subscription.account-unfrozen.v1'", account.toString())).isZero();
    }

    /**
     * R-S7 with R-S8: a freeze asked for while the account's closure happens (here the test holds the
     * account and closes it, as the closure's timer would) waits for it and is refused: the account is
     * never frozen over its closure.
     */
    @Test
    void aFreezeAskedForAsTheAccountClosesIsRefusedR_S7_R_S8() throws Exception {
        UUID account = SubscriptionResourceTest.account();
        String row = " account where id = '" + account + "'";
        CompletableFuture<ValidatableResponse> asked;
        try (HeldLocks closure = HeldLocks.hold(Sql::connect, "select 1 from" + row + " for update")) {
            asked = CompletableFuture.supplyAsync(() -> freeze(account, "UNSETTLED_AFTER_WARNING"));
            closure.awaitWaiting(1, Duration.ofSeconds(30)); // the freeze waits for the account
            assertThat(closure.update("update" + row.replace(" where", " set status = 'CLOSED' where"))).isEqualTo(1);
        }
        asked.get(30, TimeUnit.SECONDS).statusCode(409).body("type", endsWith("account-closed"));
        assertThat(Sql.count("select count(*) from account where id = ?1 and status = 'CLOSED'", account)).isEqualTo(1);
        assertThat(Sql.count("select count(*) from account_freeze where account_id = ?1", account)).isZero();
    }

    /**
     * R-S7 with R-S8: a closure whose day passed during the freeze happens a day after the release,
     * with the plan changes (the end of the release day, the start of the next); one whose day has not
     * passed keeps it.
     */
    @Test
    void aClosureWhoseDayPassedDuringTheFreezeHappensTheDayAfterReleaseOthersKeepTheirDayR_S7_R_S8() {
        UUID passed = SubscriptionResourceTest.account();
        UUID notPassed = SubscriptionResourceTest.account();
        LocalDate start = today();
        for (var closing : Map.of(passed, start.plusDays(1), notPassed, start.plusDays(3)).entrySet()) {
            given().auth().oauth2(Tokens.customer(closing.getKey())).contentType("application/json")
                    .body(Map.of("date", closing.getValue().toString()))
                    .post("/api/v1/accounts/" + closing.getKey() + "/closure").then().statusCode(200);
            freeze(closing.getKey(), "UNSETTLED_AFTER_WARNING").statusCode(200);
        }
        clock.advance(Duration.ofDays(3)); // the first closure's day passes while frozen; the release is on the second's
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count("select count(*) from due_timer where "
                + "kind = 'closure' and subject = ?1 and fired_at is not null", passed.toString()) == 1);
        LocalDate releaseDay = today();
        unfreeze(passed).statusCode(200);
        unfreeze(notPassed).statusCode(200);
        assertThat(Sql.count("select count(*) from account_closure where account_id = ?1 and status = 'SCHEDULED' "
                + "and closes_on = ?2", passed, releaseDay)).isEqualTo(1);
        assertThat(Sql.count("select count(*) from account_closure where account_id = ?1 and status = 'SCHEDULED' "
                + "and closes_on = ?2", notPassed, start.plusDays(3))).isEqualTo(1);
        clock.advance(Duration.ofDays(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count(
                "select count(*) from account where id in (?1, ?2) and status = 'CLOSED'", passed, notPassed) == 2);
    }

    /**
     * R-S7 with R-S4: a change due the day after an insolvency freeze started waits for the release,
     * also when the freeze's start timer has not fired by the change's (late after an outage, or
     * another worker's): the change's timer starts the freeze first (before, it changed the plan of an
     * account frozen since the evening before).
     */
    @Test
    void aChangeDueAfterAFreezeStartedWaitsForItsReleaseWhicheverTimerFiresFirstR_S7_R_S4() {
        UUID account = SubscriptionResourceTest.account();
        SubscriptionResourceTest.put(account, Tokens.customer(account),
                SubscriptionResourceTest.to(SubscriptionResourceTest.plan("MONTHLY", "GOLD"))).statusCode(200);
        freeze(account, "INSOLVENCY").statusCode(200).body("status", equalTo("ACTIVE")); // seven days' notice
        LocalDate changeDay = today().plusDays(8);
        Map<String, Object> upgrade = SubscriptionResourceTest.to(SubscriptionResourceTest.plan("MONTHLY", "PLATINUM"));
        upgrade.put("effectiveDate", changeDay.toString());
        SubscriptionResourceTest.put(account, Tokens.customer(account), upgrade).statusCode(200);
        lateFreezeStart(account);

        clock.advance(Duration.between(clock.instant(), changeDay.atStartOfDay(JERUSALEM).toInstant()).plusMinutes(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count("select count(*) from due_timer where "
                + "kind = 'plan-change' and subject = ?1 and fired_at is not null", account.toString()) == 1);
        assertThat(status(account)).isEqualTo("FROZEN");
        assertThat(Sql.count("select count(*) from plan_change where account_id = ?1 and status = 'SCHEDULED'", account))
                .isEqualTo(1);
        assertThat(Sql.count("select count(*) from subscription_period where account_id = ?1 and plan_tier = 'PLATINUM'",
                account)).isZero();
        assertThat(Sql.count("select count(*) from outbox_event where partition_key = ?1 and type = "
                + "'org.supportdesk.subscription.account-frozen.v1'", account.toString())).isEqualTo(1);
    }

    /** R-S7 with R-S8: a closure whose day ends after a freeze started, the freeze's timer late, alike. */
    @Test
    void aClosureDueAfterAFreezeStartedWaitsForItsReleaseWhicheverTimerFiresFirstR_S7_R_S8() {
        UUID account = SubscriptionResourceTest.account();
        freeze(account, "INSOLVENCY").statusCode(200).body("status", equalTo("ACTIVE"));
        LocalDate closureDay = today().plusDays(7); // the freeze starts during it
        given().auth().oauth2(Tokens.customer(account)).contentType("application/json")
                .body(Map.of("date", closureDay.toString()))
                .post("/api/v1/accounts/" + account + "/closure").then().statusCode(200);
        lateFreezeStart(account);

        clock.advance(Duration.between(clock.instant(), closureDay.plusDays(1).atStartOfDay(JERUSALEM).toInstant())
                .plusMinutes(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count("select count(*) from due_timer where "
                + "kind = 'closure' and subject = ?1 and fired_at is not null", account.toString()) == 1);
        assertThat(status(account)).isEqualTo("FROZEN");
        assertThat(Sql.count("select count(*) from account_closure where account_id = ?1 and status = 'SCHEDULED'",
                account)).isEqualTo(1);
    }

    /** The account's freeze-start timer made late: not due when the timers after the freeze's start fire. */
    static void lateFreezeStart(UUID account) {
        assertThat(Sql.update("update due_timer set due_at = due_at + interval '400 days' where kind = 'freeze-start' "
                + "and fired_at is null and subject in (select cast(id as text) from account_freeze where account_id = ?1)",
                account)).isEqualTo(1);
    }

    @Test
    void aChangeWhoseDayPassedDuringTheFreezeHappensTheDayAfterReleaseR_S7() {
        UUID account = SubscriptionResourceTest.account();
        SubscriptionResourceTest.put(account, Tokens.customer(account),
                SubscriptionResourceTest.to(SubscriptionResourceTest.plan("MONTHLY", "GOLD"))).statusCode(200);
        SubscriptionResourceTest.put(account, Tokens.customer(account),
                SubscriptionResourceTest.to(SubscriptionResourceTest.plan("MONTHLY", "PLATINUM"))).statusCode(200);
        freeze(account, "UNSETTLED_AFTER_WARNING").statusCode(200);

        clock.advance(Duration.ofDays(2)); // the upgrade's day comes while frozen: it waits
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count(
                "select count(*) from due_timer where kind = 'plan-change' and subject = ?1 and fired_at is not null",
                account.toString()) == 1);
        assertThat(Sql.count("select count(*) from plan_change where account_id = ?1 and status = 'SCHEDULED'", account))
                .isEqualTo(1);

        LocalDate releaseDay = today();
        unfreeze(account).statusCode(200);
        assertThat(Sql.count("select count(*) from plan_change where account_id = ?1 and status = 'SCHEDULED' "
                + "and effective_on = ?2", account, releaseDay.plusDays(1))).isEqualTo(1);
        clock.advance(Duration.ofDays(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count(
                "select count(*) from subscription_period where account_id = ?1 and ends_on is null and plan_tier = 'PLATINUM' "
                        + "and starts_on = ?2", account, releaseDay.plusDays(1)) == 1);
    }

    @Test
    void freezeDaysDoNotCountTowardTheCommitmentR_S7_R_S5() {
        UUID account = SubscriptionResourceTest.account();
        SubscriptionResourceTest.put(account, Tokens.customer(account),
                SubscriptionResourceTest.to(SubscriptionResourceTest.plan("MONTHLY", "GOLD"))).statusCode(200);
        LocalDate joined = today();
        new SubscriptionResourceTest().serviceGivenNow(account, clock);
        freeze(account, "PAYMENT_FAILURE_AFTER_WARNING").statusCode(200);
        clock.advance(Duration.ofDays(5));
        unfreeze(account).statusCode(200);
        // frozen from the joining day up to the release, five days later: five days more
        given().auth().oauth2(Tokens.customer(account)).get("/api/v1/accounts/" + account + "/subscription")
                .then().body("commitmentEndsOn", equalTo(joined.plusMonths(1).plusDays(5).toString()));
    }

    @Test
    void onlyTheCompanyFreezesAndBadRequestsAnswer4xx() {
        UUID account = SubscriptionResourceTest.account();
        for (String token : new String[] { Tokens.customer(account), Tokens.partner(UUID.randomUUID()),
                Tokens.agent("T3") }) {
            given().auth().oauth2(token).contentType("application/json").body(Map.of("reason", "INSOLVENCY"))
                    .post("/api/v1/accounts/" + account + "/freeze").then().statusCode(403);
            given().auth().oauth2(token).post("/api/v1/accounts/" + account + "/unfreeze").then().statusCode(403);
        }
        freeze(UUID.randomUUID(), "INSOLVENCY").statusCode(404);
        given().auth().oauth2(Tokens.withRoles("admin")).contentType("application/json")
                .body(Map.of("reason", "BORED")).post("/api/v1/accounts/" + account + "/freeze").then().statusCode(400);
        given().auth().oauth2(Tokens.withRoles("admin")).contentType("application/json")
                .body(Map.of("note", "x")).post("/api/v1/accounts/" + account + "/freeze").then().statusCode(400)
                .body("violations.field", hasItem("reason"));
        assertThat(Sql.count("select count(*) from account_freeze where account_id = ?1", account)).isZero();
    }
}
