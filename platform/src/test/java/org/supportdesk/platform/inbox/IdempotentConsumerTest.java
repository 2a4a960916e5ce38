package org.supportdesk.platform.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.testapp.LedgerConsumer;
import org.supportdesk.platform.testing.CloudEventRecords;
import org.supportdesk.platform.testing.Sql;
import org.supportdesk.platform.testing.TopicReader;

@QuarkusTest
class IdempotentConsumerTest {

    private static final String TOPIC = "platform-test-events";
    private static final String TYPE = "org.supportdesk.test.ledger-entry.v1";

    @Inject
    LedgerConsumer ledger;

    @Test
    void anEventDeliveredTwiceIsAppliedOnce() throws Exception {
        UUID id = UUID.randomUUID();
        try (KafkaProducer<String, String> producer = TopicReader.producer()) {
            producer.send(CloudEventRecords.event(TOPIC, id, TYPE, "s-" + id, "acct", "{\"n\":1}")).get();
            producer.send(CloudEventRecords.event(TOPIC, id, TYPE, "s-" + id, "acct", "{\"n\":1}")).get();
            // a later event proves the consumer went past both copies
            UUID marker = UUID.randomUUID();
            producer.send(CloudEventRecords.event(TOPIC, marker, TYPE, "m-" + marker, "acct", "{}")).get();
            await().atMost(Duration.ofSeconds(30)).until(() -> ledgerRows(marker) == 1);
        }
        assertThat(ledgerRows(id)).isEqualTo(1);
        assertThat(Sql.count("select count(*) from processed_event where event_id = ?1", id)).isEqualTo(1);
        assertThat(ledger.attemptsOf(id)).isEqualTo(1);
    }

    @Test
    void anEventWithoutItsTimeTakesTheTimeTheBrokerRecordedIt() throws Exception {
        UUID timed = UUID.randomUUID();
        UUID untimed = UUID.randomUUID();
        Instant stamped = Instant.parse("2026-03-01T10:15:30.123Z");
        try (KafkaProducer<String, String> producer = TopicReader.producer()) {
            ProducerRecord<String, String> withTime = CloudEventRecords.event(TOPIC, timed, TYPE, "t-" + timed, "acct", "{}");
            Instant ceTime = Instant.parse("2026-02-01T08:00:00.456Z");
            withTime.headers().remove("ce_time").add("ce_time", ceTime.toString().getBytes(StandardCharsets.UTF_8));
            producer.send(new ProducerRecord<>(TOPIC, null, stamped.toEpochMilli(), "acct", withTime.value(),
                    withTime.headers())).get();
            ProducerRecord<String, String> record = CloudEventRecords.event(TOPIC, untimed, TYPE, "u-" + untimed, "acct", "{}");
            record.headers().remove("ce_time");
            producer.send(new ProducerRecord<>(TOPIC, null, stamped.toEpochMilli(), "acct", record.value(),
                    record.headers())).get();
            await().atMost(Duration.ofSeconds(30)).until(() -> ledgerRows(untimed) == 1 && ledgerRows(timed) == 1);
            // the CloudEvent's own time wins; without one, the record's timestamp (never the consumer's clock)
            assertThat(Sql.count("select count(*) from test_ledger where event_id = ?1 and at = ?2", timed,
                    OffsetDateTime.ofInstant(ceTime, ZoneOffset.UTC))).isEqualTo(1);
            assertThat(Sql.count("select count(*) from test_ledger where event_id = ?1 and at = ?2", untimed,
                    OffsetDateTime.ofInstant(stamped, ZoneOffset.UTC))).isEqualTo(1);
        }
    }

    @Test
    void aFailingEffectIsRetriedAndItsFailedAttemptsLeaveNoTrace() throws Exception {
        UUID id = UUID.randomUUID();
        try (KafkaProducer<String, String> producer = TopicReader.producer()) {
            producer.send(CloudEventRecords.event(TOPIC, id, TYPE, "r-" + id, "acct", "{\"failures\":2}")).get();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> ledgerRows(id) == 1);
        assertThat(ledger.attemptsOf(id)).isEqualTo(3);
        assertThat(Sql.count("select count(*) from processed_event where event_id = ?1", id)).isEqualTo(1);
    }

    @Test
    void aMessageThatKeepsFailingGoesToTheDeadLetterTopicWithItsReasonAndTheConsumerGoesOn() throws Exception {
        UUID doomed = UUID.randomUUID();
        UUID after = UUID.randomUUID();
        try (TopicReader dlq = TopicReader.fromStart(TOPIC + ".dlq");
                KafkaProducer<String, String> producer = TopicReader.producer()) {
            producer.send(CloudEventRecords.event(TOPIC, doomed, TYPE, "d-" + doomed, "acct", "{\"failures\":99}")).get();
            producer.send(CloudEventRecords.event(TOPIC, after, TYPE, "a-" + after, "acct", "{}")).get();

            ConsumerRecord<String, String> dead = dlq.awaitSubject("d-" + doomed);
            assertThat(TopicReader.header(dead, "dead-letter-reason")).contains("fails");
            await().atMost(Duration.ofSeconds(30)).until(() -> ledgerRows(after) == 1);
        }
        assertThat(ledger.attemptsOf(doomed)).isEqualTo(3);
        assertThat(ledgerRows(doomed)).isZero();
        assertThat(Sql.count("select count(*) from processed_event where event_id = ?1", doomed)).isZero();
    }

    @Test
    void aPoisonMessageIsDeadLetteredAtOnceWithoutRetries() throws Exception {
        String marker = "poison-" + UUID.randomUUID();
        try (TopicReader dlq = TopicReader.fromStart(TOPIC + ".dlq");
                KafkaProducer<String, String> producer = TopicReader.producer()) {
            producer.send(new ProducerRecord<>(TOPIC, marker, "not json and no CloudEvent headers")).get();
            producer.send(CloudEventRecords.event(TOPIC, UUID.randomUUID(), TYPE, marker + "-json", "acct",
                    "{ this is not json")).get();

            ConsumerRecord<String, String> noHeaders = dlq.await(r -> marker.equals(r.key()), marker);
            assertThat(TopicReader.header(noHeaders, "dead-letter-reason")).contains("not a CloudEvent");
            ConsumerRecord<String, String> badJson = dlq.awaitSubject(marker + "-json");
            assertThat(TopicReader.header(badJson, "dead-letter-reason")).contains("is not JSON");
        }
    }

    private static long ledgerRows(UUID eventId) {
        return Sql.count("select count(*) from test_ledger where event_id = ?1", eventId);
    }
}
