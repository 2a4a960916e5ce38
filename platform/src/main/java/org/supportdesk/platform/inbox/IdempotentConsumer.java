package org.supportdesk.platform.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.supportdesk.platform.PlatformConfig;
import org.supportdesk.platform.persistence.InOrder;
import org.supportdesk.platform.persistence.NativeSelects;
import org.supportdesk.platform.problem.ProblemMappers;

/**
 * Applies a consumed event at most once per consumer: the event id is recorded in
 * {@code processed_event} in the same transaction as the effect, so a redelivered event changes
 * nothing. A failing effect is retried with back-off a bounded number of times; then the message is
 * nacked with the reason and the connector's dead-letter strategy sends it to {@code <topic>.dlq}, and
 * the consumer goes on. A message that cannot be read at all is dead-lettered at once. A failure
 * because a dependency is out of reach ({@link ProblemMappers#dependencyDown}: PostgreSQL stopped or
 * restarting) is no fault of the event: it is retried for as long as the outage lasts, never counted
 * as an attempt nor dead-lettered, so the consumer waits and goes on where it stopped.
 *
 * <p>A channel in batch mode ({@code batch=true}) hands a whole poll to {@link #consumeBatch}: its
 * events are recorded with one statement and applied by the batch effect in one transaction. If that
 * transaction fails, nothing of it stays, and the poll's events are applied one by one by the single
 * effect, each as {@link #consume} does (retries, then the dead-letter topic); the poll is then
 * acknowledged. The due-timer claimer falls back the same way.
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
        return applyOrDeadLetter(consumer, message, effect, true);
    }

    /**
     * @param consumer    a stable name of the consuming logic
     * @param batch       one poll's records (CloudEvents binary mode), in partition order
     * @param batchEffect what the poll's new events do, in order, inside the one transaction recording them
     * @param effect      what one event does: the fallback when the batch's transaction fails
     */
    public Uni<Void> consumeBatch(String consumer, KafkaRecordBatch<String, String> batch,
            Function<List<IncomingEvent>, Uni<Void>> batchEffect, Function<IncomingEvent, Uni<Void>> effect) {
        return consumeBatch(consumer, batch, type -> true, batchEffect, effect);
    }

    /**
     * As {@link #consumeBatch(String, KafkaRecordBatch, Function, Function)}, for a consumer that acts on
     * some types of a topic only: an event of another type is read (an unreadable one still goes to the
     * dead-letter topic) and acknowledged with the poll, but neither recorded nor applied, so a poll of
     * nothing but such events costs no transaction.
     *
     * @param handles whether the consumer acts on events of a type
     */
    public Uni<Void> consumeBatch(String consumer, KafkaRecordBatch<String, String> batch,
            java.util.function.Predicate<String> handles, Function<List<IncomingEvent>, Uni<Void>> batchEffect,
            Function<IncomingEvent, Uni<Void>> effect) {
        List<IncomingEvent> events = new ArrayList<>();
        List<Message<String>> handled = new ArrayList<>();
        List<Message<String>> poison = new ArrayList<>();
        List<PoisonMessageException> reasons = new ArrayList<>();
        for (KafkaRecord<String, String> message : batch.getRecords()) {
            try {
                IncomingEvent event = read(message);
                if (handles.test(event.type())) {
                    events.add(event);
                    handled.add(message);
                }
            } catch (PoisonMessageException e) {
                poison.add(message);
                reasons.add(e);
            }
        }
        Uni<Void> unreadable = Multi.createFrom().range(0, poison.size()).onItem()
                .transformToUniAndConcatenate(i -> dead(poison.get(i), consumer, reasons.get(i))).collect().last()
                .replaceWithVoid();
        Uni<Void> applied = events.isEmpty() ? Uni.createFrom().voidItem()
                : whileDependencyDown(consumer, Uni.createFrom().deferred(() -> applyAllOnce(consumer, events, batchEffect)))
                        .onFailure().recoverWithUni(e -> {
                    LOG.warnf("%s could not apply a batch of %d events (%s); applying them one by one", consumer,
                            events.size(), e.getMessage());
                    return Multi.createFrom().iterable(handled).onItem()
                            .transformToUniAndConcatenate(message -> applyOrDeadLetter(consumer, message, effect, false))
                            .collect().last().replaceWithVoid();
                });
        return applied.chain(() -> unreadable).chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }

    /**
     * The batch effect of a consumer without a set-based one: each event by the single effect, in order,
     * in the batch's one transaction; the session is flushed and cleared between events, so each sees
     * the database as the one before it left it, as it would in its own transaction.
     */
    public static Function<List<IncomingEvent>, Uni<Void>> eachInOrder(Function<IncomingEvent, Uni<Void>> effect) {
        return events -> InOrder.each(events, effect);
    }

    private Uni<Void> applyOrDeadLetter(String consumer, Message<String> message, Function<IncomingEvent, Uni<Void>> effect,
            boolean ack) {
        IncomingEvent event;
        try {
            event = read(message);
        } catch (PoisonMessageException e) {
            return dead(message, consumer, e);
        }
        return whileDependencyDown(consumer, Uni.createFrom().deferred(() -> applyOnce(consumer, event, effect)))
                .onFailure(e -> !(e instanceof PoisonMessageException)).retry()
                .withBackOff(config.consumer().initialBackoff()).atMost(config.consumer().maxAttempts() - 1L)
                .chain(applied -> ack ? Uni.createFrom().completionStage(message.ack()) : Uni.createFrom().voidItem())
                .onFailure().recoverWithUni(e -> dead(message, consumer, e));
    }

    /**
     * The work again and again, with back-off, for as long as it fails because a dependency is out of
     * reach; any other failure goes on to the caller.
     */
    private <T> Uni<T> whileDependencyDown(String consumer, Uni<T> work) {
        return work.onFailure(ProblemMappers::dependencyDown)
                .invoke(e -> LOG.warnf("%s waits for a dependency out of reach: %s", consumer, e.getMessage()))
                .onFailure(ProblemMappers::dependencyDown).retry()
                .withBackOff(config.consumer().initialBackoff(), config.consumer().maxBackoff()).indefinitely();
    }

    /** Records the events not applied before with one statement, then applies those, in one transaction. */
    private Uni<Void> applyAllOnce(String consumer, List<IncomingEvent> events,
            Function<List<IncomingEvent>, Uni<Void>> batchEffect) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> {
            // one statement text whatever the batch's size: the ids and types go as arrays
            var insert = session.createNativeQuery("insert into processed_event (consumer, event_id, event_type, processed_at) "
                    + "select :consumer, e.id, e.type, :now from unnest(cast(:ids as uuid[]), cast(:types as text[])) as e (id, type) "
                    + "on conflict do nothing returning event_id", UUID.class)
                    .setParameter("consumer", NativeSelects.uncached(consumer))
                    .setParameter("now", Instant.now(clock))
                    .setParameter("ids", events.stream().map(IncomingEvent::id).toArray(UUID[]::new))
                    .setParameter("types", events.stream().map(IncomingEvent::type).toArray(String[]::new));
            return insert.getResultList().chain(inserted -> {
                // the first copy of an event id is the one applied; a copy in the same batch, or one applied
                // before, is skipped
                java.util.Set<UUID> fresh = new java.util.HashSet<>(inserted);
                List<IncomingEvent> apply = events.stream().filter(e -> fresh.remove(e.id())).toList();
                LOG.debugf("%s applies %d of a batch of %d", consumer, apply.size(), events.size());
                return apply.isEmpty() ? Uni.createFrom().voidItem() : batchEffect.apply(apply);
            });
        }));
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
        // the dead-letter producer completes on its own thread; what follows runs on the consumer's context again
        io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
        Uni<Void> nacked = Uni.createFrom().completionStage(() -> message.nack(reason));
        return context == null ? nacked : nacked.emitOn(task -> context.runOnContext(ignored -> task.run()));
    }

    private IncomingEvent read(Message<String> message) {
        IncomingCloudEventMetadata<?> ce = message.getMetadata(IncomingCloudEventMetadata.class)
                .orElseThrow(() -> new PoisonMessageException("not a CloudEvent: no ce_ headers"));
        Optional<IncomingKafkaRecordMetadata> record = message.getMetadata(IncomingKafkaRecordMetadata.class);
        String key = record.map(m -> m.getKey() == null ? null : m.getKey().toString()).orElse(null);
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
        // a producer may leave ce_time out: then when the broker recorded it, the same on every redelivery
        Instant time = ce.getTimeStamp().map(t -> t.toInstant())
                .or(() -> record.map(IncomingKafkaRecordMetadata::getTimestamp))
                .orElseGet(() -> Instant.now(clock));
        return new IncomingEvent(id, ce.getType(), String.valueOf(ce.getSource()), ce.getSubject().orElse(null),
                time, key, data);
    }
}
