package org.supportdesk.platform.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The event catalogue's samples ({@code docs/events/samples/<type>.json}). Each producer tests that its
 * own serializer writes the sample; each consumer is tested by publishing the sample to the real broker.
 */
public final class CataloguedEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CataloguedEvents() {
    }

    public static ObjectNode sample(String type) {
        try {
            return (ObjectNode) JSON.readTree(Files.readString(Path.of("../docs/events/samples/" + type + ".json")));
        } catch (IOException e) {
            throw new UncheckedIOException("no catalogued sample of " + type, e);
        }
    }

    /** Publishes one CloudEvent to the test broker and waits for the broker's acknowledgement. */
    public static void publish(String topic, UUID eventId, String type, String subject, String key, String data) {
        try (KafkaProducer<String, String> producer = TopicReader.producer()) {
            producer.send(CloudEventRecords.event(topic, eventId, type, subject, key, data)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish " + type, e);
        }
    }
}
