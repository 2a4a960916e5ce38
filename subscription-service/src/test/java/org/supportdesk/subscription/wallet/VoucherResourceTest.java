package org.supportdesk.subscription.wallet;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.testing.HeldLocks;
import org.supportdesk.platform.testing.Sql;
import org.supportdesk.platform.testing.Tokens;
import org.supportdesk.platform.testing.TopicReader;
import org.supportdesk.subscription.subscription.SubscriptionResourceTest;

@QuarkusTest
public class VoucherResourceTest {

    public static String issue(Map<String, Object> body) {
        var issued = given().auth().oauth2(Tokens.withRoles("admin")).contentType("application/json").body(body)
                .post("/api/v1/vouchers").then().statusCode(201).extract();
        // its Location answers it, to admins only
        given().auth().oauth2(Tokens.withRoles("admin")).get(issued.header("Location")).then().statusCode(200)
                .body("code", org.hamcrest.Matchers.equalTo(issued.path("code")));
        given().auth().oauth2(Tokens.withRoles("agent")).get(issued.header("Location")).then().statusCode(403);
        return issued.path("code");
    }

    public static ValidatableResponse redeem(UUID account, String token, String code) {
        return given().auth().oauth2(token).contentType("application/json").body(Map.of("code", code))
                .post("/api/v1/accounts/" + account + "/redemptions").then();
    }

    public static Map<String, Object> card(String kind, Object minutes, String cash) {
        Map<String, Object> body = new HashMap<>();
        body.put("kind", kind);
        if (minutes != null) {
            body.put("minutes", minutes);
        }
        if (cash != null) {
            body.put("cash", Map.of("amount", cash, "currency", "ILS"));
        }
        return body;
    }

    @Test
    void aGiftCardIsRedeemedOnceIntoTheWalletAsACreditR_B6() {
        String code = issue(card("GIFT_CARD", null, "100.00"));
        UUID account = SubscriptionResourceTest.account();
        try (TopicReader events = TopicReader.fromStart("subscription-events")) {
            redeem(account, Tokens.customer(account), code).statusCode(200)
                    .body("kind", equalTo("GIFT_CARD")).body("cash.amount", equalTo("100.00"))
                    .body("minutes", nullValue());
            var credited = events.await(r -> account.toString().equals(r.key())
                    && "org.supportdesk.subscription.wallet-credited.v1".equals(TopicReader.header(r, "ce_type")),
                    "wallet-credited of " + account);
            assertThat(credited.value()).contains("\"source\":\"GIFT_CARD\"").contains("\"reference\":\"" + code + "\"")
                    .contains("\"amount\":\"100.00\"");
        }
        redeem(account, Tokens.customer(account), code).statusCode(422)
                .body("type", equalTo("https://supportdesk.org/problems/code-used"));
        UUID other = SubscriptionResourceTest.account();
        redeem(other, Tokens.customer(other), code).statusCode(422)
                .body("type", equalTo("https://supportdesk.org/problems/code-used"));
    }

    @Test
    void aCouponServesEachAccountOnceUpToItsLimitR_B6() {
        Map<String, Object> coupon = card("COUPON", 30, null);
        coupon.put("maxRedemptions", 2);
        String code = issue(coupon);
        UUID a = SubscriptionResourceTest.account();
        UUID b = SubscriptionResourceTest.account();
        UUID c = SubscriptionResourceTest.account();
        redeem(a, Tokens.customer(a), code).statusCode(200).body("minutes", equalTo(30));
        redeem(a, Tokens.customer(a), code).statusCode(422);
        redeem(b, Tokens.withRoles("ops"), code).statusCode(200);
        redeem(c, Tokens.customer(c), code).statusCode(422).body("type", equalTo("https://supportdesk.org/problems/code-used"));
        assertThat(Sql.count("select count(*) from voucher_redemption where code = ?1", code)).isEqualTo(2);
    }

