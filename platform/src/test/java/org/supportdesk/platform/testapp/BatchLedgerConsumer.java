package org.supportdesk.platform.testapp;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.supportdesk.platform.inbox.IdempotentConsumer;
import org.supportdesk.platform.inbox.IncomingEvent;

/**
 * The ledger in batch mode: the batch effect writes a {@code batch} row per event; an event with data
 * {@code "failures": n} fails every batch it is in, and its first n attempts one by one, where the
 * single effect writes a {@code single} row.
 */
@ApplicationScoped
public class BatchLedgerConsumer {

    private final IdempotentConsumer consumer;
    private final Map<UUID, AtomicInteger> attempts = new ConcurrentHashMap<>();

    BatchLedgerConsumer(IdempotentConsumer consumer) {
        this.consumer = consumer;
    }

    public int attemptsOf(UUID eventId) {
        return attempts.getOrDefault(eventId, new AtomicInteger()).get();
    }

    @Incoming("ledger-batch")
    Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        // it acts on ledger entries only; other types on the topic pass by
        return consumer.consumeBatch("test.ledger-batch", batch, type -> type.startsWith("org.supportdesk.test.ledger-"),
                this::applyAll, this::apply);
    }

    private Uni<Void> applyAll(List<IncomingEvent> events) {
        return Multi.createFrom().iterable(events).onItem().transformToUniAndConcatenate(event -> write(event, "batch"))
                .collect().last().chain(() -> events.stream().anyMatch(e -> e.data().path("failures").asInt(0) > 0)
                        ? Uni.createFrom().failure(new IllegalStateException("a batch with a failing event fails"))
                        : Uni.createFrom().voidItem());
    }

    private Uni<Void> apply(IncomingEvent event) {
        int attempt = attempts.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
        return write(event, "single").chain(() -> attempt <= event.data().path("failures").asInt(0)
                ? Uni.createFrom().failure(new IllegalStateException("attempt " + attempt + " fails"))
                : Uni.createFrom().voidItem());
    }

    private static Uni<Void> write(IncomingEvent event, String entry) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("insert into test_ledger (event_id, entry, at) values (:id, :entry, :at)")
                .setParameter("id", event.id())
                .setParameter("entry", entry)
                .setParameter("at", event.time())
                .executeUpdate()).replaceWithVoid();
    }
}
