package org.supportdesk.billing.rating;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.supportdesk.billing.BillingEvents;
import org.supportdesk.platform.testing.Sql;
import org.supportdesk.platform.testing.TestClock;
import org.supportdesk.platform.testing.Tokens;
import org.supportdesk.platform.testing.TopicReader;

@QuarkusTest
class RatingServiceTest {

    @Inject
    TestClock clock;

    @AfterEach
    void putTheClockBack() {
        clock.reset();
    }

    static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(ZoneId.of("Asia/Jerusalem")).toInstant();
    }

    /** A session of the ticket closed with this outcome, once billing applied it: its id. */
    static UUID closedWith(UUID account, UUID ticket, UUID plan, Instant start, long seconds, String outcome) {
        UUID session = UUID.randomUUID();
        ObjectNode closed = BillingEvents.session(account, ticket, session, plan, start, seconds);
        closed.put("outcome", outcome);
        BillingEvents.closed(closed);
        return session;
    }

    static long rated(UUID session) {
        return Sql.count("select count(*) from rated_session where session_id = ?1", session);
    }

    @Test
    void eachSessionIsRatedOnceWithTheDailyAllowanceAndShowsInTheMonthsUsageR_B1_R_B2_R_B3() {
        UUID plan = BillingEvents.plan(t -> { });
        UUID account = BillingEvents.account(null, plan, "MONTHLY");
        UUID ticket = UUID.randomUUID();
        // 25 minutes: all included (30 a day)
        BillingEvents.closed(BillingEvents.session(account, ticket, UUID.randomUUID(), plan, at("2026-11-05T09:00"), 1500));
        // 10 more minutes that day: 5 included, 5 billable at 2.90
        UUID second = UUID.randomUUID();
        ObjectNode again = BillingEvents.session(account, ticket, second, plan, at("2026-11-05T11:00"), 600);
        UUID event = BillingEvents.closed(again);
        BillingEvents.publish("ticket-events", BillingEvents.SESSION_CLOSED, event, account.toString(), again); // redelivered
        BillingEvents.closed(again); // the same session under another event id
        assertThat(rated(second)).isEqualTo(1);
        assertThat(Sql.count("select count(*) from included_usage where account_id = ?1 and included = 30", account))
                .isEqualTo(1);

        given().auth().oauth2(Tokens.customer(account)).get("/api/v1/accounts/" + account + "/usage?month=2026-11")
                .then().statusCode(200).body("sessions", hasSize(2))
                .body("totals.minutes", equalTo(35)).body("totals.included", equalTo(30))
                .body("totals.payable.amount", equalTo("14.50")).body("totals.vat.amount", equalTo("2.21"))
                .body("sessions[1].lines[0].kind", equalTo("MINUTES")).body("sessions[1].lines[0].billable", equalTo(5));
        given().auth().oauth2(Tokens.customer(UUID.randomUUID())).get("/api/v1/accounts/" + account + "/usage?month=2026-11")
                .then().statusCode(404);
        given().auth().oauth2(Tokens.customer(account)).get("/api/v1/accounts/" + account + "/usage?month=2026-13")
                .then().statusCode(400);
    }

    /**
     * R-B1: a ticket's time is the sessions' actual duration summed, to the millisecond: two sessions of
     * 30.5 s are 61 s, 2 minutes (truncated to whole seconds they were 60 s, 1 minute).
     */
    @Test
    void aTicketsSessionsAreSummedToTheMillisecondR_B1() {
        UUID plan = BillingEvents.plan(t -> t.putNull("includedMinutes"));
        UUID account = BillingEvents.account(null, plan, "MONTHLY");
        UUID ticket = UUID.randomUUID();
        BillingEvents.closed(BillingEvents.sessionOfMillis(account, ticket, UUID.randomUUID(), plan,
                at("2026-11-07T09:00"), 30_500));
        BillingEvents.closed(BillingEvents.sessionOfMillis(account, ticket, UUID.randomUUID(), plan,
                at("2026-11-07T10:00"), 30_500));
        assertThat(Sql.count("select handled_ms from ticket_usage where ticket_id = ?1", ticket)).isEqualTo(61_000);
        given().auth().oauth2(Tokens.customer(account)).get("/api/v1/accounts/" + account + "/usage?month=2026-11")
                .then().statusCode(200).body("sessions", hasSize(2))
                .body("sessions[0].seconds", equalTo(30.5f)).body("sessions[0].minutes", equalTo(1))
                .body("sessions[1].minutes", equalTo(1))
                .body("totals.minutes", equalTo(2)).body("totals.payable.amount", equalTo("5.80"));
    }

    @Test
    void walletCreditPaysBeforeTheCustomerAndTheLedgerSaysSoR_B6_R_B8() {
        UUID plan = BillingEvents.plan(t -> t.putNull("includedMinutes"));
        UUID account = BillingEvents.account(null, plan, "MONTHLY");
        BillingEvents.credited(account, null, "10.00");
        given().auth().oauth2(Tokens.customer(account)).get("/api/v1/accounts/" + account + "/wallet").then()
                .body("cashCredit.amount", equalTo("10.00"));
        UUID session = UUID.randomUUID();
        BillingEvents.closed(BillingEvents.session(account, UUID.randomUUID(), session, plan, at("2026-11-06T09:00"), 600));
        assertThat(Sql.count("select count(*) from rated_session where session_id = ?1 and payable = 19.00 "
                + "and cash_credit_used = 10.00", session)).isEqualTo(1);
        given().auth().oauth2(Tokens.customer(account)).get("/api/v1/accounts/" + account + "/wallet").then()
                .body("cashCredit.amount", equalTo("0.00")).body("entries", hasSize(2)).body("entryCount", equalTo(2))
                .body("entries[1].source", equalTo("RATING"));
        given().auth().oauth2(Tokens.customer(account)).get("/api/v1/accounts/" + account + "/wallet/ledger").then()
                .statusCode(200).body("items", hasSize(2)).body("total", equalTo(2)).body("items[1].source", equalTo("RATING"));
        // a page at a time, oldest first, within the bound
        given().auth().oauth2(Tokens.customer(account)).get("/api/v1/accounts/" + account + "/wallet/ledger?page=1&size=1")
                .then().statusCode(200).body("items", hasSize(1)).body("items[0].source", equalTo("RATING"))
                .body("page", equalTo(1)).body("size", equalTo(1));
        given().auth().oauth2(Tokens.customer(account)).get("/api/v1/accounts/" + account + "/wallet/ledger?size=101")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(Tokens.customer(UUID.randomUUID())).get("/api/v1/accounts/" + account + "/wallet/ledger")
                .then().statusCode(404);
    }

    /**
     * R-B10 with R-B6: a ticket whose first session the wallet paid ends unsolved: its charges are
     * credited back to the wallet, as a ledger entry of the rating, and nothing is paid out as money.
     */
    @Test
    void noFixNoPayGivesTheWalletBackWhatItPaidR_B10_R_B6() {
        UUID plan = BillingEvents.plan(t -> t.putNull("includedMinutes"));
        UUID account = BillingEvents.account(null, plan, "MONTHLY");
        BillingEvents.credited(account, null, "50.00");
        UUID ticket = UUID.randomUUID();
        UUID first = closedWith(account, ticket, plan, at("2026-11-06T09:00"), 600, "CONTINUING");
        assertThat(Sql.count("select count(*) from rated_session where session_id = ?1 and payable = 0 "
                + "and cash_credit_used = 29.00", first)).isEqualTo(1);
        given().auth().oauth2(Tokens.customer(account)).get("/api/v1/accounts/" + account + "/wallet").then()
                .body("cashCredit.amount", equalTo("21.00"));
        UUID last = closedWith(account, ticket, plan, at("2026-11-06T10:00"), 60, "UNSOLVED");
        assertThat(Sql.count("select count(*) from rated_session where session_id = ?1 and payable = 0 "
                + "and cash_credit_used = -29.00", last)).isEqualTo(1);
        given().auth().oauth2(Tokens.customer(account)).get("/api/v1/accounts/" + account + "/wallet").then()
                .body("cashCredit.amount", equalTo("50.00")).body("entries", hasSize(3));
        assertThat(Sql.count("select count(*) from wallet_entry where account_id = ?1 and source = 'RATING' "
                + "and cash = 29.00", account)).isEqualTo(1);
        assertThat(Sql.count("select count(*) from rated_line where session_id = ?1 and kind = 'WALLET_RETURN' "
                + "and amount = 29.00", last)).isEqualTo(1);
    }

    @Test
    void aPartnersDiscountAppliesToWhatIsLeftToPayR_B9() {
        UUID partner = BillingEvents.partner("12.50");
        UUID plan = BillingEvents.plan(t -> t.putNull("includedMinutes"));
        UUID account = BillingEvents.account(partner, plan, "MONTHLY");
        UUID session = UUID.randomUUID();
        BillingEvents.closed(BillingEvents.session(account, UUID.randomUUID(), session, plan, at("2026-11-06T09:00"), 600));
        // 29.00 less 12.5% (3.625 → 3.63)
        assertThat(Sql.count("select count(*) from rated_session where session_id = ?1 and discount = 3.63 "
                + "and payable = 25.37", session)).isEqualTo(1);
    }

    @Test
    void aPrepaidWalletTellsTicketServiceHowLongItPaysForR_B7() {
        UUID plan = BillingEvents.plan(t -> {
            t.put("type", "PREPAID").put("tier", "SILVER").putNull("includedMinutes");
        });
        UUID account = BillingEvents.account(null, plan, "PREPAID");
        BillingEvents.credited(account, 5, "29.00"); // 5 minutes + 29.00 / 2.90 = 15 minutes
        assertThat(Sql.count("select count(*) from outbox_event where partition_key = ?1 and type = "
                + "'org.supportdesk.billing.prepaid-balance-changed.v1' and payload like '%\"availableSeconds\":900%'",
                account.toString())).isEqualTo(1);
        BillingEvents.closed(BillingEvents.session(account, UUID.randomUUID(), UUID.randomUUID(), plan,
                at("2026-11-07T09:00"), 420)); // 7 minutes: 5 wallet minutes, then 2 × 2.90 of the cash
        assertThat(Sql.count("select count(*) from outbox_event where partition_key = ?1 and type = "
                + "'org.supportdesk.billing.prepaid-balance-changed.v1' and payload like '%\"availableSeconds\":480%'",
                account.toString())).isEqualTo(1);
    }

    @Test
    void aSessionUnderAPlanVersionBillingNeverSawIsDeadLetteredWithTheReason() throws Exception {
        UUID plan = BillingEvents.plan(t -> { });
        UUID account = BillingEvents.account(null, plan, "MONTHLY");
        UUID session = UUID.randomUUID();
        try (TopicReader dlq = TopicReader.fromStart("ticket-events.dlq")) {
            ObjectNode data = BillingEvents.session(account, UUID.randomUUID(), session, UUID.randomUUID(),
                    at("2026-11-06T09:00"), 60);
            org.supportdesk.platform.testing.CataloguedEvents.publish("ticket-events", UUID.randomUUID(),
                    BillingEvents.SESSION_CLOSED, session.toString(), account.toString(), data.toString());
            var dead = dlq.awaitSubject(session.toString());
            assertThat(TopicReader.header(dead, "dead-letter-reason")).contains("not known yet");
        }
        assertThat(rated(session)).isZero();
        // the consumer goes on
        UUID next = UUID.randomUUID();
        BillingEvents.closed(BillingEvents.session(account, UUID.randomUUID(), next, plan, at("2026-11-06T10:00"), 60));
        await().atMost(Duration.ofSeconds(10)).until(() -> rated(next) == 1);
    }

    @Test
    void aQuotePricesTheCallSoFarWithoutRecordingIt() {
        UUID plan = BillingEvents.plan(t -> t.putNull("includedMinutes"));
        UUID account = BillingEvents.account(null, plan, "MONTHLY");
        given().auth().oauth2(Tokens.customer(account)).contentType("application/json")
                .body(java.util.Map.of("seconds", 61)).post("/api/v1/accounts/" + account + "/quote").then()
                .statusCode(200).body("minutes", equalTo(2)).body("payable.amount", equalTo("5.80"));
        given().auth().oauth2(Tokens.customer(account)).contentType("application/json")
                .body(java.util.Map.of("seconds", 60, "fixedPriceAction", "OS_INSTALL"))
                .post("/api/v1/accounts/" + account + "/quote").then().statusCode(200)
                .body("payable.amount", equalTo("250.00"));
        given().auth().oauth2(Tokens.customer(account)).contentType("application/json")
                .body(java.util.Map.of("seconds", -5)).post("/api/v1/accounts/" + account + "/quote").then()
                .statusCode(400);
        // at a given time: a session that crossed midnight splits into its days
        given().auth().oauth2(Tokens.customer(account)).contentType("application/json")
                .body(java.util.Map.of("seconds", 1200, "at", at("2026-11-10T00:10").toString()))
                .post("/api/v1/accounts/" + account + "/quote").then().statusCode(200)
                .body("lines.findAll { it.kind == 'MINUTES' }.size()", equalTo(2)).body("payable.amount", equalTo("58.00"));
        given().auth().oauth2(Tokens.customer(account)).contentType("application/json")
                .body(java.util.Map.of("seconds", 5, "fixedPriceAction", "NOPE"))
                .post("/api/v1/accounts/" + account + "/quote").then().statusCode(422);
        given().auth().oauth2(Tokens.customer(UUID.randomUUID())).contentType("application/json")
                .body(java.util.Map.of("seconds", 5)).post("/api/v1/accounts/" + account + "/quote").then()
                .statusCode(404);
        assertThat(Sql.count("select count(*) from rated_session where account_id = ?1", account)).isZero();
    }

    @Test
    void aPrepaidAccountThatUpgradesKeepsItsWalletR_S9() {
        UUID prepaid = BillingEvents.plan(t -> t.put("type", "PREPAID").put("tier", "SILVER").putNull("includedMinutes"));
        UUID monthly = BillingEvents.plan(t -> t.putNull("includedMinutes"));
        UUID account = BillingEvents.account(null, prepaid, "PREPAID");
        BillingEvents.credited(account, 4, "10.00");
        BillingEvents.joined(account, monthly, "MONTHLY", null);
        UUID session = UUID.randomUUID();
        // 10 minutes at 2.90 under the new plan: 4 wallet minutes, then the 10.00 cash, 7.40 left to pay
        BillingEvents.closed(BillingEvents.session(account, UUID.randomUUID(), session, monthly, at("2026-11-08T09:00"), 600));
        assertThat(Sql.count("select count(*) from rated_session where session_id = ?1 and minute_credit_used = 4 "
                + "and cash_credit_used = 10.00 and payable = 7.40", session)).isEqualTo(1);
    }

    @Test
    void aRunningPrepaidSessionIsWatchedAndBalanceExhaustedPublishedWhenTheWalletRunsOutR_B7() {
        UUID[] prepaid = prepaidWith(2); // 120 seconds
        UUID plan = prepaid[0];
        UUID account = prepaid[1];
        UUID running = UUID.randomUUID();
        Instant started = Instant.now().minusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS); // ran out 8 min ago
        started(account, running, started);
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count(EXHAUSTED + " and payload like ?2", running.toString(),
                "%\"exhaustedAt\":\"" + started.plusSeconds(120) + "\"%") == 1);
        // a session that closes in time is no longer watched
        UUID closedInTime = UUID.randomUUID();
        started(account, closedInTime, Instant.now());
        BillingEvents.closed(BillingEvents.session(account, UUID.randomUUID(), closedInTime, plan, Instant.now(), 30));
        assertThat(Sql.count("select count(*) from due_timer where kind = 'balance-watch' and subject = ?1 "
                + "and fired_at is null", closedInTime.toString())).isZero();
    }

    /**
     * The watch was set from the wallet when the session started; a top-up during the session lets it
     * run longer: when the watch comes due it looks at the wallet again and waits for the new moment,
     * publishing nothing (ticket-service would otherwise stop a session the wallet still pays for).
     */
    @Test
    void aWalletToppedUpDuringTheSessionMovesTheWatchInsteadOfStoppingItR_B7() {
        UUID account = prepaidWith(12)[1]; // 720 seconds
        UUID running = UUID.randomUUID();
        Instant started = Instant.now(clock).minusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        started(account, running, started);
        String watch = "select count(*) from due_timer where kind = 'balance-watch' and subject = ?1 and fired_at is null "
                + "and due_at = ?2";
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count(watch, running.toString(), started.plusSeconds(720)) == 1);

        BillingEvents.credited(account, 10, null); // 22 minutes in all: the session may run to started + 1,320 s
        clock.advance(Duration.ofSeconds(150)); // past the moment the first wallet ran out
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count(watch, running.toString(), started.plusSeconds(1320)) == 1
                || Sql.count(EXHAUSTED, running.toString()) > 0);
        assertThat(Sql.count(EXHAUSTED, running.toString())).isZero();

        clock.advance(Duration.ofSeconds(600)); // past started + 1,320 s: now it has run out
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count(EXHAUSTED + " and payload like ?2", running.toString(),
                "%\"exhaustedAt\":\"" + started.plusSeconds(1320) + "\"%") == 1);
    }

    /** A PREPAID plan and an account on it whose wallet holds {@code minutes}: {plan, account}. */
    static UUID[] prepaidWith(int minutes) {
        UUID plan = BillingEvents.plan(t -> t.put("type", "PREPAID").put("tier", "SILVER").putNull("includedMinutes"));
        UUID account = BillingEvents.account(null, plan, "PREPAID");
        BillingEvents.credited(account, minutes, null);
        return new UUID[] { plan, account };
    }

    /** ticket-service says a session of the account started. */
    static void started(UUID account, UUID session, Instant at) {
        ObjectNode data = org.supportdesk.platform.testing.CataloguedEvents.sample("org.supportdesk.ticket.session-started.v1");
        data.put("sessionId", session.toString());
        data.put("accountId", account.toString());
        data.put("startedAt", at.toString());
        BillingEvents.publish("ticket-events", "org.supportdesk.ticket.session-started.v1", UUID.randomUUID(),
                account.toString(), data);
    }

    static final String EXHAUSTED = "select count(*) from outbox_event where subject = ?1 "
            + "and type = 'org.supportdesk.billing.balance-exhausted.v1'";

    @Test
    void aBurstOfSessionsRatedTogetherUsesTheAllowanceAndTheWalletInOrderAndEachSessionOnceR_B2_R_B6() throws Exception {
        UUID plan = BillingEvents.plan(t -> { });
        UUID account = BillingEvents.account(null, plan, "MONTHLY");
        BillingEvents.credited(account, null, "10.00");
        java.util.List<UUID> tickets = java.util.List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        java.util.List<UUID> sessions = new java.util.ArrayList<>();
        try (org.apache.kafka.clients.producer.KafkaProducer<String, String> producer = TopicReader.producer()) {
            for (int i = 0; i < 10; i++) {
                // ten 5-minute sessions on one day, over three tickets: 30 minutes included (R-B2), 20 billable
                UUID session = UUID.randomUUID();
                sessions.add(session);
                ObjectNode data = BillingEvents.session(account, tickets.get(i % 3), session, plan,
                        at("2026-11-12T09:00").plusSeconds(i * 600L), 300);
                producer.send(org.supportdesk.platform.testing.CloudEventRecords.event("ticket-events", UUID.randomUUID(),
                        BillingEvents.SESSION_CLOSED, session.toString(), account.toString(), data.toString()));
                if (i == 4) {
                    // the same session under another event id, in the same burst
                    producer.send(org.supportdesk.platform.testing.CloudEventRecords.event("ticket-events",
                            UUID.randomUUID(), BillingEvents.SESSION_CLOSED, session.toString(), account.toString(),
                            data.toString()));
                }
            }
            producer.flush();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> rated(sessions.getLast()) == 1);
        for (UUID session : sessions) {
            assertThat(rated(session)).isEqualTo(1);
        }
        String mine = "from rated_session where account_id = ?1";
        assertThat(Sql.count("select sum(minutes) " + mine, account)).isEqualTo(50);
        assertThat(Sql.count("select sum(included) " + mine, account)).isEqualTo(30);
        // 20 minutes × 2.90 = 58.00, of which the wallet's 10.00 first (R-B6)
        assertThat(Sql.count("select count(*) from (select sum(payable) p, sum(cash_credit_used) c " + mine
                + ") t where p = 48.00 and c = 10.00", account)).isEqualTo(1);
        assertThat(Sql.count("select sum(included) from included_usage where account_id = ?1", account)).isEqualTo(30);
        assertThat(Sql.count("select sum(handled_ms) from ticket_usage where account_id = ?1", account)).isEqualTo(3_000_000);
        assertThat(Sql.count("select count(*) from wallet where account_id = ?1 and cash_credit = 0", account)).isEqualTo(1);
        // fewer transactions than sessions: they were rated in batches
        assertThat(Sql.count("select count(distinct rated_at) " + mine, account)).isLessThan(10);
    }
}
