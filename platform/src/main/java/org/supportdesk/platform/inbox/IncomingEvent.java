package org.supportdesk.platform.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.UUID;

/**
 * A CloudEvent as a consumer sees it: the envelope from the {@code ce_} headers and the JSON data.
 * Consumers read only the fields they know; unknown fields are ignored. {@code time} is the event's
 * {@code ce_time}, or, if its producer left that out, the Kafka record's timestamp: never null, and the
 * same on every redelivery, so a projection that stamps rows with it writes the same rows again.
 */
public record IncomingEvent(UUID id, String type, String source, String subject, Instant time, String key,
        JsonNode data) {

    public <T> T dataAs(ObjectMapper json, Class<T> type) {
        try {
            return json.treeToValue(data, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new PoisonMessageException("data of " + this.type + " " + id + " does not match "
                    + type.getSimpleName() + ": " + e.getOriginalMessage());
        }
    }
}
