package org.supportdesk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.math.BigDecimal;
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
import org.supportdesk.platform.testing.CloudEventRecords;
import org.supportdesk.platform.testing.TopicReader;

/**
 * Billing never bills a minute twice or loses one, whatever crashes: the packaged billing-service
 * is killed (kill -9) while it rates a stream of 20,000 sessions, then started again; the broker redelivers
 * what was applied but not yet acknowledged, and every total equals the one computed independently.
 */
class BillingCrashIT {

    private static final OidcWiremockTestResource OIDC = new OidcWiremockTestResource();
    private static final String SESSIONS_TOPIC = "billing-crash-ticket-events";
    private static Map<String, String> env;
    private static ServiceDatabase database;
    private static ServiceProcess billing;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> oidc = OIDC.start();
        database = ServiceDatabase.create("billing");
        env = ServiceProcess.environment(database.name(), oidc);
        // the 20,000 sessions go to a topic of their own: the other tests' consumers read
        // ticket-events from its start and need not wade through them
        env.put("MP_MESSAGING_INCOMING_TICKET_EVENTS_TOPIC", SESSIONS_TOPIC);
        env.put("MP_MESSAGING_INCOMING_TICKET_EVENTS_DEAD_LETTER_QUEUE_TOPIC", SESSIONS_TOPIC + ".dlq");
        billing = ServiceProcess.start("billing-service", env);
        billing.awaitReady(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() throws Exception {
        if (billing != null) {
            billing.close();
        }
        OIDC.stop();
    }

    @Test
    void killedMidStreamAndRestartedBillingRatesEverySessionExactlyOnce() throws Exception {
        // a plan without allowances: each 90-second session is 2 minutes × 2.90 = 5.80
        UUID plan = BillingTraffic.planWithoutAllowances();
        List<UUID> accounts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            accounts.add(AccountRegistrations.publishNew(null));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> count("select count(*) from wallet") >= 20
                && count("select count(*) from plan_version") >= 1);

        // benchmark-1-sized traffic: rated in batches, the kill lands in the middle of it
        int sessions = 20_000;
        Instant start = Instant.parse("2026-10-01T08:00:00Z");
        try (KafkaProducer<String, String> producer = TopicReader.producer()) {
            for (int i = 0; i < sessions; i++) {
                UUID account = accounts.get(i % accounts.size());
                UUID session = UUID.randomUUID();
                ObjectNode data = BillingTraffic.sessionClosed(account, UUID.randomUUID(), session, plan,
                        start.plusSeconds(i * 100L), 90, "SOLVED");
                producer.send(CloudEventRecords.event(SESSIONS_TOPIC, UUID.randomUUID(), BillingTraffic.SESSION_CLOSED,
                        session.toString(), account.toString(), data.toString()));
            }
            producer.flush();
        }

        // kill -9 in the middle of the stream, then start again
        await().atMost(Duration.ofSeconds(60)).until(() -> count("select count(*) from rated_session") >= 1_000);
        billing.kill();
        long ratedBeforeRestart = count("select count(*) from rated_session");
        assertThat(ratedBeforeRestart).isLessThan(sessions);
        billing = ServiceProcess.start("billing-service", env);
        billing.awaitReady(Duration.ofSeconds(90));

        await().atMost(Duration.ofSeconds(300)).until(() -> count("select count(*) from rated_session") == sessions);
        Thread.sleep(2000); // anything redelivered after the restart has had its chance to double-bill
        assertThat(count("select count(*) from rated_session")).isEqualTo(sessions);
        assertThat(count("select count(*) from rated_line where kind = 'MINUTES'")).isEqualTo(sessions);
        assertThat(count("select coalesce(sum(minutes), 0) from rated_session")).isEqualTo(2L * sessions);
        assertThat(decimal("select coalesce(sum(payable), 0) from rated_session"))
                .isEqualByComparingTo(new BigDecimal("5.80").multiply(BigDecimal.valueOf(sessions)));
        assertThat(count("select count(*) from processed_event where consumer = 'billing.rating' "
                + "and event_type = 'org.supportdesk.ticket.session-closed.v1'")).isEqualTo(sessions);
    }

    private static long count(String sql) throws Exception {
        return database.count(sql);
    }

    private static BigDecimal decimal(String sql) throws Exception {
        return database.decimal(sql);
    }
}
