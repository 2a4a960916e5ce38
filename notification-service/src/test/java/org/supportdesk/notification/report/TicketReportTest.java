package org.supportdesk.notification.report;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.supportdesk.notification.email.EmailTest;
import org.supportdesk.notification.feed.NotificationResourceTest;
import org.supportdesk.platform.testing.Sql;
import org.supportdesk.platform.testing.TestClock;
import org.supportdesk.platform.testing.Tokens;

@QuarkusTest
class TicketReportTest {

    @Inject
    TestClock clock;

    @AfterEach
    void putTheClockBack() {
        clock.reset();
    }

    @Test
    void theReportGoesAtEightInTheCustomersOwnTimeZoneR_T10() {
        UUID account = UUID.randomUUID();
        var data = org.supportdesk.platform.testing.AccountRegistrations.data(account, null);
        data.put("email", "report." + account + "@example.com");
        data.put("timeZone", "America/New_York");
        org.supportdesk.platform.testing.AccountRegistrations.publish(UUID.randomUUID(), data);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Sql.count("select count(*) from recipient where account_id = ?1", account) == 1);
        String nextAt = given().auth().oauth2(Tokens.customer(account)).contentType("application/json")
                .body(Map.of("frequency", "WEEKLY")).post("/api/v1/accounts/" + account + "/ticket-reports").then()
                .statusCode(200).extract().path("nextAt");
        var local = Instant.parse(nextAt).atZone(ZoneId.of("America/New_York"));
        assertThat(local.toLocalTime()).isEqualTo(java.time.LocalTime.of(8, 0));
        assertThat(local.getDayOfWeek()).isEqualTo(java.time.DayOfWeek.SUNDAY);
    }

    @Test
    void aCustomerGetsItsPeriodicTicketReportByEmailR_T10() throws Exception {
        String address = "report." + UUID.randomUUID() + "@example.com";
        UUID account = EmailTest.accountWithEmail(address, "en");
        NotificationResourceTest.ticketOpened(UUID.randomUUID(), account, 4242);
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count(
                "select count(*) from ticket_summary where account_id = ?1", account) == 1);
        String nextAt = given().auth().oauth2(Tokens.customer(account)).contentType("application/json")
                .body(Map.of("frequency", "DAILY")).post("/api/v1/accounts/" + account + "/ticket-reports").then()
                .statusCode(200).body("frequency", equalTo("DAILY")).extract().path("nextAt");
        ZoneId jerusalem = ZoneId.of("Asia/Jerusalem");
        assertThat(Instant.parse(nextAt)).isEqualTo(LocalDate.now(clock.withZone(jerusalem)).plusDays(1).atTime(8, 0)
                .atZone(jerusalem).toInstant());

        clock.advance(Duration.between(clock.instant(), Instant.parse(nextAt)).plusMinutes(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> EmailTest.mailTo(address).length >= 2); // ticket-opened + report
        assertThat(Sql.count("select count(*) from email_message where account_id = ?1 and kind = 'ticket-report' "
                + "and text_body like '%#4242%'", account)).isEqualTo(1);
        assertThat(Sql.count("select count(*) from due_timer where kind = 'ticket-report' and subject = ?1 "
                + "and fired_at is null and due_at > ?2", account.toString(), Instant.parse(nextAt))).isEqualTo(1);
    }

    /**
     * R-T10: an account with more tickets than a report lists is told how many are open of how many in
     * all, and every open ticket is listed, however old: here the three oldest of 150.
     */
    @Test
    void aLongHistoryReportsEveryOpenTicketAndTheTrueCountsR_T10() {
        UUID account = EmailTest.accountWithEmail("long." + UUID.randomUUID() + "@example.com", "en");
        Sql.update("insert into ticket_summary (ticket_id, account_id, number, title, status, opened_at, updated_at) "
                + "select gen_random_uuid(), ?1, n, 'Printer ' || n, case when n <= 3 then 'IN_PROGRESS' else 'RESOLVED' end, "
                + "timestamptz '2026-01-01T00:00:00Z' + n * interval '1 hour', now() from generate_series(1, 150) n", account);
        String nextAt = given().auth().oauth2(Tokens.customer(account)).contentType("application/json")
                .body(Map.of("frequency", "DAILY")).post("/api/v1/accounts/" + account + "/ticket-reports").then()
                .statusCode(200).extract().path("nextAt");
        clock.advance(Duration.between(clock.instant(), Instant.parse(nextAt)).plusMinutes(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count(
                "select count(*) from email_message where account_id = ?1 and kind = 'ticket-report'", account) == 1);
        assertThat(Sql.count("select count(*) from email_message where account_id = ?1 and kind = 'ticket-report' "
                + "and text_body like '%' || chr(10) || '3 open ticket(s) of 150.%' and text_body like '%#1 Printer 1 — in progress%' "
                + "and text_body like '%#3 Printer 3 — in progress%' and text_body like '%#150 Printer 150 — resolved%' "
                + "and text_body not like '%#51 Printer 51 %'", account)).isEqualTo(1);
    }

    /**
     * R-T10's read model follows each ticket's events in their order, however the consumer's batches
     * cut them (a batch's summaries are read with one query and the new ones written with one
     * statement): opened and moved on twice; moved on with its opening never seen (no title, opened
     * when first heard of).
     */
    @Test
    void theReportsTicketsFollowEachTicketsEventsInOrderR_T10() {
        UUID account = UUID.randomUUID();
        UUID opened = NotificationResourceTest.ticketOpened(UUID.randomUUID(), account, 501);
        NotificationResourceTest.statusChanged(account, opened, 501, "NEW", "IN_PROGRESS");
        UUID unseen = UUID.randomUUID();
        NotificationResourceTest.statusChanged(account, unseen, 502, "IN_PROGRESS", "WAITING_ON_CUSTOMER");
        NotificationResourceTest.statusChanged(account, opened, 501, "IN_PROGRESS", "RESOLVED");
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count("select count(*) from ticket_summary "
                + "where ticket_id = ?1 and status = 'RESOLVED'", opened) == 1);
        assertThat(Sql.count("select count(*) from ticket_summary where ticket_id = ?1 and account_id = ?2 and number = 501 "
                + "and title = 'Mail server down' and opened_at = timestamptz '2026-11-01T08:35:00Z'", opened, account))
                .isEqualTo(1);
        assertThat(Sql.count("select count(*) from ticket_summary where ticket_id = ?1 and account_id = ?2 and number = 502 "
                + "and title = '' and status = 'WAITING_ON_CUSTOMER' and opened_at = updated_at", unseen, account))
                .isEqualTo(1);
        assertThat(Sql.count("select count(*) from ticket_summary where account_id = ?1", account)).isEqualTo(2);
    }

    static long pendingReports(UUID account) {
        return Sql.count("select count(*) from due_timer where kind = 'ticket-report' and subject = ?1 and fired_at is null",
                account.toString()) + Sql.count("select count(*) from ticket_report where account_id = ?1", account);
    }

    /** R-T10: the customer stops its report; R-S8: a closed account's report stops by itself. */
    @Test
    void aReportStopsWhenTheCustomerAsksOrTheAccountClosesR_T10_R_S8() {
        UUID account = EmailTest.accountWithEmail("stop." + UUID.randomUUID() + "@example.com", "en");
        String reports = "/api/v1/accounts/" + account + "/ticket-reports";
        given().auth().oauth2(Tokens.customer(account)).contentType("application/json")
                .body(Map.of("frequency", "DAILY")).post(reports).then().statusCode(200);
        assertThat(pendingReports(account)).isEqualTo(2);
        given().auth().oauth2(Tokens.customer(UUID.randomUUID())).delete(reports).then().statusCode(404);
        given().auth().oauth2(Tokens.customer(account)).delete(reports).then().statusCode(204);
        assertThat(pendingReports(account)).isZero();
        given().auth().oauth2(Tokens.customer(account)).delete(reports).then().statusCode(204);

        given().auth().oauth2(Tokens.customer(account)).contentType("application/json")
                .body(Map.of("frequency", "WEEKLY")).post(reports).then().statusCode(200);
        var closed = org.supportdesk.platform.testing.CataloguedEvents.sample("org.supportdesk.subscription.account-closed.v1");
        closed.put("accountId", account.toString());
        org.supportdesk.platform.testing.CataloguedEvents.publish("subscription-events", UUID.randomUUID(),
                "org.supportdesk.subscription.account-closed.v1", account.toString(), account.toString(), closed.toString());
        await().atMost(Duration.ofSeconds(30)).until(() -> pendingReports(account) == 0);
        // R-S7: a closed account stays closed, so it cannot ask for a report again
        given().auth().oauth2(Tokens.customer(account)).contentType("application/json")
                .body(Map.of("frequency", "DAILY")).post(reports).then().statusCode(409)
                .body("type", org.hamcrest.Matchers.endsWith("account-closed"));
        assertThat(pendingReports(account)).isZero();
    }

    @Test
    void reportsAreTheAccountsOwnAndNeedAnAddress() {
        UUID account = EmailTest.accountWithEmail("r." + UUID.randomUUID() + "@example.com", "he");
        given().auth().oauth2(Tokens.customer(UUID.randomUUID())).contentType("application/json")
                .body(Map.of("frequency", "WEEKLY")).post("/api/v1/accounts/" + account + "/ticket-reports").then()
                .statusCode(404);
        given().auth().oauth2(Tokens.customer(account)).contentType("application/json")
                .body(Map.of("frequency", "HOURLY")).post("/api/v1/accounts/" + account + "/ticket-reports").then()
                .statusCode(400);
        UUID noEmail = NotificationResourceTest.englishAccount();
        org.supportdesk.platform.testing.Sql.count("update recipient set email = null where account_id = ?1 returning 1",
                noEmail);
        given().auth().oauth2(Tokens.customer(noEmail)).contentType("application/json")
                .body(Map.of("frequency", "WEEKLY")).post("/api/v1/accounts/" + noEmail + "/ticket-reports").then()
                .statusCode(422);
    }
}
