package org.supportdesk.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.testing.AccountRegistrations;
import org.supportdesk.platform.testing.Tokens;

/**
 * Two replicas of ticket-service on one database (R-L5, R-T8): tickets opened on either take their
 * numbers from one series, and when their first-response targets come due both replicas claim
 * batches of their timers at once (SKIP LOCKED; the test holds the targets' rows until both have),
 * yet each timer fires once, each target is breached once, each ticket escalated once, and each
 * event written once.
 */
class TwoTicketReplicasIT {

    private static final String BREACHED = "org.supportdesk.ticket.sla-breached.v1";
    private static final String ESCALATED = "org.supportdesk.ticket.ticket-escalated.v1";
    private static Replicas replicas;

    @BeforeAll
    static void start() throws Exception {
        replicas = Replicas.start("ticket-service", "ticket2", 2, Replicas.SMALL_TIMER_BATCHES);
    }

    @AfterAll
    static void stop() throws Exception {
        if (replicas != null) {
            replicas.close();
        }
    }

    @Test
    void twoReplicasBreachEachDueTargetOnceAndEscalateEachTicketOnce() throws Exception {
        int count = 60;
        List<UUID> accounts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            accounts.add(AccountRegistrations.publishNew(null));
        }
        String mine = in(accounts);
        await().atMost(Duration.ofSeconds(90))
                .until(() -> count("select count(*) from account_view where account_id in " + mine) == count);

        // one ticket an account, opened on either replica in turn
        String agent = Tokens.agent("T1");
        List<UUID> tickets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = given().baseUri(replicas.get(i).url()).auth().oauth2(agent).contentType("application/json")
                    .body(Map.of("accountId", accounts.get(i).toString(), "kind", "SERVICE_REQUEST", "title", "Printer offline",
                            "description", "The office printer stopped answering after the router was replaced."))
                    .post("/api/v1/tickets").then().statusCode(201).extract().path("id");
            tickets.add(UUID.fromString(id));
        }
        String ours = in(tickets);
        assertThat(count("select max(number) - min(number) + 1 from ticket where id in " + ours)).as("one gapless number series")
                .isEqualTo(count);
        String firstResponse = "(" + String.join(",", tickets.stream().map(t -> "'" + t + "/FIRST_RESPONSE'").toList()) + ")";
        assertThat(count("select count(*) from due_timer where kind = 'sla-due' and fired_at is null and subject in "
                + firstResponse)).as("each first response has its timer").isEqualTo(count);
        assertThat(count("select count(*) from outbox_event where type = '" + BREACHED + "' and subject in " + ours))
                .isZero();

        // the first responses come due now, while the test holds their targets' rows (a batch never waits for
        // a ticket, it gives its timers back; it locks its tickets, then waits for their running targets) until
        // more loops wait than one replica has: both replicas have claimed batches
        try (var held = replicas.database.lock("select 1 from sla_target where target = 'FIRST_RESPONSE' and ticket_id in "
                + ours + " for update")) {
            held.update("update sla_target set due_at = now() - interval '1 minute' where target = 'FIRST_RESPONSE' "
                    + "and ticket_id in " + ours);
            replicas.database.update("update due_timer set due_at = now() - interval '1 minute' "
                    + "where kind = 'sla-due' and fired_at is null and subject in " + firstResponse);
            held.awaitWaiting(Replicas.TIMER_LOOPS + 1, Duration.ofSeconds(30));
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> count("select count(*) from sla_target where target = 'FIRST_RESPONSE' "
                + "and breached_at is not null and ticket_id in " + ours) == count);
        Thread.sleep(3000); // a second firing would have had its chance (both replicas poll every second)

        assertThat(count("select count(*) from due_timer where kind = 'sla-due' and subject in " + firstResponse
                + " and fired_at is not null and attempts = 1")).as("each timer fired once").isEqualTo(count);
        assertThat(count("select count(*) from sla_breach where target = 'FIRST_RESPONSE' and ticket_id in " + ours))
                .as("one breach a target").isEqualTo(count);
        assertThat(count("select count(distinct ticket_id) from sla_breach where ticket_id in " + ours)).isEqualTo(count);
        assertThat(count("select count(*) from ticket_escalation where ticket_id in " + ours)).as("one escalation a ticket")
                .isEqualTo(count);
        assertThat(count("select count(*) from ticket where tier = 'T2' and id in " + ours)).isEqualTo(count);
        assertThat(count("select count(*) from outbox_event where type = '" + BREACHED + "' and subject in " + ours))
                .as("one sla-breached event a ticket").isEqualTo(count);
        assertThat(count("select count(*) from outbox_event where type = '" + ESCALATED + "' and subject in " + ours))
                .as("one ticket-escalated event a ticket").isEqualTo(count);
    }

    private static String in(List<UUID> ids) {
        return "(" + String.join(",", ids.stream().map(id -> "'" + id + "'").toList()) + ")";
    }

    private static long count(String sql) throws Exception {
        return replicas.database.count(sql);
    }
}
