package org.supportdesk.platform.outbox;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.testing.OnVertx;
import org.supportdesk.platform.testing.Sql;
import org.supportdesk.platform.testing.TopicReader;
import org.supportdesk.platform.testing.Tokens;

@QuarkusTest
class OutboxRelayTest {

    @Inject
    OutboxRelay relay;

    @Inject
    Outbox outbox;

    record Note(String text, java.math.BigDecimal amount, java.time.Instant at) {
    }

    @Test
    void eventsAppendedTogetherFollowTheOnesBeforeThemInOrderWithTheirDataIntact() {
        UUID account = UUID.randomUUID();
        String subject = "bulk-" + account;
        java.time.Instant at = java.time.Instant.parse("2026-11-30T22:00:00Z");
        java.util.List<Outbox.Pending> many = new java.util.ArrayList<>();
        for (int i = 1; i <= 300; i++) {
            many.add(new Outbox.Pending("org.supportdesk.test.note.v1", subject, account.toString(),
                    new Note("n" + i + " \"quoted\" שלום \\ ✓", new java.math.BigDecimal("0.10").multiply(
                            java.math.BigDecimal.valueOf(i)), at)));
        }
        OnVertx.await(() -> io.quarkus.hibernate.reactive.panache.Panache.withTransaction(() -> outbox
                .append("org.supportdesk.test.note.v1", subject, account.toString(), new Note("n0 first", java.math.BigDecimal.ZERO, at))
                .chain(() -> outbox.appendAll(many))));

        // in the order appended, the one appended alone (pending in the session) first
        java.util.List<String> texts = OnVertx.await(() -> io.quarkus.hibernate.reactive.panache.Panache.withSession(
                () -> io.quarkus.hibernate.reactive.panache.Panache.getSession().chain(s -> s.createNativeQuery(
                        "select payload from outbox_event where subject = :s order by position", String.class)
                        .setParameter("s", subject).getResultList())));
        assertThat(texts).hasSize(301);
        assertThat(texts.getFirst()).contains("n0 first");
        for (int i = 1; i <= 300; i++) {
            assertThat(texts.get(i)).startsWith("{\"text\":\"n" + i + " \\\"quoted\\\" שלום \\\\ ✓\"");
        }
        assertThat(texts.get(300)).contains("\"amount\":30.00").contains("\"at\":\"2026-11-30T22:00:00Z\"");
        assertThat(Sql.count("select count(distinct id) from outbox_event where subject = ?1 and topic = 'platform-test-events' "
                + "and source = '/platform-test' and partition_key = ?2 and published_at is null", subject, account.toString()))
                .isEqualTo(301);

        try (TopicReader consumer = TopicReader.fromStart("platform-test-events")) {
            while (OnVertx.await(() -> relay.publishPending()) > 0) {
                // every pass publishes up to a batch
            }
            assertThat(consumer.awaitSubject(subject).value()).contains("n0 first");
        }
        assertThat(Sql.count("select count(*) from outbox_event where subject = ?1 and published_at is null", subject)).isZero();
    }

    @Test
    void stateChangeAndItsEventCommitTogetherAndTheRelayPublishesACloudEventKeyedByAccount() {
        UUID account = UUID.randomUUID();
        String widgetId = given().auth().oauth2(Tokens.customer(account)).contentType("application/json")
                .body(Map.of("name", "gear", "accountId", account))
                .post("/api/v1/widgets").then().statusCode(201).extract().path("id");

        // committed, not yet relayed: the event waits in the outbox, as after a crash before publishing
        assertThat(Sql.count("select count(*) from outbox_event where subject = ?1 and published_at is null", widgetId))
                .isEqualTo(1);

        try (TopicReader consumer = TopicReader.fromStart("platform-test-events")) {
            int published = OnVertx.await(() -> relay.publishPending());
            assertThat(published).isGreaterThanOrEqualTo(1);

            ConsumerRecord<String, String> record = consumer.awaitSubject(widgetId);
            assertThat(record.key()).isEqualTo(account.toString());
            assertThat(TopicReader.header(record, "ce_specversion")).isEqualTo("1.0");
            assertThat(TopicReader.header(record, "ce_type")).isEqualTo("org.supportdesk.test.widget-created.v1");
            assertThat(TopicReader.header(record, "ce_source")).isEqualTo("/platform-test");
            assertThat(UUID.fromString(TopicReader.header(record, "ce_id"))).isNotNull();
            assertThat(TopicReader.header(record, "ce_time")).isNotBlank();
            assertThat(record.value()).contains("\"name\":\"gear\"").contains(account.toString());
        }
        assertThat(Sql.count("select count(*) from outbox_event where subject = ?1 and published_at is null", widgetId))
                .isZero();
    }

    @Test
    void aFailedTransactionLeavesNeitherStateNorEvent() {
        UUID account = UUID.randomUUID();
        given().auth().oauth2(Tokens.withRoles("admin")).contentType("application/json")
                .body(Map.of("name", "explode-after-outbox", "accountId", account))
                .post("/api/v1/widgets").then().statusCode(500)
                .contentType("application/problem+json");

        assertThat(Sql.count("select count(*) from outbox_event where partition_key = ?1", account.toString())).isZero();
        assertThat(Sql.count("select count(*) from widget where account_id = ?1", account)).isZero();
    }
}
