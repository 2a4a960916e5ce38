package org.supportdesk.platform.testapp;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.supportdesk.platform.inbox.IdempotentConsumer;

/**
 * Writes a ledger row per event. Data {@code "failures": n} makes the effect fail its first n attempts,
 * so the tests can drive retries and dead-lettering.
 */
@ApplicationScoped
public class LedgerConsumer {

    private final IdempotentConsumer consumer;
    private final Map<UUID, AtomicInteger> attempts = new ConcurrentHashMap<>();

    LedgerConsumer(IdempotentConsumer consumer) {
        this.consumer = consumer;
    }

    public int attemptsOf(UUID eventId) {
        return attempts.getOrDefault(eventId, new AtomicInteger()).get();
    }

    @Incoming("ledger")
    Uni<Void> consume(Message<String> message) {
        return consumer.consume("test.ledger", message, event -> {
            int attempt = attempts.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
            return Panache.getSession().chain(session -> session
                    .createNativeQuery("insert into test_ledger (event_id, entry, at) values (:id, :entry, :at)")
                    .setParameter("id", event.id())
                    .setParameter("entry", event.type())
                    .setParameter("at", event.time())
                    .executeUpdate())
                    .chain(() -> attempt <= event.data().path("failures").asInt(0)
                            ? Uni.createFrom().failure(new IllegalStateException("attempt " + attempt + " fails"))
                            : Uni.createFrom().voidItem());
        });
    }
}