    /**
     * R-B6 with R-S8: a code redeemed while the account closes (here the test holds the account, as the
     * closure's timer would, and closes it) waits for the closure, then is refused: the code keeps its
     * use and no credit goes to the closed account's wallet.
     */
    @Test
    void aCodeRedeemedAsTheAccountClosesIsRefusedR_B6_R_S8() throws Exception {
        String code = issue(card("GIFT_CARD", null, "50.00"));
        UUID account = SubscriptionResourceTest.account();
        String row = " account where id = '" + account + "'";
        CompletableFuture<ValidatableResponse> asked;
        try (HeldLocks closure = HeldLocks.hold(Sql::connect, "select 1 from" + row + " for update")) {
            asked = CompletableFuture.supplyAsync(() -> redeem(account, Tokens.customer(account), code));
            closure.awaitWaiting(1, Duration.ofSeconds(30)); // the redemption waits for the account
            assertThat(closure.update("update" + row.replace(" where", " set status = 'CLOSED' where"))).isEqualTo(1);
        }
        asked.get(30, TimeUnit.SECONDS).statusCode(409).body("type", endsWith("account-not-active"));
        assertThat(Sql.count("select count(*) from voucher_redemption where code = ?1", code)).isZero();
        assertThat(Sql.count("select redemptions from voucher where code = ?1", code)).isZero();
    }

