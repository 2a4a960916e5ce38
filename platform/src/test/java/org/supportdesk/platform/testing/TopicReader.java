package org.supportdesk.platform.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Reads a topic of the test broker from its start with a plain Kafka consumer, as another service
 * would. Records fetched but not yet asked for are kept, so consecutive awaits miss none.
 */
public final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> unread = new ArrayList<>();

    private TopicReader(KafkaConsumer<String, String> consumer) {
        this.consumer = consumer;
    }

    public static TopicReader fromStart(String topic) {
        Properties props = new Properties();
        props.put("bootstrap.servers", KafkaResource.bootstrapServers());
        props.put("group.id", "test-reader-" + UUID.randomUUID());
        props.put("auto.offset.reset", "earliest");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer());
        consumer.subscribe(List.of(topic));
        return new TopicReader(consumer);
    }

    public static KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put("bootstrap.servers", KafkaResource.bootstrapServers());
        props.put("acks", "all");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /** The first record about this subject ({@code ce_subject}), waiting up to 30 s. */
    public ConsumerRecord<String, String> awaitSubject(String subject) {
        return await(r -> subject.equals(header(r, "ce_subject")), "an event about " + subject);
    }

    /** The first record that is wanted, waiting up to 30 s; the records before it stay unread. */
    public ConsumerRecord<String, String> await(Predicate<ConsumerRecord<String, String>> wanted, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        do {
            for (Iterator<ConsumerRecord<String, String>> it = unread.iterator(); it.hasNext();) {
                ConsumerRecord<String, String> record = it.next();
                if (wanted.test(record)) {
                    it.remove();
                    return record;
                }
            }
            consumer.poll(Duration.ofMillis(200)).forEach(unread::add);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no record with " + what + " among " + unread.size() + " unread records");
    }

    public static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
