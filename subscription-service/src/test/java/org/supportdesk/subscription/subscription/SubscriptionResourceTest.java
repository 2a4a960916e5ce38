package org.supportdesk.subscription.subscription;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.testing.CataloguedEvents;
import org.supportdesk.platform.testing.Sql;
import org.supportdesk.platform.testing.Tokens;
import org.supportdesk.platform.testing.TopicReader;
import org.supportdesk.platform.testing.TestClock;
import org.supportdesk.subscription.account.AccountResourceTest;
import org.supportdesk.subscription.plan.PlanFixtures;
import org.supportdesk.subscription.plan.PlanTerms;

@QuarkusTest
public class SubscriptionResourceTest {

    static final ZoneId JERUSALEM = ZoneId.of("Asia/Jerusalem");

    @Inject
    TestClock clock;
    @Inject
    ObjectMapper json;

    @AfterEach
    void putTheClockBack() {
        clock.reset();
    }

    LocalDate today() {
        return LocalDate.now(clock.withZone(JERUSALEM));
    }

    public static String plan(String type, String tier) {
        return given().auth().oauth2(Tokens.withRoles("admin")).contentType("application/json")
                .body(PlanFixtures.body("s-" + UUID.randomUUID().toString().substring(0, 8), type, tier))
                .post("/api/v1/plans").then().statusCode(201).extract().path("id");
    }

    public static UUID account() {
        return UUID.fromString(given().auth().oauth2(Tokens.withRoles("admin")).contentType("application/json")
                .body(AccountResourceTest.newAccount("Subscriber")).post("/api/v1/accounts").then().statusCode(201)
                .extract().path("id"));
    }

    public static io.restassured.response.ValidatableResponse put(UUID account, String token, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType("application/json").body(body)
                .put("/api/v1/accounts/" + account + "/subscription").then();
    }

    public static Map<String, Object> to(String planId) {
        Map<String, Object> body = new HashMap<>();
        body.put("planId", planId);
        return body;
    }

    void serviceGivenNow(UUID account) {
        serviceGivenNow(account, clock);
    }

    /** ticket-service reports a session that ended now (the catalogued session-closed sample). */
    public void serviceGivenNow(UUID account, TestClock clock) {
        serviceGivenNow(account, clock, null);
    }

