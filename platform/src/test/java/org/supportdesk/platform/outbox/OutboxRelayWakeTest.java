package org.supportdesk.platform.outbox;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.testing.Sql;
import org.supportdesk.platform.testing.TopicReader;
import org.supportdesk.platform.testing.Tokens;

/**
 * The relay publishes when the outbox is appended to, not at its next scheduled pass: here the
 * schedule's only pass is the first one, so every event that reaches Kafka got there by a wake (or the
 * look a woken pass that found nothing takes three lingers later).
 */
@QuarkusTest
@TestProfile(OutboxRelayWakeTest.OnlyWakes.class)
class OutboxRelayWakeTest {

    /** The relay on, its scheduled passes an hour apart: after the first one, only wakes publish. */
    public static class OnlyWakes implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("supportdesk.outbox.relay-enabled", "true",
                    "supportdesk.outbox.relay-interval", "1h",
                    "supportdesk.outbox.relay-start-delay", "5s",
                    "supportdesk.outbox.relay-linger", "300ms");
        }
    }

    @Inject
    OutboxRelay relay;

    @BeforeEach
    void firstScheduledPassRan() {
        await().atMost(Duration.ofSeconds(60)).until(relay::started);
    }

    @Test
    void anEventCommittedWithItsStateChangeIsPublishedWithoutWaitingForTheSchedule() {
        UUID account = UUID.randomUUID();
        try (TopicReader consumer = TopicReader.fromStart("platform-test-events")) {
            String widgetId = created(account);

            assertThat(TopicReader.header(consumer.awaitSubject(widgetId), "ce_type"))
                    .isEqualTo("org.supportdesk.test.widget-created.v1");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> Sql.count(
                "select count(*) from outbox_event where partition_key = ?1 and published_at is null", account.toString()) == 0);
    }

    @Test
    void manyTransactionsAppendingAtOnceAreAllPublishedThoseThatCommitDuringAPassByTheNext() {
        UUID account = UUID.randomUUID();
        try (TopicReader consumer = TopicReader.fromStart("platform-test-events")) {
            ExecutorService clients = Executors.newFixedThreadPool(16);
            List<CompletableFuture<String>> requests = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                requests.add(CompletableFuture.supplyAsync(() -> created(account, "gear"), clients));
            }
            List<String> widgets = requests.stream().map(CompletableFuture::join).toList();
            clients.shutdown();

            for (String widget : widgets) {
                assertThat(consumer.awaitSubject(widget).key()).isEqualTo(account.toString());
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> Sql.count(
                "select count(*) from outbox_event where partition_key = ?1 and published_at is null", account.toString()) == 0);
        assertThat(Sql.count("select count(*) from outbox_event where partition_key = ?1", account.toString())).isEqualTo(60);
    }

    @Test
    void aTransactionThatCommitsAfterThePassItWokeIsPublishedByTheLookThreeLingersLater() {
        UUID account = UUID.randomUUID();
        try (TopicReader consumer = TopicReader.fromStart("platform-test-events")) {
            // appended, then held open 400 ms: the pass it wakes (300 ms) finds nothing, the next look (1.2 s) finds it
            String widgetId = created(account, "slow-commit");

            assertThat(consumer.awaitSubject(widgetId).key()).isEqualTo(account.toString());
        }
    }

    private static String created(UUID account) {
        return created(account, "gear");
    }

    private static String created(UUID account, String name) {
        return given().auth().oauth2(Tokens.customer(account)).contentType("application/json")
                .body(Map.of("name", name, "accountId", account))
                .post("/api/v1/widgets").then().statusCode(201).extract().path("id");
    }
}