    /** R-B6: a card's money is in the wallet's currency; another would be credited at face value in it. */
    @Test
    void aCardInAnotherCurrencyIsRefusedR_B6() {
        Map<String, Object> dollars = card("GIFT_CARD", null, null);
        String code = ("USD-" + UUID.randomUUID()).toUpperCase();
        dollars.put("code", code);
        dollars.put("cash", Map.of("amount", "50.00", "currency", "USD"));
        given().auth().oauth2(Tokens.withRoles("admin")).contentType("application/json").body(dollars)
                .post("/api/v1/vouchers").then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("https://supportdesk.org/problems/currency-not-accepted"));
        assertThat(Sql.count("select count(*) from voucher where code = ?1", code)).isZero();
    }

    @Test
    void expiredAndUnknownCodesAreRefused() {
        Map<String, Object> expired = card("COUPON", 10, null);
        expired.put("expiresOn", LocalDate.now().minusDays(2).toString());
        String code = issue(expired);
        UUID account = SubscriptionResourceTest.account();
        redeem(account, Tokens.customer(account), code).statusCode(422)
                .body("type", equalTo("https://supportdesk.org/problems/code-expired"));
        redeem(account, Tokens.customer(account), "NO-SUCH-CODE").statusCode(422)
                .body("type", equalTo("https://supportdesk.org/problems/unknown-code"));
        assertThat(Sql.count("select count(*) from voucher_redemption where account_id = ?1", account)).isZero();
    }

    @Test
    void changingToPrepaidAlsoNeedsACardRedeemedWithTheRequestR_S3() {
        String monthly = SubscriptionResourceTest.plan("MONTHLY", "SILVER");
        String prepaid = SubscriptionResourceTest.plan("PREPAID", "SILVER");
        UUID account = SubscriptionResourceTest.account();
        SubscriptionResourceTest.put(account, Tokens.customer(account), SubscriptionResourceTest.to(monthly))
                .statusCode(200);
        SubscriptionResourceTest.put(account, Tokens.customer(account), SubscriptionResourceTest.to(prepaid))
                .statusCode(422).body("type", equalTo("https://supportdesk.org/problems/prepaid-needs-card"));
        assertThat(Sql.count("select count(*) from plan_change where account_id = ?1", account)).isZero();
        String card = issue(card("GIFT_CARD", null, "50.00"));
        Map<String, Object> withCard = SubscriptionResourceTest.to(prepaid);
        withCard.put("cardCode", card);
        SubscriptionResourceTest.put(account, Tokens.customer(account), withCard).statusCode(200)
                .body("status", equalTo("SCHEDULED"));
        assertThat(Sql.count("select count(*) from voucher_redemption where code = ?1 and account_id = ?2", card, account))
                .isEqualTo(1);
    }

    @Test
    void joiningPrepaidRedeemsTheCardInTheSameStepR_S3() {
        String card = issue(card("SERVICE_CARD", 60, null));
        String prepaid = SubscriptionResourceTest.plan("PREPAID", "SILVER");
        UUID account = SubscriptionResourceTest.account();
        Map<String, Object> join = SubscriptionResourceTest.to(prepaid);
        join.put("cardCode", card);
        SubscriptionResourceTest.put(account, Tokens.customer(account), join).statusCode(200)
                .body("kind", equalTo("JOINED"));
        assertThat(Sql.count("select count(*) from voucher_redemption where code = ?1 and account_id = ?2", card, account))
                .isEqualTo(1);
        assertThat(Sql.count("select count(*) from outbox_event where partition_key = ?1 and type = "
                + "'org.supportdesk.subscription.wallet-credited.v1'", account.toString())).isEqualTo(1);

        UUID other = SubscriptionResourceTest.account();
        Map<String, Object> reuse = SubscriptionResourceTest.to(prepaid);
        reuse.put("cardCode", card);
        SubscriptionResourceTest.put(other, Tokens.customer(other), reuse).statusCode(422)
                .body("type", equalTo("https://supportdesk.org/problems/code-used"));
        Map<String, Object> coupon = SubscriptionResourceTest.to(prepaid);
        coupon.put("cardCode", issue(card("COUPON", 5, null)));
        SubscriptionResourceTest.put(other, Tokens.customer(other), coupon).statusCode(422)
                .body("type", equalTo("https://supportdesk.org/problems/unknown-card"));
        assertThat(Sql.count("select count(*) from subscription_period where account_id = ?1", other)).isZero();
    }

    /**
     * Two vouchers issued at once with one code: the second's check finds no voucher (the first is not
     * committed), its insert waits for the first and meets the code taken: 409, as the check answers.
     */
    @Test
    void aCodeTakenByAnIssueAtTheSameMomentAnswers409() throws Exception {
        String code = "SAME-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        Map<String, Object> body = card("COUPON", 5, null);
        body.put("code", code);
        HeldLocks first = HeldLocks.hold(Sql::connect, "select 1");
        CompletableFuture<io.restassured.response.ExtractableResponse<io.restassured.response.Response>> second;
        try {
            first.update("insert into voucher (code, kind, minutes, currency, max_redemptions, issued_by, issued_at) "
                    + "values ('" + code + "', 'COUPON', 5, 'ILS', 1, 'test', now())");
            second = CompletableFuture.supplyAsync(() -> given().auth().oauth2(Tokens.withRoles("admin"))
                    .contentType("application/json").body(body).post("/api/v1/vouchers").then().extract());
            first.awaitWaiting(1, Duration.ofSeconds(30));
        } finally {
            first.close(); // commits the first voucher
        }
        var answer = second.get(30, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(409);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(Sql.count("select count(*) from voucher where code = ?1", code)).isEqualTo(1);
    }

    @Test
    void onlyAdminsIssueAndBadVouchersAnswer400() {
        given().auth().oauth2(Tokens.withRoles("ops")).contentType("application/json")
                .body(card("COUPON", 5, null)).post("/api/v1/vouchers").then().statusCode(403);
        Map<String, Object> multiUseCard = card("GIFT_CARD", 5, null);
        multiUseCard.put("maxRedemptions", 3);
        for (Map<String, Object> bad : new Map[] { card("COUPON", null, null), multiUseCard,
                card("GIFT_CARD", null, "10.005"), card("GIFT_CARD", -5, null), Map.of("minutes", 5),
                card("COUPON", 30, "0.00") }) { // money given must be positive, even beside minutes
            given().auth().oauth2(Tokens.withRoles("admin")).contentType("application/json").body(bad)
                    .post("/api/v1/vouchers").then().statusCode(400).contentType("application/problem+json");
        }
        Map<String, Object> named = card("COUPON", 5, null);
        named.put("code", "WELCOME-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase());
        issue(named);
        given().auth().oauth2(Tokens.withRoles("admin")).contentType("application/json").body(named)
                .post("/api/v1/vouchers").then().statusCode(409);

        UUID account = SubscriptionResourceTest.account();
        redeem(account, Tokens.customer(UUID.randomUUID()), "ANYTHING").statusCode(404);
        redeem(account, Tokens.agent("T1"), "ANYTHING").statusCode(403);
        given().auth().oauth2(Tokens.customer(account)).contentType("application/json").body(Map.of("code", " "))
                .post("/api/v1/accounts/" + account + "/redemptions").then().statusCode(400)
                .body("violations.field", hasItem("code"));
    }
}
