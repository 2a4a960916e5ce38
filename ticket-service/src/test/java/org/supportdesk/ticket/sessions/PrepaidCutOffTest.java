package org.supportdesk.ticket.sessions;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.testing.CataloguedEvents;
import org.supportdesk.platform.testing.Sql;
import org.supportdesk.platform.testing.TestClock;
import org.supportdesk.ticket.Accounts;
import org.supportdesk.ticket.tickets.TicketWorkflowTest;

@QuarkusTest
class PrepaidCutOffTest {

    @Inject
    TestClock clock;

    @AfterEach
    void putTheClockBack() {
        clock.reset();
    }

    void balance(UUID account, long seconds) {
        ObjectNode data = CataloguedEvents.sample(PrepaidCutOff.BALANCE_CHANGED);
        data.put("accountId", account.toString());
        data.put("availableSeconds", seconds);
        data.put("asOf", clock.instant().toString());
        UUID event = UUID.randomUUID();
        CataloguedEvents.publish("billing-events", event, PrepaidCutOff.BALANCE_CHANGED, account.toString(),
                account.toString(), data.toString());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Sql.count("select count(*) from processed_event where event_id = ?1", event) == 1);
    }

    @Test
    void anEmptyWalletGetsNoSessionAndAFullOneStopsTheSessionWhenUsedUpR_B7() {
        UUID account = Accounts.inPlan("PREPAID", "SILVER");
        String ticket = TicketWorkflowTest.open(account);
        String agent = SessionResourceTest.newAgent();
        SessionResourceTest.start(ticket, agent, true).statusCode(409)
                .body("type", equalTo("https://supportdesk.org/problems/balance-exhausted"));
        balance(account, 0);
        SessionResourceTest.start(ticket, agent, true).statusCode(409);

        balance(account, 120);
        String session = SessionResourceTest.start(ticket, agent, true).statusCode(201).extract().path("id");
        Instant started = Instant.parse(given().auth().oauth2(agent).get("/api/v1/tickets/" + ticket + "/sessions").then()
                .extract().path("[0].startedAt"));
        assertThat(Sql.count("select count(*) from due_timer where kind = ?1 and subject = ?2 and due_at = ?3 "
                + "and fired_at is null", PrepaidCutOff.CUT_OFF_TIMER, session, started.plusSeconds(120))).isEqualTo(1);

        balance(account, 300); // a card redeemed meanwhile: the session may run longer
        assertThat(Sql.count("select count(*) from due_timer where kind = ?1 and subject = ?2 and due_at = ?3 "
                + "and fired_at is null", PrepaidCutOff.CUT_OFF_TIMER, session, started.plusSeconds(300))).isEqualTo(1);

        clock.advance(Duration.ofMinutes(6));
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count(
                "select count(*) from remote_session where id = ?1 and seconds = 300 and stopped_by is not null",
                UUID.fromString(session)) == 1);
        assertThat(Sql.count("select count(*) from outbox_event where subject = ?1 and type = "
                + "'org.supportdesk.ticket.session-closed.v1' and payload like '%\"seconds\":300%R-B7%'", session))
                .isEqualTo(1);
    }

    /**
     * R-B7 with R-S3: a PREPAID account's wallet pays one session at a time. A resolved ticket re-opened
     * by its customer beside a newer open one could run a second session at once, each cut off at the
     * whole wallet, spending it twice; and a past session recorded by staff is served only within the
     * wallet too.
     */
    @Test
    void aPrepaidWalletPaysOneSessionAtATimeAndNoRecordedSessionBeyondItR_B7_R_S3() {
        UUID account = Accounts.inPlan("PREPAID", "SILVER");
        balance(account, 600);
        String first = TicketWorkflowTest.open(account);
        String agent = SessionResourceTest.newAgent();
        String session = SessionResourceTest.start(first, agent, true).statusCode(201).extract().path("id");
        SessionResourceTest.stop(first, session, agent, Map.of("outcome", "SOLVED")).statusCode(200);
        TicketWorkflowTest.move(first, agent, "RESOLVED", null, null).statusCode(200);
        String second = TicketWorkflowTest.open(account);
        TicketWorkflowTest.move(first, org.supportdesk.platform.testing.Tokens.customer(account), "IN_PROGRESS",
                "still broken", null).statusCode(200);

        SessionResourceTest.start(first, agent, true).statusCode(201);
        SessionResourceTest.start(second, SessionResourceTest.newAgent(), true).statusCode(409)
                .body("type", equalTo("https://supportdesk.org/problems/session-running"));
        assertThat(Sql.count("select count(*) from remote_session where account_id = ?1 and ended_at is null",
                UUID.fromString(account.toString()))).isEqualTo(1);

        clock.advance(Duration.ofMinutes(90)); // the recorded sessions lie after the second ticket's opening
        Instant now = clock.instant();
        SessionResourceTest.record(second, SessionResourceTest.newAgent(), now.minusSeconds(3600), now.minusSeconds(1800),
                "phone call").statusCode(409).body("type", equalTo("https://supportdesk.org/problems/balance-exhausted"));
        SessionResourceTest.record(second, SessionResourceTest.newAgent(), now.minusSeconds(3600), now.minusSeconds(3300),
                "phone call").statusCode(201);
    }

    @Test
    void otherPlansAreNotLimitedByAWallet() {
        String ticket = TicketWorkflowTest.open(Accounts.inPlan("OCCASIONAL", "SILVER"));
        SessionResourceTest.start(ticket, SessionResourceTest.newAgent(), true).statusCode(201);
    }

    @Test
    void billingsBalanceExhaustedStopsTheRunningSessionAtThatMomentR_B7() {
        UUID account = Accounts.inPlan("PREPAID", "SILVER");
        String ticket = TicketWorkflowTest.open(account);
        balance(account, 3600);
        String agent = SessionResourceTest.newAgent();
        String session = SessionResourceTest.start(ticket, agent, true).statusCode(201).extract().path("id");
        Instant started = Instant.parse(given().auth().oauth2(agent).get("/api/v1/tickets/" + ticket + "/sessions").then()
                .extract().path("[0].startedAt"));
        ObjectNode data = CataloguedEvents.sample(PrepaidCutOff.BALANCE_EXHAUSTED);
        data.put("accountId", account.toString());
        data.put("sessionId", session);
        data.put("exhaustedAt", started.plusSeconds(42).toString());
        CataloguedEvents.publish("billing-events", UUID.randomUUID(), PrepaidCutOff.BALANCE_EXHAUSTED, session,
                account.toString(), data.toString());
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count(
                "select count(*) from remote_session where id = ?1 and seconds = 42 and stopped_by is not null",
                UUID.fromString(session)) == 1);
    }
}
