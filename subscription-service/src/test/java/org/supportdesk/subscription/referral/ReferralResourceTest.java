package org.supportdesk.subscription.referral;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.testing.HeldLocks;
import org.supportdesk.platform.testing.Sql;
import org.supportdesk.platform.testing.Tokens;
import org.supportdesk.platform.testing.TestClock;
import org.supportdesk.subscription.account.AccountResourceTest;
import org.supportdesk.subscription.subscription.SubscriptionResourceTest;

@QuarkusTest
class ReferralResourceTest {

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

    String campaign(String percent) {
        var created = given().auth().oauth2(Tokens.withRoles("admin")).contentType("application/json")
                .body(Map.of("name", "Bring a friend " + UUID.randomUUID(), "percent", percent,
                        "startsOn", today().minusDays(1).toString(), "endsOn", today().plusDays(30).toString()))
                .post("/api/v1/referral-campaigns").then().statusCode(201).extract();
        // its Location answers it
        given().auth().oauth2(Tokens.customer(UUID.randomUUID())).get(created.header("Location")).then().statusCode(200)
                .body("id", equalTo(created.path("id"))).body("percent", org.hamcrest.Matchers.notNullValue());
        given().auth().oauth2(Tokens.withRoles("admin")).get("/api/v1/referral-campaigns/" + UUID.randomUUID()).then()
                .statusCode(404).contentType("application/problem+json");
        return created.path("id");
    }

    static ValidatableResponse link(UUID member, String token, String campaign) {
        return given().auth().oauth2(token).contentType("application/json").body(Map.of("campaignId", campaign))
                .post("/api/v1/accounts/" + member + "/referrals/links").then();
    }

    static ValidatableResponse register(String code, String email) {
        Map<String, Object> body = new HashMap<>(AccountResourceTest.newAccount("Referred"));
        body.put("referralCode", code);
        body.put("email", email);
        return given().auth().oauth2(Tokens.withRoles("admin")).contentType("application/json").body(body)
                .post("/api/v1/accounts").then();
    }

    /** A member, and a new account that registered through its link and joined a plan of {@code type}. */
    UUID[] referral(String percent, String type) {
        UUID member = SubscriptionResourceTest.account();
        String code = link(member, Tokens.customer(member), campaign(percent)).statusCode(200).extract().path("code");
        UUID referred = UUID.fromString(register(code, "new." + UUID.randomUUID() + "@example.com").statusCode(201)
                .extract().path("id"));
        String plan = SubscriptionResourceTest.plan(type, "MONTHLY".equals(type) ? "GOLD" : "SILVER");
        SubscriptionResourceTest.put(referred, Tokens.customer(referred), SubscriptionResourceTest.to(plan)).statusCode(200);
        return new UUID[] { member, referred };
    }

    static long referralsIn(UUID referred, String status) {
        return Sql.count("select count(*) from referral where referred_account_id = ?1 and status = ?2", referred, status);
    }

    /** Lets time pass until {@code month} has ended (plus a minute). */
    void passTheEndOf(YearMonth month) {
        Instant after = month.plusMonths(1).atDay(1).atStartOfDay(JERUSALEM).toInstant().plusSeconds(60);
        clock.advance(Duration.between(clock.instant(), after));
    }

    @Test
    void theMemberIsCreditedItsPercentageOfTheFirstFullMonthsFeeOnceR_B13() {
        UUID[] accounts = referral("10", "MONTHLY"); // 99.00 a month
        UUID member = accounts[0];
        UUID referred = accounts[1];
        YearMonth firstFull = ReferralPolicy.firstFullMonth(today());
        assertThat(Sql.count("select count(*) from due_timer where kind = 'referral-evaluation' and subject = ?1 "
                + "and due_at = ?2 and fired_at is null", referred.toString(),
                firstFull.plusMonths(1).atDay(1).atStartOfDay(JERUSALEM).toInstant())).isEqualTo(1);

        passTheEndOf(firstFull);
        await().atMost(Duration.ofSeconds(30)).until(() -> referralsIn(referred, "CREDITED") == 1);
        assertThat(Sql.count("select count(*) from outbox_event where partition_key = ?1 and type = "
                + "'org.supportdesk.subscription.wallet-credited.v1' and payload like '%\"source\":\"REFERRAL\"%' "
                + "and payload like '%\"amount\":\"9.90\"%' and payload like ?2", member.toString(),
                "%\"reference\":\"" + referred + "\"%")).isEqualTo(1);
        given().auth().oauth2(Tokens.customer(member)).get("/api/v1/accounts/" + member + "/referrals").then()
                .statusCode(200).body("[0].referredAccountId", equalTo(referred.toString()))
                .body("[0].status", equalTo("CREDITED")).body("[0].credit.amount", equalTo("9.90"))
                .body("[0].creditedFor", equalTo(firstFull.toString()));
        // the new account credits nobody else: its own wallet is untouched
        assertThat(Sql.count("select count(*) from outbox_event where partition_key = ?1 and type = "
                + "'org.supportdesk.subscription.wallet-credited.v1'", referred.toString())).isZero();
    }

