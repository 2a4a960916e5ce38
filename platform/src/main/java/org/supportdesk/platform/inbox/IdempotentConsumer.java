package org.supportdesk.platform.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.supportdesk.platform.PlatformConfig;

/**
 * Applies a consumed event at most once per consumer: the event id is recorded in
 * {@code processed_event} in the same transaction as the effect, so a redelivered event changes
 * nothing. A failing effect is retried with back-off a bounded number of times; then the message is
 * nacked with the reason and the connector's dead-letter strategy sends it to {@code <topic>.dlq}, and
 * the consumer goes on. A message that cannot be read at all is dead-lettered at once.
 */
@ApplicationScoped
public class IdempotentConsumer {

    private static final Logger LOG = Logger.getLogger(IdempotentConsumer.class);

    private final PlatformConfig config;
    private final ObjectMapper json;
    private final Clock clock;

    IdempotentConsumer(PlatformConfig config, ObjectMapper json, Clock clock) {
        this.config = config;
        this.json = json;
        this.clock = clock;
    }

    /**
     * @param consumer a stable name of the consuming logic, e.g. {@code ticket.account-view}
     * @param message  the Kafka message (CloudEvents binary mode)
     * @param effect   what the event does, run inside the transaction that records it
     */
    public Uni<Void> consume(String consumer, Message<String> message, Function<IncomingEvent, Uni<Void>> effect) {
        IncomingEvent event;
        try {
            event = read(message);
        } catch (PoisonMessageException e) {
            return dead(message, consumer, e);
        }
        return Uni.createFrom().deferred(() -> applyOnce(consumer, event, effect))
                .onFailure(e -> !(e instanceof PoisonMessageException)).retry()
                .withBackOff(config.consumer().initialBackoff()).atMost(config.consumer().maxAttempts() - 1L)
                .chain(applied -> Uni.createFrom().completionStage(message.ack()))
                .onFailure().recoverWithUni(e -> dead(message, consumer, e));
    }

    private Uni<Boolean> applyOnce(String consumer, IncomingEvent event, Function<IncomingEvent, Uni<Void>> effect) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("insert into processed_event (consumer, event_id, event_type, processed_at) "
                        + "values (:consumer, :id, :type, :now) on conflict do nothing")
                .setParameter("consumer", consumer)
                .setParameter("id", event.id())
                .setParameter("type", event.type())
                .setParameter("now", Instant.now(clock))
                .executeUpdate()
                .chain(inserted -> {
                    if (inserted == 0) {
                        LOG.debugf("%s already applied %s %s; skipped", consumer, event.type(), event.id());
                        return Uni.createFrom().item(false);
                    }
                    return effect.apply(event).replaceWith(true);
                })));
    }

    private Uni<Void> dead(Message<String> message, String consumer, Throwable reason) {
        LOG.errorf("%s gives up on a message, sending it to the dead-letter topic: %s", consumer, reason.getMessage());
        return Uni.createFrom().completionStage(message.nack(reason));
    }

    private IncomingEvent read(Message<String> message) {
        IncomingCloudEventMetadata<?> ce = message.getMetadata(IncomingCloudEventMetadata.class)
                .orElseThrow(() -> new PoisonMessageException("not a CloudEvent: no ce_ headers"));
        String key = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getKey() == null ? null : m.getKey().toString()).orElse(null);
        UUID id;
        try {
            id = UUID.fromString(ce.getId());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new PoisonMessageException("CloudEvent id '" + ce.getId() + "' is not a UUID");
        }
        JsonNode data;
        try {
            data = json.readTree(Optional.ofNullable(message.getPayload()).orElse(""));
        } catch (JsonProcessingException e) {
            throw new PoisonMessageException("data of " + ce.getType() + " " + id + " is not JSON: "
                    + e.getOriginalMessage());
        }
        if (data == null || data.isMissingNode() || !data.isObject()) {
            throw new PoisonMessageException("data of " + ce.getType() + " " + id + " is not a JSON object");
        }
        Instant time = ce.getTimeStamp().map(t -> t.toInstant()).orElse(null);
        return new IncomingEvent(id, ce.getType(), String.valueOf(ce.getSource()), ce.getSubject().orElse(null),
                time, key, data);
    }
}