    /** ... on a ticket priced under {@code ticketPlan} (R-S6); null: the sample's plan, none of the account's. */
    void serviceGivenNow(UUID account, TestClock clock, String ticketPlan) {
        ObjectNode data = CataloguedEvents.sample("org.supportdesk.ticket.session-closed.v1");
        data.put("accountId", account.toString());
        if (ticketPlan != null) {
            data.put("planId", ticketPlan);
        }
        data.put("endedAt", clock.instant().toString());
        CataloguedEvents.publish("ticket-events", UUID.randomUUID(), "org.supportdesk.ticket.session-closed.v1",
                data.get("sessionId").asText(), account.toString(), data.toString());
        LocalDate day = LocalDate.ofInstant(clock.instant(), JERUSALEM);
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count(
                "select count(*) from subscription_period where account_id = ?1 and last_service_on = ?2", account, day) == 1);
    }

    void letDaysPass(long days) {
        clock.advance(Duration.ofDays(days));
    }

    @Test
    void aCustomerJoinsAMonthlyPlanAtOnceAndItsTermsArePublishedR_S1() {
        UUID account = account();
        String gold = plan("MONTHLY", "GOLD");
        try (TopicReader events = TopicReader.fromStart("subscription-events")) {
            put(account, Tokens.customer(account), to(gold)).statusCode(200)
                    .body("kind", equalTo("JOINED")).body("status", equalTo("APPLIED"))
                    .body("effectiveOn", equalTo(today().toString()));
            var changed = events.await(r -> account.toString().equals(r.key())
                    && "org.supportdesk.subscription.subscription-changed.v1".equals(TopicReader.header(r, "ce_type")),
                    "subscription-changed of " + account);
            assertThat(changed.value()).contains("\"kind\":\"JOINED\"").contains("\"monthlyFee\"")
                    .contains("\"planId\":\"" + gold + "\"")
                    // the read models' terms: status, partner, and no commitment before any service (R-S5)
                    .contains("\"accountStatus\":\"ACTIVE\"").contains("\"partnerId\":null")
                    .contains("\"commitmentEndsOn\":null");
        }
        given().auth().oauth2(Tokens.customer(account)).get("/api/v1/accounts/" + account + "/subscription")
                .then().statusCode(200).body("period.planId", equalTo(gold)).body("period.planTier", equalTo("GOLD"))
                .body("commitmentEndsOn", nullValue());
    }

    @Test
    void theSubscriptionChangedEventMatchesTheCataloguedSample() throws Exception {
        JsonNode sample = CataloguedEvents.sample(SubscriptionEvents.CHANGED);
        SubscriptionEvents.SubscriptionChanged event = new SubscriptionEvents.SubscriptionChanged(
                UUID.fromString(sample.get("accountId").asText()), sample.get("kind").asText(),
                UUID.fromString(sample.get("planId").asText()), sample.get("planVersion").asInt(),
                sample.get("planCode").asText(), sample.get("planName").asText(),
                json.treeToValue(sample.get("terms"), PlanTerms.class),
                UUID.fromString(sample.get("previousPlanId").asText()), sample.get("previousPlanVersion").asInt(),
                sample.get("previousPlanCommitting").asBoolean(), LocalDate.parse(sample.get("effectiveOn").asText()),
                Instant.parse(sample.get("effectiveAt").asText()), sample.get("accountStatus").asText(), null, null);
        // compared as the outbox writes it: the serialized text, read back
        assertThat(json.readTree(json.writeValueAsString(event))).isEqualTo(sample);
    }

    @Test
    void onlyCardHoldersJoinPrepaidR_S3() {
        UUID account = account();
        String prepaid = plan("PREPAID", "SILVER");
        put(account, Tokens.withRoles("ops"), to(prepaid)).statusCode(422)
                .body("type", equalTo("https://supportdesk.org/problems/prepaid-needs-card"));
        Map<String, Object> withCard = to(prepaid);
        withCard.put("cardCode", "NO-SUCH-CARD");
        put(account, Tokens.withRoles("ops"), withCard).statusCode(422)
                .body("type", equalTo("https://supportdesk.org/problems/unknown-card"));
        assertThat(Sql.count("select count(*) from subscription_period where account_id = ?1", account)).isZero();
    }

    @Test
    void anUpgradeTakesEffectAtTheStartOfTheNextDayR_S5_R_S4() {
        UUID account = account();
        String gold = plan("MONTHLY", "GOLD");
        String platinum = plan("MONTHLY", "PLATINUM");
        put(account, Tokens.customer(account), to(gold)).statusCode(200);
        serviceGivenNow(account); // committed to GOLD: an upgrade is allowed all the same
        LocalDate tomorrow = today().plusDays(1);
        put(account, Tokens.customer(account), to(platinum)).statusCode(200)
                .body("kind", equalTo("UPGRADE")).body("status", equalTo("SCHEDULED"))
                .body("effectiveOn", equalTo(tomorrow.toString()));
        Instant dayStart = tomorrow.atStartOfDay(JERUSALEM).toInstant();
        assertThat(Sql.count("select count(*) from due_timer where kind = 'plan-change' and subject = ?1 and due_at = ?2",
                account.toString(), dayStart)).isEqualTo(1);

        letDaysPass(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count(
                "select count(*) from subscription_period where account_id = ?1 and ends_on is null and plan_tier = 'PLATINUM'",
                account) == 1);
        given().auth().oauth2(Tokens.customer(account)).get("/api/v1/accounts/" + account + "/subscription/history")
                .then().statusCode(200)
                .body("periods", hasSize(2))
                .body("periods[0].endsOn", equalTo(tomorrow.toString()))
                .body("periods[1].startsOn", equalTo(tomorrow.toString()))
                .body("changes[0].status", equalTo("APPLIED"));
    }

    @Test
    void aDowngradeDuringTheCommitmentAnswers409WithPossibleFromR_S5() {
        UUID account = account();
        put(account, Tokens.customer(account), to(plan("MONTHLY", "GOLD"))).statusCode(200);
        String silver = plan("MONTHLY", "SILVER");
        // before any service there is no commitment
        put(account, Tokens.customer(account), to(silver)).statusCode(200).body("kind", equalTo("DOWNGRADE"));
        serviceGivenNow(account);
        LocalDate possibleFrom = today().plusMonths(1);
        put(account, Tokens.customer(account), to(silver)).statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://supportdesk.org/problems/commitment"))
                .body("possibleFrom", equalTo(possibleFrom.toString()));
        // a future-dated request from that day is accepted
        Map<String, Object> later = to(silver);
        later.put("effectiveDate", possibleFrom.toString());
        put(account, Tokens.customer(account), later).statusCode(200)
                .body("status", equalTo("SCHEDULED")).body("effectiveOn", equalTo(possibleFrom.toString()));
        given().auth().oauth2(Tokens.customer(account)).get("/api/v1/accounts/" + account + "/subscription")
                .then().body("commitmentEndsOn", equalTo(possibleFrom.toString()))
                .body("scheduledChange.effectiveOn", equalTo(possibleFrom.toString()));
        // the first (replaced) request no longer applies: one scheduled change
        assertThat(Sql.count("select count(*) from plan_change where account_id = ?1 and status = 'SCHEDULED'", account))
                .isEqualTo(1);
    }

    /**
     * R-S5 with R-S6: a session on a ticket priced under the plan the account has left (opened in
     * SILVER, handled after the upgrade to GOLD) is service received under SILVER: it commits the
     * account to nothing in GOLD, and a move back is allowed.
     */
    @Test
    void serviceOnATicketOfThePlanLeftIsServiceUnderThatPlanR_S5_R_S6() {
        UUID account = account();
        String silver = plan("MONTHLY", "SILVER");
        String gold = plan("MONTHLY", "GOLD");
        put(account, Tokens.customer(account), to(silver)).statusCode(200);
        put(account, Tokens.customer(account), to(gold)).statusCode(200).body("kind", equalTo("UPGRADE"));
        letDaysPass(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count(
                "select count(*) from subscription_period where account_id = ?1 and ends_on is null and plan_tier = 'GOLD'",
                account) == 1);
        serviceGivenNow(account, clock, silver);
        assertThat(Sql.count("select count(*) from subscription_period where account_id = ?1 and plan_tier = 'SILVER' "
                + "and last_service_on = ?2", account, today())).isEqualTo(1);
        given().auth().oauth2(Tokens.customer(account)).get("/api/v1/accounts/" + account + "/subscription")
                .then().statusCode(200).body("commitmentEndsOn", nullValue());
        put(account, Tokens.customer(account), to(silver)).statusCode(200).body("kind", equalTo("DOWNGRADE"));
    }

    @Test
    void serviceAfterTheRequestPostponesAScheduledDowngradeR_S5() {
        UUID account = account();
        String gold = plan("MONTHLY", "GOLD");
        String platinum = plan("MONTHLY", "PLATINUM");
        String silver = plan("MONTHLY", "SILVER");
        LocalDate joined = today();
        put(account, Tokens.customer(account), to(gold)).statusCode(200);
        serviceGivenNow(account); // committed to GOLD until joined + 1 month
        put(account, Tokens.customer(account), to(platinum)).statusCode(200);
        letDaysPass(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count(
                "select count(*) from subscription_period where account_id = ?1 and ends_on is null and plan_tier = 'PLATINUM'",
                account) == 1);
        LocalDate goldEnd = joined.plusMonths(1);
        Map<String, Object> downgrade = to(silver);
        downgrade.put("effectiveDate", goldEnd.toString());
        put(account, Tokens.customer(account), downgrade).statusCode(200).body("effectiveOn", equalTo(goldEnd.toString()));

        serviceGivenNow(account); // service under PLATINUM, joined a day later: the commitment moves
        LocalDate platinumEnd = joined.plusDays(1).plusMonths(1);
        clock.advance(Duration.between(clock.instant(), goldEnd.atStartOfDay(JERUSALEM).toInstant()).plusMinutes(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count(
                "select count(*) from plan_change where account_id = ?1 and status = 'SCHEDULED' and postponed_from = ?2 "
                        + "and effective_on = ?3", account, goldEnd, platinumEnd) == 1);
        assertThat(Sql.count("select count(*) from subscription_period where account_id = ?1 and ends_on is null "
                + "and plan_tier = 'PLATINUM'", account)).isEqualTo(1);
    }

    @Test
    void aSessionStillRunningWhenAChangeIsDueIsServiceThatPostponesItR_S5_R_S4() {
        UUID account = account();
        String gold = plan("MONTHLY", "GOLD");
        LocalDate joined = today();
        put(account, Tokens.customer(account), to(gold)).statusCode(200);
        Map<String, Object> downgrade = to(plan("MONTHLY", "SILVER"));
        downgrade.put("effectiveDate", joined.plusDays(1).toString());
        put(account, Tokens.customer(account), downgrade).statusCode(200) // no service yet: no commitment
                .body("status", equalTo("SCHEDULED")).body("effectiveOn", equalTo(joined.plusDays(1).toString()));
        // a session starts today and still runs when the change is due at midnight: service under GOLD
        org.supportdesk.subscription.closure.ClosureResourceTest.session(clock, "session-started", account,
                UUID.randomUUID());
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count(
                "select count(*) from active_session where account_id = ?1", account) == 1);
        clock.advance(Duration.between(clock.instant(), joined.plusDays(1).atStartOfDay(JERUSALEM).toInstant())
                .plusMinutes(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count(
                "select count(*) from plan_change where account_id = ?1 and status = 'SCHEDULED' and postponed_from = ?2 "
                        + "and effective_on = ?3", account, joined.plusDays(1), joined.plusMonths(1)) == 1);
        assertThat(Sql.count("select count(*) from subscription_period where account_id = ?1 and ends_on is null "
                + "and plan_tier = 'GOLD'", account)).isEqualTo(1);
    }

    /**
     * R-S5 with R-S6: a session still running when a change is due is service in the plan its ticket
     * is priced under (session-started's planId), not necessarily the plan in force: here GOLD, left
     * for PLATINUM, whose month from joining ends a day before PLATINUM's would.
     */
    @Test
    void aRunningSessionIsServiceInItsTicketsPlanR_S5_R_S6() {
        UUID account = account();
        String gold = plan("MONTHLY", "GOLD");
        LocalDate joined = today();
        put(account, Tokens.customer(account), to(gold)).statusCode(200);
        put(account, Tokens.customer(account), to(plan("MONTHLY", "PLATINUM"))).statusCode(200);
        letDaysPass(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count(
                "select count(*) from subscription_period where account_id = ?1 and ends_on is null and plan_tier = 'PLATINUM'",
                account) == 1);
        LocalDate due = today().plusDays(1);
        Map<String, Object> downgrade = to(plan("MONTHLY", "SILVER"));
        downgrade.put("effectiveDate", due.toString());
        put(account, Tokens.customer(account), downgrade).statusCode(200).body("status", equalTo("SCHEDULED"));
        // a session on a ticket opened under GOLD (R-S6) starts today and still runs at midnight
        UUID session = UUID.randomUUID();
        ObjectNode started = CataloguedEvents.sample("org.supportdesk.ticket.session-started.v1");
        started.put("sessionId", session.toString());
        started.put("accountId", account.toString());
        started.put("startedAt", clock.instant().minusSeconds(600).toString());
        started.put("planId", gold);
        CataloguedEvents.publish("ticket-events", UUID.randomUUID(), "org.supportdesk.ticket.session-started.v1",
                session.toString(), account.toString(), started.toString());
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count(
                "select count(*) from active_session where session_id = ?1 and plan_id = ?2", session,
                UUID.fromString(gold)) == 1);
        clock.advance(Duration.between(clock.instant(), due.atStartOfDay(JERUSALEM).toInstant()).plusMinutes(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count(
                "select count(*) from plan_change where account_id = ?1 and status = 'SCHEDULED' and postponed_from = ?2 "
                        + "and effective_on = ?3", account, due, joined.plusMonths(1)) == 1);
    }

    @Test
    void theRequestIsCheckedBeforeAnythingChanges() {
        UUID account = account();
        String gold = plan("MONTHLY", "GOLD");
        put(account, Tokens.customer(account), to(UUID.randomUUID().toString())).statusCode(422)
                .body("type", equalTo("https://supportdesk.org/problems/unknown-plan"));
        put(account, Tokens.customer(account), to(gold)).statusCode(200);
        put(account, Tokens.customer(account), to(gold)).statusCode(409)
                .body("type", equalTo("https://supportdesk.org/problems/already-on-plan"));
        Map<String, Object> today = to(plan("MONTHLY", "PLATINUM"));
        today.put("effectiveDate", today().toString());
        put(account, Tokens.customer(account), today).statusCode(422)
                .body("type", equalTo("https://supportdesk.org/problems/effective-date-not-future"));
        today.put("effectiveDate", "+300000-01-01"); // a day the database could not keep: malformed
        put(account, Tokens.customer(account), today).statusCode(400)
                .body("type", equalTo("https://supportdesk.org/problems/malformed-body"));
        today.put("effectiveDate", "2999-01-01");
        put(account, Tokens.customer(account), today).statusCode(422)
                .body("type", equalTo("https://supportdesk.org/problems/effective-date-too-far"));
        put(account, Tokens.customer(account), Map.of("planId", "not-a-uuid")).statusCode(400);
        put(account, Tokens.customer(account), Map.of("effectiveDate", "tomorrow")).statusCode(400);
        put(account, Tokens.customer(account), Map.of()).statusCode(400).body("violations.field", hasItem("planId"));
        assertThat(Sql.count("select count(*) from plan_change where account_id = ?1", account)).isZero();
    }

    @Test
    void onlyTheAccountItsPartnerAndAdminOrOpsChangeItsPlan() {
        UUID account = account();
        String gold = plan("MONTHLY", "GOLD");
        put(account, Tokens.customer(UUID.randomUUID()), to(gold)).statusCode(404).contentType("application/problem+json");
        put(account, Tokens.partner(UUID.randomUUID()), to(gold)).statusCode(404);
        put(account, Tokens.agent("T2"), to(gold)).statusCode(403);
        given().contentType("application/json").body(to(gold)).put("/api/v1/accounts/" + account + "/subscription")
                .then().statusCode(401);
        given().auth().oauth2(Tokens.customer(UUID.randomUUID()))
                .get("/api/v1/accounts/" + account + "/subscription/history").then().statusCode(404);
        put(UUID.randomUUID(), Tokens.withRoles("admin"), to(gold)).statusCode(404);
        put(account, Tokens.withRoles("admin"), to(gold)).statusCode(200);
        given().auth().oauth2(Tokens.agent("T1")).get("/api/v1/accounts/" + account + "/subscription/history")
                .then().statusCode(200).body("periods", hasSize(1));
    }
}
