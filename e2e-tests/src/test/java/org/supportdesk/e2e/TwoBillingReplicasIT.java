package org.supportdesk.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.testing.AccountRegistrations;
import org.supportdesk.platform.testing.CataloguedEvents;
import org.supportdesk.platform.testing.CloudEventRecords;
import org.supportdesk.platform.testing.Tokens;
import org.supportdesk.platform.testing.TopicReader;

/**
 * Two replicas of billing-service on one database (R-B11): they share the rating of the sessions
 * (one consumer group) and the invoice run's timers (claimed with SKIP LOCKED); every account gets
 * one monthly invoice, charged once, its number from one gapless series, every session on it once.
 */
class TwoBillingReplicasIT {


    private static Replicas replicas;

    @BeforeAll
    static void start() throws Exception {
        replicas = Replicas.start("billing-service", "billing2", 2, Map.of(
                // the runs that joining schedules stay far off: only the admin's run below bills October
                "BILLING_INVOICE_RUN_DELAY", "400d"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (replicas != null) {
            replicas.close();
        }
    }

    @Test
    void twoReplicasRateEverySessionOnceAndTheInvoiceRunBillsEveryAccountOnce() throws Exception {
        UUID plan = BillingTraffic.planWithoutAllowances();
        int accountCount = 60;
        List<UUID> accounts = new ArrayList<>();
        for (int i = 0; i < accountCount; i++) {
            UUID account = AccountRegistrations.publishNew(null);
            accounts.add(account);
            ObjectNode joined = CataloguedEvents.sample("org.supportdesk.subscription.subscription-changed.v1");
            joined.put("accountId", account.toString());
            joined.put("kind", "JOINED");
            joined.put("planId", plan.toString());
            joined.put("planVersion", 2);
            ((ObjectNode) joined.get("terms")).put("type", "MONTHLY");
            joined.put("effectiveOn", "2026-10-01");
            CataloguedEvents.publish("subscription-events", UUID.randomUUID(),
                    "org.supportdesk.subscription.subscription-changed.v1", account.toString(), account.toString(),
                    joined.toString());
        }
        // the replicas read the topics from the start (a group of their own): only these accounts are counted
        String mine = "(" + String.join(",", accounts.stream().map(a -> "'" + a + "'").toList()) + ")";
        await().atMost(Duration.ofSeconds(90)).until(() -> count("select count(*) from subscription_stay where account_id in "
                + mine) == accountCount && count("select count(*) from plan_version where plan_id = '" + plan + "'") >= 1);

        // three sessions an account in October, on a ticket resolved that month
        int sessions = 3 * accountCount;
        Instant start = Instant.parse("2026-10-12T08:00:00Z");
        try (KafkaProducer<String, String> producer = TopicReader.producer()) {
            for (int i = 0; i < accountCount; i++) {
                UUID account = accounts.get(i);
                UUID ticket = UUID.randomUUID();
                for (int k = 0; k < 3; k++) {
                    UUID session = UUID.randomUUID();
                    ObjectNode data = BillingTraffic.sessionClosed(account, ticket, session, plan,
                            start.plusSeconds(k * 600L), 90, k == 2 ? "SOLVED" : "CONTINUING");
                    producer.send(CloudEventRecords.event("ticket-events", UUID.randomUUID(), BillingTraffic.SESSION_CLOSED,
                            session.toString(), account.toString(), data.toString()));
                }
                ObjectNode resolved = CataloguedEvents.sample("org.supportdesk.ticket.ticket-status-changed.v1");
                resolved.put("ticketId", ticket.toString());
                resolved.put("accountId", account.toString());
                resolved.put("from", "IN_PROGRESS");
                resolved.put("to", "RESOLVED");
                resolved.put("at", start.plusSeconds(3600).toString());
                producer.send(CloudEventRecords.event("ticket-events", UUID.randomUUID(),
                        "org.supportdesk.ticket.ticket-status-changed.v1", ticket.toString(), account.toString(),
                        resolved.toString()));
            }
            producer.flush();
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> count("select count(*) from rated_session where account_id in " + mine) == sessions
                && count("select count(*) from ticket_usage where handling_ended_at is not null and account_id in " + mine)
                        == accountCount);

        // October's run, asked of one replica; both fire its timers
        given().baseUri(replicas.get(0).url()).auth().oauth2(Tokens.withRoles("admin")).contentType("application/json")
                .body(Map.of("period", "2026-10")).post("/api/v1/invoice-runs").then().statusCode(202);
        String october = "from invoice where kind = 'MONTHLY' and period_start = '2026-10-01' and account_id in " + mine;
        await().atMost(Duration.ofSeconds(120)).until(() -> count("select count(*) " + october) >= accountCount);
        Thread.sleep(3000); // a second firing would have had its chance

        assertThat(count("select count(*) " + october)).isEqualTo(accountCount);
        assertThat(count("select count(distinct account_id) " + october)).isEqualTo(accountCount);
        // one gapless series, whichever replica issued which invoice
        assertThat(count("select max(number) - min(number) + 1 " + october)).isEqualTo(accountCount);
        assertThat(count("select count(*) " + october + " and payment_attempts <> 1")).isZero();
        // every session rated once, and on its account's one invoice
        assertThat(count("select count(*) from rated_session r join invoice i on i.id = r.invoice_id "
                + "and i.account_id = r.account_id where r.account_id in " + mine)).isEqualTo(sessions);
        // each run's timer fired once
        assertThat(count("select count(*) from due_timer where kind = 'invoice-run' and fired_at is not null "
                + "and split_part(subject, '/', 1) in " + mine + " and subject like '%/2026-10-01'")).isEqualTo(accountCount);
        assertThat(count("select count(*) from due_timer where kind = 'invoice-run' and subject like '%/2026-10-01' "
                + "and split_part(subject, '/', 1) in " + mine + " and (fired_at is null or attempts <> 1)")).isZero();
        assertThat(count("select count(*) from outbox_event where type like '%invoice-issued%' and partition_key in " + mine))
                .isEqualTo(accountCount);
    }

    private static long count(String sql) throws Exception {
        return replicas.database.count(sql);
    }
}
