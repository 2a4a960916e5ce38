package org.supportdesk.billing.invoice;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.supportdesk.billing.BillingEvents;
import org.supportdesk.billing.accounts.SubscriptionEvents;
import org.supportdesk.platform.testing.CataloguedEvents;
import org.supportdesk.platform.testing.Sql;
import org.supportdesk.platform.testing.TestClock;
import org.supportdesk.platform.testing.Tokens;

@QuarkusTest
class InvoiceServiceTest {

    @Inject
    TestClock clock;

    @AfterEach
    void putTheClockBack() {
        clock.reset();
    }

    static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(ZoneId.of("Asia/Jerusalem")).toInstant();
    }

    static UUID occasionalPlan() {
        return BillingEvents.plan(t -> {
            t.put("type", "OCCASIONAL").put("tier", "SILVER").putNull("includedMinutes");
            ((com.fasterxml.jackson.databind.node.ObjectNode) t.get("ticketFee")).put("amount", "15.00");
            ((com.fasterxml.jackson.databind.node.ObjectNode) t.get("monthlyFee")).put("amount", "0.00");
        });
    }

    /** The account's invoice lines of a kind that also meet {@code condition} (on {@code l}, the line). */
    static long invoiceLines(UUID account, String kind, String condition) {
        return Sql.count("select count(*) from invoice_line l join invoice i on i.id = l.invoice_id "
                + "where i.account_id = ?1 and l.kind = ?2 and " + condition, account, kind);
    }

    /** A plan of 99.00 a month including 60 minutes a month, 2.90 a minute beyond. */
    static UUID sixtyMinutesAMonth() {
        return BillingEvents.plan(t -> ((com.fasterxml.jackson.databind.node.ObjectNode) t.get("includedMinutes"))
                .putNull("perDay").put("perMonth", 60));
    }

    /** A plan without a monthly fee or included minutes. */
    static UUID freeWithoutAllowance() {
        return freeWithoutAllowance("2.90");
    }

    /** A plan without a monthly fee or included minutes, at this minute rate. */
    static UUID freeWithoutAllowance(String minuteRate) {
        return BillingEvents.plan(t -> {
            t.putNull("includedMinutes");
            ((com.fasterxml.jackson.databind.node.ObjectNode) t.get("monthlyFee")).put("amount", "0.00");
            ((com.fasterxml.jackson.databind.node.ObjectNode) t.get("minuteRate")).put("amount", minuteRate);
        });
    }

    /** A PREPAID plan without a monthly fee or included minutes (R-S9's new plan). */
    static UUID prepaidPlan() {
        return BillingEvents.plan(t -> {
            t.put("type", "PREPAID").put("tier", "SILVER").putNull("includedMinutes");
            ((com.fasterxml.jackson.databind.node.ObjectNode) t.get("monthlyFee")).put("amount", "0.00");
        });
    }

    static long invoices(UUID account, String status) {
        return Sql.count("select count(*) from invoice where account_id = ?1 and status = ?2", account, status);
    }

    @Test
    void anOccasionalTicketIsInvoicedAndChargedWhenItsHandlingEndsR_B12() {
        UUID plan = occasionalPlan();
        UUID account = BillingEvents.account(null, plan, "OCCASIONAL");
        UUID ticket = UUID.randomUUID();
        BillingEvents.closed(BillingEvents.session(account, ticket, UUID.randomUUID(), plan, at("2026-11-10T09:00"), 120));
        assertThat(Sql.count("select count(*) from invoice where account_id = ?1", account)).isZero(); // still handled
        BillingEvents.ticketStatus(account, ticket, "IN_PROGRESS", "RESOLVED", at("2026-11-10T09:05"));
        assertThat(invoices(account, "PAID")).isEqualTo(1);
        String id = given().auth().oauth2(Tokens.customer(account)).get("/api/v1/accounts/" + account + "/invoices").then()
                .statusCode(200).body("items", hasSize(1)).body("total", equalTo(1)).body("items[0].kind", equalTo("TICKET"))
                .body("items[0].total.amount", equalTo("20.80")).extract().path("items[0].id");
        given().auth().oauth2(Tokens.customer(account)).get("/api/v1/invoices/" + id).then().statusCode(200)
                .body("lines", hasSize(1)).body("lines[0].quantity", equalTo(2)).body("vat.amount", equalTo("3.17"));
        given().auth().oauth2(Tokens.customer(UUID.randomUUID())).get("/api/v1/invoices/" + id).then().statusCode(404);
        byte[] pdf = given().auth().oauth2(Tokens.customer(account)).get("/api/v1/invoices/" + id + "/pdf").then()
                .statusCode(200).contentType("application/pdf").extract().asByteArray();
        assertThat(new String(pdf, 0, 5)).isEqualTo("%PDF-");
        given().auth().oauth2(Tokens.customer(UUID.randomUUID())).get("/api/v1/invoices/" + id + "/pdf").then()
                .statusCode(404);
        assertThat(Sql.count("select count(*) from outbox_event where partition_key = ?1 and type in "
                + "('org.supportdesk.billing.invoice-issued.v1', 'org.supportdesk.billing.invoice-paid.v1')",
                account.toString())).isEqualTo(2);
        // closing the resolved ticket bills nothing again
        BillingEvents.ticketStatus(account, ticket, "RESOLVED", "CLOSED", at("2026-11-12T09:05"));
        assertThat(Sql.count("select count(*) from invoice where account_id = ?1", account)).isEqualTo(1);
    }

    /** An OCCASIONAL account (of {@code partner}, or none) whose card declines its next two charges, and a ticket of it just invoiced. */
    UUID occasionalTicketDeclinedTwice(UUID partner) {
        UUID plan = occasionalPlan();
        UUID account = BillingEvents.account(partner, plan, "OCCASIONAL");
        given().auth().oauth2(Tokens.withRoles("ops")).contentType("application/json")
                .body(Map.of("times", 2, "reason", "card declined"))
                .post("/api/v1/payment-simulator/accounts/" + account + "/failures").then().statusCode(200);
        UUID ticket = UUID.randomUUID();
        BillingEvents.closed(BillingEvents.session(account, ticket, UUID.randomUUID(), plan, at("2026-11-10T09:00"), 60));
        BillingEvents.ticketStatus(account, ticket, "IN_PROGRESS", "RESOLVED", at("2026-11-10T09:05"));
        return account;
    }

    @Test
    void aFailedChargeIsPublishedRetriedAndTheSecondFailureComesAfterTheWarningR_S7() {
        UUID account = occasionalTicketDeclinedTwice(null);
        assertThat(Sql.count("select count(*) from outbox_event where partition_key = ?1 and type = "
                + "'org.supportdesk.billing.payment-failed.v1' and payload like '%\"warnedAboutCard\":false%'",
                account.toString())).isEqualTo(1);
        assertThat(invoices(account, "ISSUED")).isEqualTo(1);

        clock.advance(Duration.ofDays(3).plusMinutes(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count("select count(*) from outbox_event where "
                + "partition_key = ?1 and type = 'org.supportdesk.billing.payment-failed.v1' "
                + "and payload like '%\"warnedAboutCard\":true%'", account.toString()) == 1);
        clock.advance(Duration.ofDays(3));
        await().atMost(Duration.ofSeconds(30)).until(() -> invoices(account, "PAID") == 1);
    }

    /**
     * R-S7: the payer pays a declined invoice itself, without waiting for the retry: declined again it
     * stays ISSUED (told by payment-failed), approved it is PAID (invoice-paid, saying whether other debt
     * is unpaid, which keeps a freeze); then nothing is left to pay. Its partner sees it but cannot pay it.
     */
    @Test
    void thePayerPaysADeclinedInvoiceNowR_S7() {
        UUID partner = UUID.randomUUID();
        UUID account = occasionalTicketDeclinedTwice(partner);
        String first = given().auth().oauth2(Tokens.customer(account)).get("/api/v1/accounts/" + account + "/invoices")
                .then().statusCode(200).body("items[0].status", equalTo("ISSUED")).extract().path("items[0].id");
        String pay = "/api/v1/invoices/" + first + "/pay";
        given().auth().oauth2(Tokens.customer(UUID.randomUUID())).post(pay).then().statusCode(404);
        // R-P2: its partner sees the invoice but charges no customer's card
        given().auth().oauth2(Tokens.partner(partner)).post(pay).then().statusCode(403)
                .body("type", equalTo("https://supportdesk.org/problems/not-the-payer"));
        given().auth().oauth2(Tokens.customer(account)).post(pay).then().statusCode(200).body("status", equalTo("ISSUED"));
        assertThat(Sql.count("select count(*) from outbox_event where partition_key = ?1 and type = "
                + "'org.supportdesk.billing.payment-failed.v1'", account.toString())).isEqualTo(2);

        // a second ticket's invoice declined too: paying the first leaves that debt unpaid
        given().auth().oauth2(Tokens.withRoles("ops")).contentType("application/json")
                .body(Map.of("times", 1, "reason", "card declined"))
                .post("/api/v1/payment-simulator/accounts/" + account + "/failures").then().statusCode(200);
        UUID ticket = UUID.randomUUID();
        BillingEvents.closed(BillingEvents.session(account, ticket, UUID.randomUUID(), occasionalPlan(),
                at("2026-11-11T09:00"), 60));
        BillingEvents.ticketStatus(account, ticket, "IN_PROGRESS", "RESOLVED", at("2026-11-11T09:05"));
        assertThat(invoices(account, "ISSUED")).isEqualTo(2);
        String second = given().auth().oauth2(Tokens.customer(account)).get("/api/v1/accounts/" + account + "/invoices")
                .then().statusCode(200).extract().path("items.find { it.id != '" + first + "' }.id");
        given().auth().oauth2(Tokens.customer(account)).post(pay).then().statusCode(200).body("status", equalTo("PAID"));
        String paid = "select count(*) from outbox_event where partition_key = ?1 and type = "
                + "'org.supportdesk.billing.invoice-paid.v1' and payload like ?2 and payload like ?3";
        assertThat(Sql.count(paid, account.toString(), "%" + first + "%", "%\"otherDebtUnpaid\":true%")).isEqualTo(1);
        given().auth().oauth2(Tokens.customer(account)).post("/api/v1/invoices/" + second + "/pay").then().statusCode(200)
                .body("status", equalTo("PAID"));
        assertThat(Sql.count(paid, account.toString(), "%" + second + "%", "%\"otherDebtUnpaid\":false%")).isEqualTo(1);
        given().auth().oauth2(Tokens.customer(account)).post(pay).then().statusCode(409)
                .body("type", equalTo("https://supportdesk.org/problems/not-payable"));
        assertThat(invoices(account, "PAID")).isEqualTo(2);
    }

    @Test
    void theMonthlyRunBillsProratedFeesAndTicketsWhoseHandlingEndedR_B11() {
        // a day in November: October's run is due, November's not yet, whatever day the tests run on
        clock.advance(Duration.between(clock.instant(), at("2026-11-22T12:00")));
        UUID plan = BillingEvents.plan(t -> t.putNull("includedMinutes")); // 99.00 a month, 2.90 a minute
        UUID account = BillingEvents.registered(null);
        UUID ended = UUID.randomUUID();
        UUID ongoing = UUID.randomUUID();
        BillingEvents.closed(BillingEvents.session(account, ended, UUID.randomUUID(), plan, at("2026-10-20T09:00"), 600));
        BillingEvents.ticketStatus(account, ended, "IN_PROGRESS", "RESOLVED", at("2026-10-20T09:30"));
        BillingEvents.closed(BillingEvents.session(account, ongoing, UUID.randomUUID(), plan, at("2026-10-21T09:00"), 300));
        // joined on 16 October: October's run is due already and fires
        BillingEvents.joined(account, plan, "MONTHLY", LocalDate.of(2026, 10, 16));
        await().atMost(Duration.ofSeconds(30)).until(() -> invoices(account, "PAID") == 1);
        String id = given().auth().oauth2(Tokens.withRoles("ops")).get("/api/v1/accounts/" + account + "/invoices").then()
                .statusCode(200).body("items[0].kind", equalTo("MONTHLY")).body("items[0].periodStart", equalTo("2026-10-01"))
                // 99.00 × 16/31 = 51.10; the ended ticket's 10 minutes 29.00; the ongoing one rolls over
                .body("items[0].total.amount", equalTo("80.10")).extract().path("items[0].id");
        given().auth().oauth2(Tokens.customer(account)).get("/api/v1/invoices/" + id).then()
                .body("lines", hasSize(2)).body("lines[0].kind", equalTo("MONTHLY_FEE"))
                .body("lines[0].amount.amount", equalTo("51.10")).body("lines[1].kind", equalTo("TICKET"));
        assertThat(Sql.count("select count(*) from rated_session where account_id = ?1 and ticket_id = ?2 "
                + "and invoice_id is null", account, ongoing)).isEqualTo(1);
        // the next month is scheduled; the run's progress is visible
        assertThat(Sql.count("select count(*) from due_timer where kind = 'invoice-run' and subject = ?1 and fired_at is null",
                account + "/2026-11-01")).isEqualTo(1);
        // and the month after it too: a run parked after failing for good never stops the later months
        assertThat(Sql.count("select count(*) from due_timer where kind = 'invoice-run' and subject = ?1 and fired_at is null",
                account + "/2026-12-01")).isEqualTo(1);
        given().auth().oauth2(Tokens.withRoles("ops")).get("/api/v1/invoice-runs?period=2026-10").then().statusCode(200)
                .body("invoiced", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
        given().auth().oauth2(Tokens.customer(account)).get("/api/v1/invoices?accountId=" + account + "&period=2026-10")
                .then().statusCode(200).body("items", hasSize(1));
        given().auth().oauth2(Tokens.customer(account)).get("/api/v1/invoices?accountId=" + account + "&period=2026-09")
                .then().statusCode(200).body("items", hasSize(0)).body("total", equalTo(0));
        given().auth().oauth2(Tokens.customer(UUID.randomUUID())).get("/api/v1/invoices?accountId=" + account).then()
                .statusCode(404);
        given().auth().oauth2(Tokens.customer(account)).get("/api/v1/invoices/" + id + ".pdf").then().statusCode(200)
                .contentType("application/pdf");
        // an admin runs October again: the invoiced account is not run again, and stays invoiced once
        String runs = "select count(*) from due_timer where kind = 'invoice-run' and subject = ?1";
        long octoberRuns = Sql.count(runs, account + "/2026-10-01");
        String run = given().auth().oauth2(Tokens.withRoles("admin")).contentType("application/json")
                .body(Map.of("period", "2026-10")).post("/api/v1/invoice-runs").then().statusCode(202)
                .extract().path("id");
        given().auth().oauth2(Tokens.withRoles("ops")).get("/api/v1/invoice-runs/" + run).then().statusCode(200)
                .body("period", equalTo("2026-10"));
        assertThat(Sql.count(runs, account + "/2026-10-01")).as("no run of October again").isEqualTo(octoberRuns);
        assertThat(Sql.count("select count(*) from invoice where account_id = ?1 and kind = 'MONTHLY'", account))
                .isEqualTo(1);
        given().auth().oauth2(Tokens.withRoles("admin")).contentType("application/json")
                .body(Map.of("period", "2099-01")).post("/api/v1/invoice-runs").then().statusCode(422);
        given().auth().oauth2(Tokens.withRoles("ops")).contentType("application/json")
                .body(Map.of("period", "2026-10")).post("/api/v1/invoice-runs").then().statusCode(403);
        given().auth().oauth2(Tokens.customer(account)).get("/api/v1/invoice-runs?period=2026-10").then().statusCode(403);
    }

    /**
     * R-B11, never a session on two invoices: another run bills one of the month's sessions after this
     * run read it unbilled and before this run marks it (here a transaction of the test's own, open
     * until the run waits for the session's row). Marking takes only sessions still unbilled, so the
     * run's batch rolls back whole, fires again, and bills the rest: the session stays on the other
     * invoice, the month is invoiced once.
     */
    /**
     * R-S8 with R-B11: an account that closed at the end of 10 October pays October's fee for ten days,
     * and nothing for November, whose run (scheduled before the closure) finds no day in a plan.
     */
    @Test
    void aClosedAccountPaysTheMonthsFeeToItsLastDayAndNothingAfterR_B11_R_S8() {
        clock.advance(Duration.between(clock.instant(), at("2026-10-22T12:00")));
        UUID plan = BillingEvents.plan(t -> t.putNull("includedMinutes")); // 99.00 a month
        UUID account = BillingEvents.registered(null);
        BillingEvents.joined(account, plan, "MONTHLY", LocalDate.of(2026, 10, 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count("select count(*) from due_timer where kind = "
                + "'invoice-run' and subject = ?1 and fired_at is null", account + "/2026-11-01") == 1);
        ObjectNode closed = CataloguedEvents.sample(SubscriptionEvents.ACCOUNT_CLOSED);
        closed.put("accountId", account.toString());
        closed.put("closedOn", "2026-10-10");
        closed.put("closedAt", at("2026-10-11T00:00").toString());
        BillingEvents.publish("subscription-events", SubscriptionEvents.ACCOUNT_CLOSED, UUID.randomUUID(),
                account.toString(), closed);
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count("select count(*) from billing_account "
                + "where account_id = ?1 and status = 'CLOSED'", account) == 1);

        clock.advance(Duration.between(clock.instant(), at("2026-12-02T12:00")));
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count("select count(*) from due_timer where kind = "
                + "'invoice-run' and subject in (?1, ?2) and fired_at is not null", account + "/2026-10-01",
                account + "/2026-11-01") == 2);
        assertThat(Sql.count("select count(*) from invoice where account_id = ?1", account)).isEqualTo(1);
        // 99.00 × 10/31 = 31.94, for 1 to 10 October
        assertThat(invoiceLines(account, "MONTHLY_FEE", "l.amount = 31.94")).isEqualTo(1);
    }

    @Test
    void aSessionAnotherRunBilledMeanwhileStaysOnThatInvoiceAndTheRunBillsTheRestR_B11() throws Exception {
        clock.advance(Duration.between(clock.instant(), at("2026-11-22T12:00")));
        UUID plan = BillingEvents.plan(t -> t.putNull("includedMinutes")); // 99.00 a month, 2.90 a minute
        UUID account = BillingEvents.registered(null);
        UUID taken = UUID.randomUUID();
        UUID left = UUID.randomUUID();
        UUID takenSession = UUID.randomUUID();
        UUID leftSession = UUID.randomUUID();
        BillingEvents.closed(BillingEvents.session(account, taken, takenSession, plan, at("2026-10-20T09:00"), 600));
        BillingEvents.ticketStatus(account, taken, "IN_PROGRESS", "RESOLVED", at("2026-10-20T09:30"));
        BillingEvents.closed(BillingEvents.session(account, left, leftSession, plan, at("2026-10-21T09:00"), 300));
        BillingEvents.ticketStatus(account, left, "IN_PROGRESS", "RESOLVED", at("2026-10-21T09:30"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count("select count(*) from rated_session r "
                + "join ticket_usage t on t.ticket_id = r.ticket_id where r.account_id = ?1 "
                + "and t.handling_ended_at is not null", account) == 2);

        UUID otherInvoice = UUID.randomUUID();
        try (Connection other = Sql.connect()) {
            other.setAutoCommit(false);
            try (var billing = other.prepareStatement("update rated_session set invoice_id = ? where session_id = ?")) {
                billing.setObject(1, otherInvoice);
                billing.setObject(2, takenSession);
                assertThat(billing.executeUpdate()).isEqualTo(1);
            }
            // joined on 16 October: October's run falls due, reads both sessions unbilled and waits to mark them
            BillingEvents.joined(account, plan, "MONTHLY", LocalDate.of(2026, 10, 16));
            await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count("select count(*) from pg_stat_activity "
                    + "where wait_event_type = 'Lock' and query like 'update rated_session r set invoice_id%'") == 1);
            other.commit();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> invoices(account, "PAID") == 1);
        assertThat(Sql.count("select count(*) from invoice where account_id = ?1", account)).isEqualTo(1);
        // 99.00 × 16/31 = 51.10 and the left ticket's 5 minutes 14.50; the taken one is the other run's
        assertThat(Sql.count("select count(*) from invoice where account_id = ?1 and kind = 'MONTHLY' "
                + "and period_start = date '2026-10-01' and total = 65.60", account)).isEqualTo(1);
        assertThat(invoiceLines(account, "TICKET", "l.ticket_id = '" + left + "'")).isEqualTo(1);
        assertThat(invoiceLines(account, "TICKET", "l.ticket_id = '" + taken + "'")).isZero();
        assertThat(Sql.count("select count(*) from rated_session where session_id = ?1 and invoice_id = ?2",
                takenSession, otherInvoice)).isEqualTo(1);
        assertThat(Sql.count("select count(*) from rated_session r join invoice i on i.id = r.invoice_id "
                + "where r.session_id = ?1 and i.account_id = ?2", leftSession, account)).isEqualTo(1);
    }

    static long novemberInvoices(UUID account, String total) {
        return Sql.count("select count(*) from invoice where account_id = ?1 and kind = 'MONTHLY' "
                + "and period_start = date '2026-11-01' and total = ?2", account, new java.math.BigDecimal(total));
    }

    @Test
    void accountsFallingDueTogetherAreInvoicedInOneBatchEachAsOnItsOwnR_B11_R_B9() {
        clock.advance(Duration.between(clock.instant(), at("2026-11-10T12:00")));
        UUID plan = BillingEvents.plan(t -> t.putNull("includedMinutes")); // 99.00 a month, 2.90 a minute
        UUID partner = BillingEvents.partner("10");
        UUID whole = BillingEvents.registered(null);
        UUID half = BillingEvents.registered(null);
        UUID discounted = BillingEvents.registered(partner);
        UUID elsewhere = BillingEvents.registered(null);
        BillingEvents.joined(whole, plan, "MONTHLY", LocalDate.of(2026, 11, 1));
        BillingEvents.joined(half, plan, "MONTHLY", LocalDate.of(2026, 11, 16));
        BillingEvents.joined(discounted, plan, "MONTHLY", LocalDate.of(2026, 11, 1));
        BillingEvents.joined(elsewhere, occasionalPlan(), "OCCASIONAL", LocalDate.of(2026, 11, 1));
        UUID ticket = UUID.randomUUID();
        BillingEvents.closed(BillingEvents.session(whole, ticket, UUID.randomUUID(), plan, at("2026-11-10T09:00"), 600));
        BillingEvents.ticketStatus(whole, ticket, "IN_PROGRESS", "RESOLVED", at("2026-11-10T09:30"));
        // November's runs fall due together (1 December, 01:00) and are claimed as one batch
        clock.advance(Duration.between(clock.instant(), at("2026-12-01T02:00")));
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count("select count(*) from invoice where kind = 'MONTHLY' "
                + "and period_start = date '2026-11-01' and status = 'PAID' and account_id in (?1, ?2, ?3)",
                whole, half, discounted) == 3);
        assertThat(novemberInvoices(whole, "128.00")).isEqualTo(1); // 99.00 and the ticket's 10 minutes
        assertThat(novemberInvoices(half, "49.50")).isEqualTo(1); // 99.00 × 15/30
        assertThat(novemberInvoices(discounted, "89.10")).isEqualTo(1); // 99.00 less 10%
        assertThat(Sql.count("select count(*) from invoice where account_id = ?1", elsewhere)).isZero();
        assertThat(Sql.count("select count(*) from rated_session where account_id = ?1 and invoice_id is null", whole))
                .isZero();
        for (UUID account : java.util.List.of(whole, half, discounted)) {
            assertThat(Sql.count("select count(*) from due_timer where kind = 'invoice-run' and fired_at is null "
                    + "and subject in (?1, ?2)", account + "/2026-12-01", account + "/2027-01-01")).isEqualTo(2);
        }
        assertThat(Sql.count("select count(*) from (select number from invoice where series = 'INVOICE' "
                + "group by number having count(*) > 1) twice")).isZero();
        assertThat(Sql.count("select max(number) - min(number) + 1 - count(*) from invoice where series = 'INVOICE'"))
                .as("gaps in the invoice numbers").isZero();
    }

    /** An OCCASIONAL ticket of one minute on {@code day}, resolved: its invoice of 17.90, paid; its id. */
    static String oneMinuteTicketInvoiced(UUID account, UUID plan, String day) {
        UUID ticket = UUID.randomUUID();
        BillingEvents.closed(BillingEvents.session(account, ticket, UUID.randomUUID(), plan, at(day + "T09:00"), 60));
        BillingEvents.ticketStatus(account, ticket, "IN_PROGRESS", "RESOLVED", at(day + "T09:05"));
        String mine = "items.find { it.ticketId == '" + ticket + "' }";
        return given().auth().oauth2(Tokens.withRoles("admin")).get("/api/v1/accounts/" + account + "/invoices")
                .then().body(mine + ".status", equalTo("PAID")).extract().path(mine + ".id");
    }

    @Test
    void voidingAnIssuedInvoiceIssuesACreditNoteAndNumbersStayGapless() {
        UUID plan = occasionalPlan();
        UUID account = BillingEvents.account(null, plan, "OCCASIONAL");
        String id = oneMinuteTicketInvoiced(account, plan, "2026-11-11");
        given().auth().oauth2(Tokens.withRoles("ops")).contentType("application/json").body(Map.of("reason", "wrong"))
                .post("/api/v1/invoices/" + id + "/void").then().statusCode(403);
        given().auth().oauth2(Tokens.withRoles("admin")).contentType("application/json").body(Map.of("reason", "agent error"))
                .post("/api/v1/invoices/" + id + "/void").then().statusCode(200)
                .body("kind", equalTo("CREDIT_NOTE")).body("total.amount", equalTo("-17.90")).body("corrects", equalTo(id))
                // the invoice was paid: its credit note pays the 17.90 back, so billing it again never bills it twice
                .body("refunded.amount", equalTo("17.90")).body("status", equalTo("PAID"));
        given().auth().oauth2(Tokens.withRoles("admin")).contentType("application/json").body(Map.of("reason", "again"))
                .post("/api/v1/invoices/" + id + "/void").then().statusCode(409);
        assertThat(invoices(account, "VOID")).isEqualTo(1);
        for (String series : new String[] { "INVOICE", "CREDIT_NOTE" }) {
            assertThat(Sql.count("select count(*) from invoice where series = ?1 and number is not null", series))
                    .as(series).isEqualTo(Sql.count("select coalesce(max(number), 0) from invoice where series = ?1", series));
        }
    }

    /** The simulated provider declines the account's next {@code times} charges and refunds. */
    static void declineNext(UUID account, int times, String reason) {
        given().auth().oauth2(Tokens.withRoles("ops")).contentType("application/json")
                .body(Map.of("times", times, "reason", reason))
                .post("/api/v1/payment-simulator/accounts/" + account + "/failures").then().statusCode(200);
    }

    /** An OCCASIONAL ticket of two minutes, resolved: its invoice of 20.80 (15.00 fee, 2 × 2.90), then re-opened. */
    static UUID invoicedAndReopened(UUID account, UUID plan, UUID ticket) {
        BillingEvents.closed(BillingEvents.session(account, ticket, UUID.randomUUID(), plan, at("2026-11-13T09:00"), 120));
        BillingEvents.ticketStatus(account, ticket, "IN_PROGRESS", "RESOLVED", at("2026-11-13T09:05"));
        BillingEvents.ticketStatus(account, ticket, "RESOLVED", "IN_PROGRESS", at("2026-11-13T10:00"));
        return ticket;
    }

    /** The re-opened ticket's last session, a minute, ends unsolved (R-B10) and the ticket is resolved again. */
    static void endsUnsolved(UUID account, UUID plan, UUID ticket) {
        ObjectNode unsolved = BillingEvents.session(account, ticket, UUID.randomUUID(), plan, at("2026-11-13T10:05"), 60);
        unsolved.put("outcome", "UNSOLVED");
        BillingEvents.closed(unsolved);
        BillingEvents.ticketStatus(account, ticket, "IN_PROGRESS", "RESOLVED", at("2026-11-13T10:10"));
    }

    /**
     * R-B10 with R-B12: an OCCASIONAL ticket invoiced and paid is re-opened and ends unsolved: its
     * second invoice is a credit of the 20.80 the first was paid, and that money goes back to the card
     * it came from. The same credit of an invoice still unpaid pays nothing back (nothing was received)
     * and stays owed; when the retried charge is approved, the credit is paid back from it.
     */
    @Test
    void aCreditOfChargesPaidForIsPaidBackAndOfUnpaidOnesIsNotR_B10_R_B12() {
        UUID plan = occasionalPlan();
        UUID account = BillingEvents.account(null, plan, "OCCASIONAL");
        UUID ticket = invoicedAndReopened(account, plan, UUID.randomUUID());
        assertThat(invoices(account, "PAID")).isEqualTo(1);
        endsUnsolved(account, plan, ticket);
        assertThat(Sql.count("select count(*) from invoice where account_id = ?1 and status = 'PAID' and total = -20.80 "
                + "and refunded = 20.80", account)).isEqualTo(1);
        given().auth().oauth2(Tokens.customer(account)).get("/api/v1/accounts/" + account + "/invoices").then()
                .statusCode(200).body("items.find { it.total.amount == '-20.80' }.refunded.amount", equalTo("20.80"))
                .body("items.find { it.total.amount == '20.80' }.refunded.amount", equalTo("0.00"));
        // the first invoice's charges are paid back already: voiding it would pay them back twice
        String first = given().auth().oauth2(Tokens.customer(account)).get("/api/v1/accounts/" + account + "/invoices")
                .then().extract().path("items.find { it.total.amount == '20.80' }.id");
        given().auth().oauth2(Tokens.withRoles("admin")).contentType("application/json").body(Map.of("reason", "again"))
                .post("/api/v1/invoices/" + first + "/void").then().statusCode(409)
                .body("type", equalTo("https://supportdesk.org/problems/credited-later"));
        assertThat(invoices(account, "VOID")).isZero();
        // R-B10, R-B6: the credit invoice was paid back; voiding it would bill its credit again on the
        // next invoice and pay it twice
        String credit = given().auth().oauth2(Tokens.customer(account)).get("/api/v1/accounts/" + account + "/invoices")
                .then().extract().path("items.find { it.total.amount == '-20.80' }.id");
        given().auth().oauth2(Tokens.withRoles("admin")).contentType("application/json").body(Map.of("reason", "oops"))
                .post("/api/v1/invoices/" + credit + "/void").then().statusCode(409)
                .body("type", equalTo("https://supportdesk.org/problems/credit-paid-back"));
        assertThat(invoices(account, "VOID")).isZero();
        assertThat(Sql.count("select count(*) from invoice where account_id = ?1 and series = 'CREDIT_NOTE'", account)).isZero();

        UUID unpaid = BillingEvents.account(null, plan, "OCCASIONAL");
        declineNext(unpaid, 2, "card declined");
        UUID other = invoicedAndReopened(unpaid, plan, UUID.randomUUID());
        assertThat(invoices(unpaid, "ISSUED")).isEqualTo(1);
        endsUnsolved(unpaid, plan, other);
        assertThat(Sql.count("select count(*) from invoice where account_id = ?1 and total = -20.80 and refunded = 0 "
                + "and status = 'ISSUED'", unpaid)).isEqualTo(1);
        clock.advance(Duration.ofDays(3).plusMinutes(1)); // R-S7: the charge is retried, and fails again
        // R-S7: the credit owed to the customer is no earlier debt of theirs
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count("select count(*) from outbox_event where "
                + "partition_key = ?1 and type = 'org.supportdesk.billing.payment-failed.v1' "
                + "and payload like '%\"attempt\":2%'", unpaid.toString()) == 1);
        assertThat(Sql.count("select count(*) from outbox_event where partition_key = ?1 and type = "
                + "'org.supportdesk.billing.payment-failed.v1' and payload like '%\"earlierDebtUnpaid\":true%'",
                unpaid.toString())).isZero();
        clock.advance(Duration.ofDays(3).plusMinutes(1)); // and again, approved
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count("select count(*) from invoice where account_id = ?1 "
                + "and status = 'PAID' and total = -20.80 and refunded = 20.80", unpaid) == 1);
        assertThat(invoices(unpaid, "PAID")).isEqualTo(2);
    }

    /** Each paid invoice voided is paid back, one after another: a refund never counts against the next. */
    @Test
    void voidingPaidInvoicesOneAfterAnotherPaysEachBack() {
        UUID plan = occasionalPlan();
        UUID account = BillingEvents.account(null, plan, "OCCASIONAL");
        String first = oneMinuteTicketInvoiced(account, plan, "2026-11-15");
        String second = oneMinuteTicketInvoiced(account, plan, "2026-11-16");
        for (String id : new String[] { first, second }) {
            given().auth().oauth2(Tokens.withRoles("admin")).contentType("application/json")
                    .body(Map.of("reason", "goodwill")).post("/api/v1/invoices/" + id + "/void").then().statusCode(200)
                    .body("refunded.amount", equalTo("17.90")).body("status", equalTo("PAID"));
        }
    }

    /**
     * A refund the provider declines (the card closed since) still voids the invoice: its credit note
     * stays ISSUED with nothing paid back, the money owed to the customer, and the sessions can be
     * billed again.
     */
    @Test
    void aDeclinedRefundLeavesTheCreditNoteOwed() {
        UUID plan = occasionalPlan();
        UUID account = BillingEvents.account(null, plan, "OCCASIONAL");
        String id = oneMinuteTicketInvoiced(account, plan, "2026-11-14");
        declineNext(account, 1, "card closed");
        given().auth().oauth2(Tokens.withRoles("admin")).contentType("application/json").body(Map.of("reason", "agent error"))
                .post("/api/v1/invoices/" + id + "/void").then().statusCode(200)
                .body("status", equalTo("ISSUED")).body("refunded.amount", equalTo("0.00"))
                .body("total.amount", equalTo("-17.90"));
        assertThat(invoices(account, "VOID")).isEqualTo(1);
        assertThat(Sql.count("select count(*) from rated_session where invoice_id = ?1", UUID.fromString(id))).isZero();
    }

    @Test
    void aMidMonthMoveToAPlanWithoutMonthlyAllowanceReallotsTheMonthsMinutesR_B11() {
        // the clock goes back to 20 October, so October's run waits for the month to end
        clock.advance(Duration.between(clock.instant(), at("2026-10-20T12:00")));
        UUID withAllowance = sixtyMinutesAMonth();
        UUID without = freeWithoutAllowance();
        UUID account = BillingEvents.registered(null);
        BillingEvents.joined(account, withAllowance, "MONTHLY", LocalDate.of(2026, 10, 1));
        UUID ticket = UUID.randomUUID();
        // 50 minutes on 5 October, all included by the plan's 60 a month
        BillingEvents.closed(BillingEvents.session(account, ticket, UUID.randomUUID(), withAllowance, at("2026-10-05T09:00"),
                3000));
        BillingEvents.ticketStatus(account, ticket, "IN_PROGRESS", "RESOLVED", at("2026-10-05T10:00"));
        BillingEvents.joined(account, without, "MONTHLY", LocalDate.of(2026, 10, 16));
        assertThat(invoices(account, "PAID") + invoices(account, "ISSUED")).isZero();

        clock.advance(Duration.between(clock.instant(), at("2026-11-01T02:00")));
        await().atMost(Duration.ofSeconds(30)).until(() -> invoices(account, "PAID") == 1);
        // the mix: 60 × 15/31 days = 29 minutes; 50 were included → 21 × 2.90 = 60.90 billed
        assertThat(invoiceLines(account, "ALLOWANCE_ADJUSTMENT", "l.quantity = 21 and l.amount = 60.90")).isEqualTo(1);
        // fees: 99.00 × 15/31 = 47.90 in the first plan, nothing in the free one
        assertThat(invoiceLines(account, "MONTHLY_FEE", "l.amount = 47.90")).isEqualTo(1);
    }

    /**
     * R-B11 with R-S6 and R-B9: the minutes included beyond the month's mix are priced at the rate of the
     * plan that included them, not at the later plan's, and a partner's customer gets its discount on
     * them as on the fees.
     */
    @Test
    void minutesBeyondTheMixArePricedByThePlanThatIncludedThemAndDiscountedR_B11_R_S6_R_B9() {
        clock.advance(Duration.between(clock.instant(), at("2026-10-20T12:00")));
        UUID withAllowance = sixtyMinutesAMonth();
        UUID dearer = freeWithoutAllowance("3.50");
        UUID partner = BillingEvents.partner("10");
        UUID account = BillingEvents.registered(partner);
        BillingEvents.joined(account, withAllowance, "MONTHLY", LocalDate.of(2026, 10, 1));
        UUID ticket = UUID.randomUUID();
        BillingEvents.closed(BillingEvents.session(account, ticket, UUID.randomUUID(), withAllowance, at("2026-10-05T09:00"),
                3000));
        BillingEvents.ticketStatus(account, ticket, "IN_PROGRESS", "RESOLVED", at("2026-10-05T10:00"));
        BillingEvents.joined(account, dearer, "MONTHLY", LocalDate.of(2026, 10, 16));

        clock.advance(Duration.between(clock.instant(), at("2026-11-01T02:00")));
        await().atMost(Duration.ofSeconds(30)).until(() -> invoices(account, "PAID") == 1);
        // 21 minutes beyond the mix, included by the 2.90 plan: 60.90 (not 21 × 3.50 = 73.50), 10% off: 6.09
        assertThat(invoiceLines(account, "ALLOWANCE_ADJUSTMENT", "l.quantity = 21 and l.amount = 60.90 and l.vat = 9.29"))
                .isEqualTo(1);
        assertThat(invoiceLines(account, "DISCOUNT", "l.amount = -6.09 and l.vat = -0.93")).isEqualTo(1);
    }

    /**
     * R-B2 with R-B11: a plan's monthly allowance is used only by minutes included under monthly
     * allowances; before, the minutes a per-day plan had included earlier in the month used it up, the
     * month's sessions under the new plan were charged, and the run gave nothing back.
     */
    @Test
    void minutesIncludedByADailyAllowanceLeaveTheNextPlansMonthlyOneWholeR_B2_R_B11() {
        clock.advance(Duration.between(clock.instant(), at("2026-10-25T12:00")));
        UUID tenADay = BillingEvents.plan(t -> ((com.fasterxml.jackson.databind.node.ObjectNode) t.get("includedMinutes"))
                .put("perDay", 10).putNull("perMonth").putNull("perTicket"));
        UUID monthly = sixtyMinutesAMonth();
        UUID account = BillingEvents.registered(null);
        BillingEvents.joined(account, tenADay, "MONTHLY", LocalDate.of(2026, 10, 1));
        for (int day = 1; day <= 6; day++) { // 60 minutes included by the daily allowance
            BillingEvents.closed(BillingEvents.session(account, UUID.randomUUID(), UUID.randomUUID(), tenADay,
                    at("2026-10-0" + day + "T09:00"), 600));
        }
        BillingEvents.joined(account, monthly, "MONTHLY", LocalDate.of(2026, 10, 16));
        UUID later = UUID.randomUUID();
        BillingEvents.closed(BillingEvents.session(account, later, UUID.randomUUID(), monthly, at("2026-10-20T09:00"), 1800));
        // 30 minutes within the monthly allowance (60, of which the month's mix allots 60 × 16/31 = 30)
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count(
                "select count(*) from rated_session where ticket_id = ?1 and included = 30 and payable = 0", later) == 1);
    }

    /**
     * R-B11 with R-B10: minutes included on a ticket that ended unsolved (no fix, no pay) are never
     * billed by the month's re-allotment; before, a plan change that shrank the mix billed them.
     */
    @Test
    void minutesIncludedOnATicketEndedUnsolvedAreNotBilledByTheMixR_B11_R_B10() {
        clock.advance(Duration.between(clock.instant(), at("2026-10-20T12:00")));
        UUID withAllowance = sixtyMinutesAMonth();
        UUID account = BillingEvents.registered(null);
        BillingEvents.joined(account, withAllowance, "MONTHLY", LocalDate.of(2026, 10, 1));
        UUID unsolved = UUID.randomUUID();
        var last = BillingEvents.session(account, unsolved, UUID.randomUUID(), withAllowance, at("2026-10-05T09:00"), 3000);
        last.put("outcome", "UNSOLVED"); // 50 minutes, included, no fix
        BillingEvents.closed(last);
        BillingEvents.ticketStatus(account, unsolved, "IN_PROGRESS", "RESOLVED", at("2026-10-05T10:00"));
        UUID solved = UUID.randomUUID();
        BillingEvents.closed(BillingEvents.session(account, solved, UUID.randomUUID(), withAllowance,
                at("2026-10-06T09:00"), 600)); // 10 minutes, included
        BillingEvents.ticketStatus(account, solved, "IN_PROGRESS", "RESOLVED", at("2026-10-06T10:00"));
        BillingEvents.joined(account, freeWithoutAllowance(), "MONTHLY", LocalDate.of(2026, 10, 16));

        clock.advance(Duration.between(clock.instant(), at("2026-11-01T02:00")));
        await().atMost(Duration.ofSeconds(30)).until(() -> invoices(account, "PAID") == 1);
        // the mix allots 60 × 15/31 = 29; of the 60 included only the solved ticket's 10 count: none beyond
        assertThat(invoiceLines(account, "ALLOWANCE_ADJUSTMENT", "true")).isZero();
    }

    @Test
    void theMonthsIncludedMinutesAreTheMinutesOfItsDaysAcrossMidnightAtTheMonthsEndR_B11_R_B2() {
        clock.advance(Duration.between(clock.instant(), at("2026-10-20T12:00")));
        UUID withAllowance = sixtyMinutesAMonth();
        UUID without = freeWithoutAllowance();
        UUID account = BillingEvents.registered(null);
        BillingEvents.joined(account, withAllowance, "MONTHLY", LocalDate.of(2026, 10, 1));
        UUID ticket = UUID.randomUUID();
        // 30 minutes on 5 October, included
        BillingEvents.closed(BillingEvents.session(account, ticket, UUID.randomUUID(), withAllowance, at("2026-10-05T09:00"),
                1800));
        BillingEvents.joined(account, without, "MONTHLY", LocalDate.of(2026, 10, 16));
        // the ticket stays on the plan it was opened under: 23:40 on 31 October for 50 minutes, 20 of them
        // in October (included, 60 - 30 left) and 30 in November (included by November's own 60)
        BillingEvents.closed(BillingEvents.session(account, ticket, UUID.randomUUID(), withAllowance, at("2026-10-31T23:40"),
                3000));
        BillingEvents.ticketStatus(account, ticket, "IN_PROGRESS", "RESOLVED", at("2026-11-01T00:40"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count(
                "select count(*) from rated_session where account_id = ?1", account) == 2);

        clock.advance(Duration.between(clock.instant(), at("2026-11-01T02:00")));
        await().atMost(Duration.ofSeconds(30)).until(() -> invoices(account, "PAID") == 1);
        // October's included minutes are 30 + 20 = 50, not the crossing session's 50 nor only the first 30:
        // the mix allots 60 × 15/31 = 29, so 21 × 2.90 = 60.90 are billed
        assertThat(invoiceLines(account, "ALLOWANCE_ADJUSTMENT", "l.quantity = 21 and l.amount = 60.90")).isEqualTo(1);
    }

    /** A session of {@code seconds} on a ticket the partner opened for its customer at {@code openedAt}, closed. */
    static void partnerSession(UUID partner, UUID account, UUID ticket, UUID plan, String openedAt, String startedAt,
            int seconds) {
        var session = BillingEvents.session(account, ticket, UUID.randomUUID(), plan, at(startedAt), seconds);
        session.put("partnerId", partner.toString());
        session.put("ticketOpenedAt", at(openedAt).toString());
        BillingEvents.closed(session);
    }

    @Test
    void aPartnerOpenedTicketIsBilledToThePartnerMonthlyNotToTheCustomerR_P2() {
        UUID plan = occasionalPlan();
        UUID partner = BillingEvents.partner("0");
        UUID account = BillingEvents.account(partner, plan, "OCCASIONAL");
        UUID ticket = UUID.randomUUID();
        partnerSession(partner, account, ticket, plan, "2026-10-12T08:50", "2026-10-12T09:00", 120);
        BillingEvents.ticketStatus(account, ticket, "IN_PROGRESS", "RESOLVED", at("2026-10-12T09:10"));
        // not the OCCASIONAL customer's per-ticket invoice: October's partner run (due already) bills it
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count(
                "select count(*) from invoice where partner_id = ?1 and kind = 'PARTNER' and status = 'PAID'", partner) == 1);
        assertThat(Sql.count("select count(*) from invoice where account_id = ?1", account)).isZero();
        given().auth().oauth2(Tokens.partner(partner)).get("/api/v1/partners/" + partner + "/invoices").then()
                .statusCode(200).body("items[0].total.amount", equalTo("20.80")).body("items[0].periodStart", equalTo("2026-10-01"));
        given().auth().oauth2(Tokens.partner(UUID.randomUUID())).get("/api/v1/partners/" + partner + "/invoices").then()
                .statusCode(404);
        String id = given().auth().oauth2(Tokens.partner(partner)).get("/api/v1/partners/" + partner + "/invoices")
                .then().extract().path("items[0].id");
        given().auth().oauth2(Tokens.partner(partner)).get("/api/v1/invoices/" + id).then().statusCode(200);
        given().auth().oauth2(Tokens.customer(account)).get("/api/v1/invoices/" + id).then().statusCode(404);
        // its events name the partner that pays it, keyed by it, as the catalogue says
        assertThat(Sql.count("select count(*) from outbox_event where subject = ?1 and partition_key = ?2 and type in "
                + "('org.supportdesk.billing.invoice-issued.v1', 'org.supportdesk.billing.invoice-paid.v1') "
                + "and payload like ?3 and payload like '%\"accountId\":null%'", id, partner.toString(),
                "%\"partnerId\":\"" + partner + "\"%")).isEqualTo(2);
    }

    /**
     * R-P2 with R-B11: a partner's ticket whose handling ends after its month's partner invoice goes
     * on the next one (the invoice of the month it ended in); it waited before for a run of a later
     * month, which only a ticket opened then would schedule, so it could stay unbilled for good.
     */
    @Test
    void aPartnersTicketEndingAfterItsMonthsInvoiceGoesOnTheNextR_P2_R_B11() {
        UUID plan = occasionalPlan();
        UUID partner = BillingEvents.partner("0");
        UUID account = BillingEvents.account(partner, plan, "OCCASIONAL");
        UUID early = UUID.randomUUID();
        partnerSession(partner, account, early, plan, "2026-10-12T08:50", "2026-10-12T09:00", 120);
        BillingEvents.ticketStatus(account, early, "IN_PROGRESS", "RESOLVED", at("2026-10-12T09:10"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count(
                "select count(*) from invoice where partner_id = ?1 and kind = 'PARTNER'", partner) == 1);

        UUID late = UUID.randomUUID();
        partnerSession(partner, account, late, plan, "2026-10-20T08:50", "2026-10-20T09:00", 180);
        BillingEvents.ticketStatus(account, late, "IN_PROGRESS", "RESOLVED", at("2026-11-10T09:10"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count("select count(*) from invoice where partner_id = ?1 "
                + "and kind = 'PARTNER' and period_start = ?2", partner, LocalDate.of(2026, 11, 1)) == 1);
        assertThat(Sql.count("select count(*) from rated_session where bill_to_partner = ?1 and invoice_id is null", partner))
                .isZero();
    }

    @Test
    void movingFromMonthlyToPrepaidBringsTheMinuteBankWhoseFreeMinutesPayTheDebtR_S9() {
        clock.advance(Duration.between(clock.instant(), at("2026-10-20T12:00")));
        UUID monthly = sixtyMinutesAMonth();
        UUID prepaid = prepaidPlan();
        UUID account = BillingEvents.registered(null);
        BillingEvents.joined(account, monthly, "MONTHLY", LocalDate.of(2026, 10, 1));
        UUID monthlyTicket = UUID.randomUUID();
        BillingEvents.closed(BillingEvents.session(account, monthlyTicket, UUID.randomUUID(), monthly,
                at("2026-10-05T09:00"), 1200)); // 20 minutes, included
        BillingEvents.ticketStatus(account, monthlyTicket, "IN_PROGRESS", "RESOLVED", at("2026-10-05T10:00"));
        BillingEvents.joined(account, prepaid, "PREPAID", LocalDate.of(2026, 10, 16));
        // the whole bank (60 minutes) is what the PREPAID account may use first
        assertThat(Sql.count("select count(*) from outbox_event where partition_key = ?1 and type = "
                + "'org.supportdesk.billing.prepaid-balance-changed.v1' and payload like '%\"availableSeconds\":3600%'",
                account.toString())).isEqualTo(1);
        given().auth().oauth2(Tokens.customer(account)).contentType("application/json").body(Map.of("applyToDebt", true))
                .put("/api/v1/accounts/" + account + "/minute-bank").then().statusCode(200)
                .body("minutes", equalTo(60)).body("left", equalTo(60));
        UUID prepaidSession = UUID.randomUUID();
        BillingEvents.closed(BillingEvents.session(account, UUID.randomUUID(), prepaidSession, prepaid,
                at("2026-10-18T09:00"), 1800)); // 30 minutes from the bank, the wallet untouched
        assertThat(Sql.count("select count(*) from rated_session where session_id = ?1 and payable = 0 "
                + "and minute_credit_used = 30", prepaidSession)).isEqualTo(1);
        given().auth().oauth2(Tokens.customer(account)).get("/api/v1/accounts/" + account + "/minute-bank").then()
                .body("usedByPrepaid", equalTo(30)).body("left", equalTo(30));

        clock.advance(Duration.between(clock.instant(), at("2026-11-01T02:00")));
        await().atMost(Duration.ofSeconds(30)).until(() -> invoices(account, "PAID") == 1);
        // fees 99.00 × 15/31 = 47.90; 60 − 20 − 30 = 10 free minutes × 2.90 = 29.00 pay the debt
        assertThat(Sql.count("select count(*) from invoice where account_id = ?1 and total = 18.90", account)).isEqualTo(1);
        // the credit takes its VAT off (R-S2): 4.42 inside 29.00, and the invoice's VAT is its lines'
        assertThat(invoiceLines(account, "MINUTE_BANK", "l.amount = -29.00 and l.vat = -4.42")).isEqualTo(1);
        assertThat(Sql.count("select count(*) from invoice i where i.account_id = ?1 and i.vat = "
                + "(select sum(l.vat) from invoice_line l where l.invoice_id = i.id)", account)).isEqualTo(1);
        given().auth().oauth2(Tokens.customer(account)).get("/api/v1/accounts/" + account + "/minute-bank").then()
                .body("settled", equalTo(true));
    }

    /**
     * R-S9: a move to PREPAID on the 1st brings the bank of the month just ended (the last MONTHLY
     * month), which that month's run settles. Before, the bank was opened for the new month, which no
     * run of a MONTHLY stay settles: its minutes served PREPAID sessions for free, for good.
     */
    @Test
    void aMoveToPrepaidOnTheFirstBringsTheBankOfTheMonthJustEndedR_S9() {
        clock.advance(Duration.between(clock.instant(), at("2026-10-31T23:00")));
        UUID prepaid = prepaidPlan();
        UUID account = BillingEvents.registered(null);
        BillingEvents.joined(account, sixtyMinutesAMonth(), "MONTHLY", LocalDate.of(2026, 10, 1));
        BillingEvents.joined(account, prepaid, "PREPAID", LocalDate.of(2026, 11, 1));
        given().auth().oauth2(Tokens.customer(account)).get("/api/v1/accounts/" + account + "/minute-bank").then()
                .statusCode(200).body("period", equalTo("2026-10")).body("minutes", equalTo(60));
        clock.advance(Duration.between(clock.instant(), at("2026-11-01T02:00")));
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count(
                "select count(*) from invoice where account_id = ?1 and kind = 'MONTHLY'", account) == 1);
        given().auth().oauth2(Tokens.customer(account)).get("/api/v1/accounts/" + account + "/minute-bank").then()
                .body("settled", equalTo(true));
    }

    /** R-S9: a move heard after its last MONTHLY month was invoiced brings no bank: nothing would settle it. */
    @Test
    void aMoveHeardAfterTheLastMonthlyInvoiceBringsNoBankR_S9() {
        clock.advance(Duration.between(clock.instant(), at("2026-10-31T23:00")));
        UUID account = BillingEvents.registered(null);
        BillingEvents.joined(account, sixtyMinutesAMonth(), "MONTHLY", LocalDate.of(2026, 10, 1));
        clock.advance(Duration.between(clock.instant(), at("2026-11-01T02:00")));
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count(
                "select count(*) from invoice where account_id = ?1 and kind = 'MONTHLY'", account) == 1);
        BillingEvents.joined(account, prepaidPlan(), "PREPAID", LocalDate.of(2026, 11, 1));
        assertThat(Sql.count("select count(*) from minute_bank where account_id = ?1", account)).isZero();
        given().auth().oauth2(Tokens.customer(account)).get("/api/v1/accounts/" + account + "/minute-bank").then()
                .statusCode(404);
    }

    /**
     * R-S9 with R-S2 and R-B9: minutes used beyond the bank are billed as any minute is: VAT inside
     * them, and the partner's discount off them; free minutes that pay the debt take their VAT off too.
     */
    @Test
    void minutesBeyondTheBankCarryVatAndThePartnerDiscountR_S9_R_S2_R_B9() {
        UUID monthly = sixtyMinutesAMonth();
        UUID prepaid = prepaidPlan();
        clock.advance(Duration.between(clock.instant(), at("2026-11-20T12:00")));
        UUID account = BillingEvents.registered(BillingEvents.partner("10"));
        BillingEvents.joined(account, monthly, "MONTHLY", LocalDate.of(2026, 11, 1));
        UUID ticket = UUID.randomUUID();
        BillingEvents.closed(BillingEvents.session(account, ticket, UUID.randomUUID(), monthly, at("2026-11-05T09:00"),
                2400)); // 40 minutes included by the month's 60
        BillingEvents.ticketStatus(account, ticket, "IN_PROGRESS", "RESOLVED", at("2026-11-05T10:00"));
        BillingEvents.joined(account, prepaid, "PREPAID", LocalDate.of(2026, 11, 16));
        // the bank serves PREPAID minutes first, all 60 (also the 40 MONTHLY ones used): 30 + 20 = 50 from it
        BillingEvents.closed(BillingEvents.session(account, UUID.randomUUID(), UUID.randomUUID(), prepaid,
                at("2026-11-18T09:00"), 1800));
        BillingEvents.closed(BillingEvents.session(account, UUID.randomUUID(), UUID.randomUUID(), prepaid,
                at("2026-11-19T09:00"), 1200));
        clock.advance(Duration.between(clock.instant(), at("2026-12-01T02:00")));
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count(
                "select count(*) from invoice where account_id = ?1 and kind = 'MONTHLY'", account) == 1);
        // 40 + 50 = 90 used of 60: 30 × 2.90 = 87.00, VAT 18% inside 13.27; 10% off: −8.70, VAT −1.33
        assertThat(invoiceLines(account, "ALLOWANCE_ADJUSTMENT", "l.quantity = 30 and l.amount = 87.00 and l.vat = 13.27"))
                .isEqualTo(1);
        assertThat(invoiceLines(account, "DISCOUNT", "l.amount = -8.70 and l.vat = -1.33")).isEqualTo(1);
        assertThat(Sql.count("select count(*) from invoice i where i.account_id = ?1 and i.vat = "
                + "(select sum(l.vat) from invoice_line l where l.invoice_id = i.id)", account)).isEqualTo(1);
    }

    /** An account in a MONTHLY plan of sixty minutes, a PREPAID plan to move to, and a ticket served 90 minutes. */
    record MonthlyTicket(UUID account, UUID ticket, UUID prepaid) {
    }

    /** The account joined the MONTHLY plan on {@code joinedOn}; its ticket's session began at {@code servedAt}. */
    static MonthlyTicket monthlyTicket(LocalDate joinedOn, String servedAt) {
        UUID monthly = sixtyMinutesAMonth();
        UUID prepaid = prepaidPlan();
        UUID account = BillingEvents.registered(null);
        BillingEvents.joined(account, monthly, "MONTHLY", joinedOn);
        UUID ticket = UUID.randomUUID();
        BillingEvents.closed(BillingEvents.session(account, ticket, UUID.randomUUID(), monthly, at(servedAt), 90 * 60));
        return new MonthlyTicket(account, ticket, prepaid);
    }

    /**
     * R-B11 with R-S4: a ticket opened under the MONTHLY plan whose handling ends after the account
     * moved to PREPAID, and after the month's run, is invoiced by itself when it ends. Before, the
     * month's run passed it (still handled), no later month had a MONTHLY day to bill it, and a
     * PREPAID account gets no per-ticket invoice: its charge was never invoiced.
     */
    @Test
    void aMonthlyTicketEndingAfterTheMoveToPrepaidIsInvoicedWhenItEndsR_B11_R_S4() {
        clock.advance(Duration.between(clock.instant(), at("2026-10-20T12:00")));
        MonthlyTicket served = monthlyTicket(LocalDate.of(2026, 10, 1), "2026-10-28T09:00");
        UUID prepaid = served.prepaid(), account = served.account(), ticket = served.ticket();
        clock.advance(Duration.between(clock.instant(), at("2026-11-01T02:00")));
        await().atMost(Duration.ofSeconds(30)).until(() -> invoices(account, "PAID") == 1); // October's fees
        assertThat(Sql.count("select count(*) from rated_session where account_id = ?1 and invoice_id is null", account))
                .isEqualTo(1);
        BillingEvents.joined(account, prepaid, "PREPAID", LocalDate.of(2026, 11, 1));
        clock.advance(Duration.between(clock.instant(), at("2026-11-05T10:00")));
        BillingEvents.ticketStatus(account, ticket, "IN_PROGRESS", "RESOLVED", at("2026-11-05T10:00"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count("select count(*) from invoice where account_id = ?1 "
                + "and kind = 'TICKET' and total = (select sum(payable) from rated_session where ticket_id = ?2) "
                + "and total > 0", account, ticket) == 1);
        assertThat(Sql.count("select count(*) from rated_session where account_id = ?1 and invoice_id is null", account))
                .isZero();
    }

    /**
     * R-B11: a MONTHLY ticket that ends after the move to PREPAID but before its last MONTHLY month's
     * run goes on that run's invoice, not on one of its own.
     */
    @Test
    void aMonthlyTicketEndingBeforeItsLastMonthsRunGoesOnThatInvoiceR_B11() {
        clock.advance(Duration.between(clock.instant(), at("2026-11-10T12:00")));
        MonthlyTicket served = monthlyTicket(LocalDate.of(2026, 11, 1), "2026-11-10T09:00");
        UUID prepaid = served.prepaid(), account = served.account(), ticket = served.ticket();
        BillingEvents.joined(account, prepaid, "PREPAID", LocalDate.of(2026, 11, 20));
        clock.advance(Duration.between(clock.instant(), at("2026-11-25T10:00")));
        BillingEvents.ticketStatus(account, ticket, "IN_PROGRESS", "RESOLVED", at("2026-11-25T10:00"));
        assertThat(Sql.count("select count(*) from invoice where account_id = ?1", account)).isZero();
        clock.advance(Duration.between(clock.instant(), at("2026-12-01T02:00")));
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count("select count(*) from invoice i join rated_session r "
                + "on r.invoice_id = i.id where i.account_id = ?1 and i.kind = 'MONTHLY' and r.ticket_id = ?2", account,
                ticket) == 1);
        assertThat(Sql.count("select count(*) from invoice where account_id = ?1 and kind = 'TICKET'", account)).isZero();
    }

    /**
     * R-B11: a MONTHLY ticket whose handling ends, after the move to PREPAID, while its last MONTHLY
     * month's run is firing (here the test holds the run's timer as that run's batch would, marked
     * fired, the ticket read as still handled) is billed all the same: its end waits for the run and
     * invoices it by itself. Before, the run passed it (still handled) and the end read the run as not
     * fired yet (uncommitted): nothing ever billed it.
     */
    @Test
    void aMonthlyTicketEndingAsItsLastMonthsRunFiresIsStillBilledR_B11() throws Exception {
        clock.advance(Duration.between(clock.instant(), at("2026-11-10T12:00")));
        MonthlyTicket served = monthlyTicket(LocalDate.of(2026, 11, 1), "2026-11-10T09:00");
        UUID account = served.account(), ticket = served.ticket();
        BillingEvents.joined(account, served.prepaid(), "PREPAID", LocalDate.of(2026, 11, 20));
        String run = "kind = 'invoice-run' and subject = '" + account + "/2026-11-01' and fired_at is null";
        try (org.supportdesk.platform.testing.HeldLocks firing = org.supportdesk.platform.testing.HeldLocks
                .hold(Sql::connect, "select 1 from due_timer where " + run + " for update")) {
            assertThat(firing.rows()).isEqualTo(1);
            assertThat(firing.update("update due_timer set fired_at = now(), attempts = attempts + 1 where " + run))
                    .isEqualTo(1);
            clock.advance(Duration.between(clock.instant(), at("2026-12-01T02:00")));
            CataloguedEvents.publish("ticket-events", UUID.randomUUID(), BillingEvents.STATUS_CHANGED, account.toString(),
                    account.toString(), BillingEvents.ticketStatusData(account, ticket, "IN_PROGRESS", "RESOLVED",
                            at("2026-12-01T01:00")).toString());
            firing.awaitWaiting(1, Duration.ofSeconds(30)); // the end waits for the run
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count("select count(*) from invoice where account_id = ?1 "
                + "and kind = 'TICKET' and total = (select sum(payable) from rated_session where ticket_id = ?2) "
                + "and total > 0", account, ticket) == 1);
        assertThat(Sql.count("select count(*) from rated_session where account_id = ?1 and invoice_id is null", account))
                .isZero();
    }

    /**
     * R-B12 with R-S6: a ticket opened under the OCCASIONAL plan is priced and invoiced as such when it
     * ends, also after the account moved to PREPAID meanwhile (a PREPAID account gets no invoice of its
     * own, so before it was never invoiced).
     */
    @Test
    void anOccasionalTicketEndingAfterTheMoveToPrepaidIsInvoicedWhenItEndsR_B12_R_S6() {
        UUID plan = occasionalPlan();
        UUID account = BillingEvents.account(null, plan, "OCCASIONAL");
        UUID ticket = UUID.randomUUID();
        BillingEvents.closed(BillingEvents.session(account, ticket, UUID.randomUUID(), plan, at("2026-11-13T09:00"), 120));
        BillingEvents.joined(account, prepaidPlan(), "PREPAID", LocalDate.of(2026, 11, 14));
        BillingEvents.ticketStatus(account, ticket, "IN_PROGRESS", "RESOLVED", at("2026-11-14T10:00"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count("select count(*) from invoice where account_id = ?1 "
                + "and kind = 'TICKET' and total = 20.80", account) == 1);
    }

    /**
     * R-S9 with R-B10: the minutes the bank paid of a PREPAID ticket that ends unsolved go back to the
     * bank, not to the wallet: the bank is whole again and the wallet gains nothing it never paid.
     */
    @Test
    void minutesTheBankPaidOfAnUnsolvedTicketGoBackToTheBankR_S9_R_B10() {
        clock.advance(Duration.between(clock.instant(), at("2026-10-20T12:00")));
        UUID monthly = sixtyMinutesAMonth();
        UUID prepaid = prepaidPlan();
        UUID account = BillingEvents.registered(null);
        BillingEvents.joined(account, monthly, "MONTHLY", LocalDate.of(2026, 10, 1));
        BillingEvents.joined(account, prepaid, "PREPAID", LocalDate.of(2026, 10, 16));
        UUID ticket = UUID.randomUUID();
        BillingEvents.closed(BillingEvents.session(account, ticket, UUID.randomUUID(), prepaid, at("2026-10-18T09:00"), 1800));
        given().auth().oauth2(Tokens.customer(account)).get("/api/v1/accounts/" + account + "/minute-bank").then()
                .body("usedByPrepaid", equalTo(30)).body("left", equalTo(30));
        UUID last = UUID.randomUUID();
        com.fasterxml.jackson.databind.node.ObjectNode unsolved = BillingEvents.session(account, ticket, last, prepaid,
                at("2026-10-18T10:00"), 60);
        unsolved.put("outcome", "UNSOLVED");
        BillingEvents.closed(unsolved);
        assertThat(Sql.count("select count(*) from rated_session where session_id = ?1 and payable = 0 "
                + "and minute_credit_used = -30", last)).isEqualTo(1);
        given().auth().oauth2(Tokens.customer(account)).get("/api/v1/accounts/" + account + "/minute-bank").then()
                .body("usedByPrepaid", equalTo(0)).body("left", equalTo(60));
        given().auth().oauth2(Tokens.customer(account)).get("/api/v1/accounts/" + account + "/wallet").then()
                .body("minuteCredit", equalTo(0)).body("cashCredit.amount", equalTo("0.00"));
    }
}
