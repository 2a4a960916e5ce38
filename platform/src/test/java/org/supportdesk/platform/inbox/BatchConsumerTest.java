package org.supportdesk.platform.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.testapp.BatchLedgerConsumer;
import org.supportdesk.platform.testing.CloudEventRecords;
import org.supportdesk.platform.testing.Sql;
import org.supportdesk.platform.testing.TopicReader;

/** A consumer in batch mode applies each event once, like one that takes them one at a time. */
@QuarkusTest
class BatchConsumerTest {

    private static final String TOPIC = "platform-test-batch";
    private static final String TYPE = "org.supportdesk.test.ledger-entry.v1";

    @Inject
    BatchLedgerConsumer ledger;

    @Test
    void aPollIsAppliedInOneBatchAndAnEventInItTwiceOnlyOnce() throws Exception {
        List<UUID> ids = new ArrayList<>();
        UUID twice = UUID.randomUUID();
        try (KafkaProducer<String, String> producer = TopicReader.producer()) {
            for (int i = 0; i < 300; i++) {
                UUID id = i == 150 ? twice : UUID.randomUUID();
                ids.add(id);
                producer.send(CloudEventRecords.event(TOPIC, id, TYPE, "b-" + id, "acct", "{}"));
            }
            producer.send(CloudEventRecords.event(TOPIC, twice, TYPE, "b-" + twice, "acct", "{}"));
            producer.flush();
        }
        UUID last = ids.getLast();
        await().atMost(Duration.ofSeconds(30)).until(() -> rows(last, "batch") == 1);
        for (UUID id : ids) {
            assertThat(rows(id, "batch")).as("event %s", id).isEqualTo(1);
            assertThat(rows(id, "single")).isZero();
            assertThat(Sql.count("select count(*) from processed_event where event_id = ?1", id)).isEqualTo(1);
        }
        // the 300 events came in fewer polls than events: the batch path ran
        assertThat(Sql.count("select count(distinct processed_at) from processed_event where consumer = 'test.ledger-batch' "
                + "and event_id in (" + quoted(ids) + ")")).isLessThan(300);
    }

    @Test
    void aBatchThatFailsIsUndoneAndAppliedOneByOneAndOnlyTheFailingEventIsDeadLettered() throws Exception {
        UUID before = UUID.randomUUID();
        UUID doomed = UUID.randomUUID();
        UUID retried = UUID.randomUUID();
        UUID after = UUID.randomUUID();
        try (TopicReader dlq = TopicReader.fromStart(TOPIC + ".dlq");
                KafkaProducer<String, String> producer = TopicReader.producer()) {
            producer.send(CloudEventRecords.event(TOPIC, before, TYPE, "f-" + before, "acct", "{}"));
            producer.send(CloudEventRecords.event(TOPIC, doomed, TYPE, "f-" + doomed, "acct", "{\"failures\":99}"));
            producer.send(CloudEventRecords.event(TOPIC, retried, TYPE, "f-" + retried, "acct", "{\"failures\":1}"));
            producer.send(CloudEventRecords.event(TOPIC, after, TYPE, "f-" + after, "acct", "{}"));
            producer.flush();

            ConsumerRecord<String, String> dead = dlq.awaitSubject("f-" + doomed);
            assertThat(TopicReader.header(dead, "dead-letter-reason")).contains("fails");
            await().atMost(Duration.ofSeconds(30)).until(() -> applied(after) == 1);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> applied(retried) == 1);
        // whatever the failed batch wrote was rolled back with it: each good event is there exactly once
        assertThat(applied(before)).isEqualTo(1);
        assertThat(applied(retried)).isEqualTo(1);
        assertThat(ledger.attemptsOf(retried)).isEqualTo(2);
        assertThat(ledger.attemptsOf(doomed)).isEqualTo(3);
        assertThat(rows(doomed, "batch") + rows(doomed, "single")).isZero();
        assertThat(Sql.count("select count(*) from processed_event where event_id = ?1", doomed)).isZero();
    }

    @Test
    void anUnreadableMessageInABatchIsDeadLetteredAtOnceAndTheRestApplied() throws Exception {
        String marker = "batch-poison-" + UUID.randomUUID();
        UUID good = UUID.randomUUID();
        try (TopicReader dlq = TopicReader.fromStart(TOPIC + ".dlq");
                KafkaProducer<String, String> producer = TopicReader.producer()) {
            producer.send(new ProducerRecord<>(TOPIC, marker, "no CloudEvent headers"));
            producer.send(CloudEventRecords.event(TOPIC, good, TYPE, "g-" + good, "acct", "{}"));
            producer.flush();
            ConsumerRecord<String, String> dead = dlq.await(r -> marker.equals(r.key()), marker);
            assertThat(TopicReader.header(dead, "dead-letter-reason")).contains("not a CloudEvent");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> rows(good, "batch") == 1);
    }

    @Test
    void eventsOfTypesTheConsumerDoesNotActOnAreNeitherRecordedNorAppliedButAnUnreadableOneIsStillDeadLettered()
            throws Exception {
        String other = "org.supportdesk.test.unrelated.v1";
        UUID passing = UUID.randomUUID();
        UUID unreadable = UUID.randomUUID();
        UUID good = UUID.randomUUID();
        try (TopicReader dlq = TopicReader.fromStart(TOPIC + ".dlq");
                KafkaProducer<String, String> producer = TopicReader.producer()) {
            producer.send(CloudEventRecords.event(TOPIC, passing, other, "o-" + passing, "acct", "{}"));
            producer.send(CloudEventRecords.event(TOPIC, unreadable, other, "o-" + unreadable, "acct", "not json"));
            producer.send(CloudEventRecords.event(TOPIC, good, TYPE, "o-" + good, "acct", "{}"));
            producer.flush();
            ConsumerRecord<String, String> dead = dlq.awaitSubject("o-" + unreadable);
            assertThat(TopicReader.header(dead, "dead-letter-reason")).contains("not JSON");
            await().atMost(Duration.ofSeconds(30)).until(() -> rows(good, "batch") == 1);
        }
        assertThat(applied(passing)).isZero();
        assertThat(Sql.count("select count(*) from processed_event where event_id = ?1", passing)).isZero();
        assertThat(Sql.count("select count(*) from processed_event where event_id = ?1", good)).isEqualTo(1);
    }

    private static long applied(UUID id) {
        return rows(id, "batch") + rows(id, "single");
    }

    private static long rows(UUID eventId, String entry) {
        return Sql.count("select count(*) from test_ledger where event_id = ?1 and entry = ?2", eventId, entry);
    }

    private static String quoted(List<UUID> ids) {
        return String.join(",", ids.stream().map(id -> "'" + id + "'").toList());
    }
}