    /**
     * R-B13 with R-S8: the referred account closes in the middle of its first full month, its closure's
     * timer, due by the month's end, claimed by another worker's batch (or late after an outage): the fee is that of the days it
     * stayed, never a whole month's, whichever timer fires first (before, the evaluation read the
     * stay as still running and credited 10% of a whole month: 9.90).
     */
    @Test
    void aClosureOfTheMonthWhoseTimerIsLateIsWaitedForR_B13_R_S8() throws Exception {
        UUID referred = referral("10", "MONTHLY")[1]; // 99.00 a month
        YearMonth firstFull = ReferralPolicy.firstFullMonth(today());
        given().auth().oauth2(Tokens.customer(referred)).contentType("application/json")
                .body(Map.of("date", firstFull.atDay(14).toString()))
                .post("/api/v1/accounts/" + referred + "/closure").then().statusCode(200);
        Instant firstDue = firstFull.plusMonths(1).atDay(1).atStartOfDay(JERUSALEM).toInstant();
        // the closure's timer, due since the 15th, claimed by another worker's batch (the test holds its row)
        try (org.supportdesk.platform.testing.HeldLocks claimed = org.supportdesk.platform.testing.HeldLocks.hold(
                Sql::connect, "select 1 from due_timer where kind = 'closure' and subject = '" + referred
                        + "' and fired_at is null for update")) {
            assertThat(claimed.rows()).isEqualTo(1);
            passTheEndOf(firstFull);
            await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count("select count(*) from due_timer "
                    + "where kind = 'referral-evaluation' and subject = ?1 and fired_at is null and due_at > ?2",
                    referred.toString(), firstDue) == 1);
            assertThat(referralsIn(referred, "PENDING")).isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count("select count(*) from account_closure "
                + "where account_id = ?1 and status = 'CLOSED'", referred) == 1);
        clock.advance(org.supportdesk.subscription.subscription.SubscriptionService.RECHECK);
        await().atMost(Duration.ofSeconds(30)).until(() -> referralsIn(referred, "CREDITED") == 1);
        // 14 days of the month at 99.00, 10% of it
        java.math.BigDecimal expected = new java.math.BigDecimal("9.90").multiply(java.math.BigDecimal.valueOf(14))
                .divide(java.math.BigDecimal.valueOf(firstFull.lengthOfMonth()), 2, java.math.RoundingMode.HALF_UP);
        assertThat(Sql.count("select count(*) from referral where referred_account_id = ?1 and credit = ?2",
                referred, expected)).isEqualTo(1);
    }

    @Test
    void aMonthWithoutAFeeIsLookedAtAgainNextMonthR_B13() {
        UUID referred = referral("10", "OCCASIONAL")[1]; // no monthly fee
        YearMonth firstFull = ReferralPolicy.firstFullMonth(today());
        passTheEndOf(firstFull);
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count("select count(*) from referral where "
                + "referred_account_id = ?1 and status = 'PENDING' and next_month = ?2", referred,
                firstFull.plusMonths(1).atDay(1)) == 1);
        assertThat(Sql.count("select count(*) from due_timer where kind = 'referral-evaluation' and subject = ?1 "
                + "and due_at = ?2 and fired_at is null", referred.toString(),
                firstFull.plusMonths(2).atDay(1).atStartOfDay(JERUSALEM).toInstant())).isEqualTo(1);
    }

    @Test
    void theCreditIsLostWhenTheMemberClosedFirstR_B13() {
        UUID[] accounts = referral("10", "MONTHLY");
        given().auth().oauth2(Tokens.customer(accounts[0])).contentType("application/json").body(Map.of())
                .post("/api/v1/accounts/" + accounts[0] + "/closure").then().statusCode(200);
        passTheEndOf(ReferralPolicy.firstFullMonth(today()));
        await().atMost(Duration.ofSeconds(30)).until(() -> referralsIn(accounts[1], "LOST") == 1);
        assertThat(Sql.count("select count(*) from outbox_event where partition_key = ?1 and type = "
                + "'org.supportdesk.subscription.wallet-credited.v1'", accounts[0].toString())).isZero();
    }

    /**
     * The member's closure took effect before the month ended, but its timer fires after the referral's
     * (both come due at once when the clock passes a month, and two timer loops fire them side by side):
     * the evaluation lets the closure happen first, so the credit is lost whatever order they fire in.
     */
    @Test
    void aClosureDueBeforeTheEvaluationCountsEvenWhenItsTimerFiresLaterR_B13() throws Exception {
        UUID[] accounts = referral("10", "MONTHLY");
        UUID member = accounts[0];
        given().auth().oauth2(Tokens.customer(member)).contentType("application/json").body(Map.of())
                .post("/api/v1/accounts/" + member + "/closure").then().statusCode(200);
        String closureTimer = "from due_timer where kind = 'closure' and subject = '" + member + "' and fired_at is null";
        try (HeldLocks held = HeldLocks.hold(Sql::connect,
                "select 1 " + closureTimer + " for update")) {
            assertThat(held.rows()).isEqualTo(1); // the claimers skip it until the test lets go
            passTheEndOf(ReferralPolicy.firstFullMonth(today()));
            await().atMost(Duration.ofSeconds(30)).until(() -> referralsIn(accounts[1], "PENDING") == 0);
            assertThat(referralsIn(accounts[1], "LOST")).isEqualTo(1);
            assertThat(Sql.count("select count(*) from account where id = ?1 and status = 'CLOSED'", member)).isEqualTo(1);
        }
        // the closure's own timer, fired late, finds it done: one closure, no credit
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count("select count(*) " + closureTimer) == 0);
        assertThat(Sql.count("select count(*) from outbox_event where partition_key = ?1 and type = "
                + "'org.supportdesk.subscription.account-closed.v1'", member.toString())).isEqualTo(1);
        assertThat(Sql.count("select count(*) from outbox_event where partition_key = ?1 and type = "
                + "'org.supportdesk.subscription.wallet-credited.v1'", member.toString())).isZero();
    }

    /**
     * R-B13 with R-S8: the member's closure, effective before the month's end, waits for its last
     * session when the referral is judged: no credit meanwhile, and the credit is lost once it closes.
     */
    @Test
    void aMembersClosureWaitingForItsLastSessionLosesTheCreditR_B13_R_S8() {
        UUID[] accounts = referral("10", "MONTHLY");
        UUID member = accounts[0];
        UUID session = UUID.randomUUID();
        org.supportdesk.subscription.closure.ClosureResourceTest.session(clock, "session-started", member, session);
        await().atMost(Duration.ofSeconds(30)).until(
                () -> Sql.count("select count(*) from active_session where session_id = ?1", session) == 1);
        given().auth().oauth2(Tokens.customer(member)).contentType("application/json").body(Map.of())
                .post("/api/v1/accounts/" + member + "/closure").then().statusCode(200);
        passTheEndOf(ReferralPolicy.firstFullMonth(today()));
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count("select count(*) from account_closure "
                + "where account_id = ?1 and status = 'WAITING_FOR_HANDLING'", member) == 1
                && Sql.count("select count(*) from due_timer where kind = 'referral-evaluation' and subject = ?1 "
                        + "and fired_at is null and due_at > ?2", accounts[1].toString(), clock.instant()) == 1);
        assertThat(referralsIn(accounts[1], "PENDING")).isEqualTo(1);
        assertThat(Sql.count("select count(*) from outbox_event where partition_key = ?1 and type = "
                + "'org.supportdesk.subscription.wallet-credited.v1'", member.toString())).isZero();

        org.supportdesk.subscription.closure.ClosureResourceTest.session(clock, "session-closed", member, session);
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count(
                "select count(*) from account where id = ?1 and status = 'CLOSED'", member) == 1);
        clock.advance(Duration.ofHours(2));
        await().atMost(Duration.ofSeconds(30)).until(() -> referralsIn(accounts[1], "LOST") == 1);
        assertThat(Sql.count("select count(*) from outbox_event where partition_key = ?1 and type = "
                + "'org.supportdesk.subscription.wallet-credited.v1'", member.toString())).isZero();
    }

    @Test
    void anUnknownCodeRefusesTheRegistrationAndLeavesNothingR_B13() {
        String email = "nobody." + UUID.randomUUID() + "@example.com";
        register("NOSUCHCODE", email).statusCode(422).body("type", org.hamcrest.Matchers.endsWith("unknown-referral-code"));
        register("not a code!", email).statusCode(400).body("violations.field", hasItem("referralCode"));
        assertThat(Sql.count("select count(*) from account where email = ?1", email)).isZero();
    }

    @Test
    void linksAreTheMembersOwnAndCampaignsAdminsR_B13() {
        UUID member = SubscriptionResourceTest.account();
        String campaign = campaign("5");
        String code = link(member, Tokens.customer(member), campaign).statusCode(200).extract().path("code");
        link(member, Tokens.customer(member), campaign).statusCode(200).body("code", equalTo(code)); // same link again
        link(member, Tokens.customer(UUID.randomUUID()), campaign).statusCode(404);
        link(member, Tokens.customer(member), UUID.randomUUID().toString()).statusCode(422);
        given().auth().oauth2(Tokens.customer(UUID.randomUUID())).get("/api/v1/accounts/" + member + "/referrals")
                .then().statusCode(404);
        given().auth().oauth2(Tokens.customer(member)).contentType("application/json")
                .body(Map.of("name", "x", "percent", "5", "startsOn", "2026-01-01", "endsOn", "2026-02-01"))
                .post("/api/v1/referral-campaigns").then().statusCode(403);
        given().auth().oauth2(Tokens.withRoles("admin")).contentType("application/json")
                .body(Map.of("name", "x", "percent", "150", "startsOn", "2026-02-01", "endsOn", "2026-01-01"))
                .post("/api/v1/referral-campaigns").then().statusCode(400)
                .body("violations.field", hasItem("percent")).body("violations.field", hasItem("endsOn"));
        given().get("/api/v1/referral-campaigns").then().statusCode(401);
    }
}
