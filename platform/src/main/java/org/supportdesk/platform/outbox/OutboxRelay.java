package org.supportdesk.platform.outbox;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;
import org.supportdesk.platform.PlatformConfig;
import org.supportdesk.platform.persistence.NativeSelects;

/**
 * Publishes the outbox to Kafka as CloudEvents (binary mode, keyed by account id) and marks the rows
 * published in the same transaction that read them. A crash after the broker acknowledged but before
 * the commit publishes the rows again on the next pass: delivery is at least once, and every consumer
 * is idempotent by event id. One relay at a time (a transaction-scoped advisory lock), so events leave
 * in the order they were written. A pass publishes batch after batch until one is not full; each
 * batch is marked published with one statement once the broker acknowledged all of it.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Advisory lock key held by the relaying instance for the length of one pass. */
    private static final long RELAY_LOCK = 0x5D_0B_0C_01L;

    private final MutinyEmitter<String> emitter;
    private final PlatformConfig config;
    private final Clock clock;

    OutboxRelay(@Channel("outbox") MutinyEmitter<String> emitter, PlatformConfig config, Clock clock) {
        this.emitter = emitter;
        this.config = config;
        this.clock = clock;
    }

    // the first pass waits for reactive messaging to finish wiring the channel at start-up
    @Scheduled(every = "${supportdesk.outbox.relay-interval}", delayed = "${supportdesk.outbox.relay-start-delay}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = RelayDisabled.class)
    Uni<Void> relay() {
        return Multi.createBy().repeating().uni(this::publishPending)
                .whilst(published -> published == config.outbox().batchSize())
                .collect().last()
                .onFailure().invoke(e -> LOG.warnf("Outbox relay pass failed, rows stay pending: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** One relay pass: publishes up to a batch of pending events. @return how many were published. */
    public Uni<Integer> publishPending() {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("select pg_try_advisory_xact_lock(cast(:lock as bigint))", Boolean.class)
                .setParameter("lock", NativeSelects.uncached(RELAY_LOCK))
                .getSingleResult()
                .chain(locked -> Boolean.TRUE.equals(locked) ? publishBatch(session) : Uni.createFrom().item(0))));
    }

    private Uni<Integer> publishBatch(Mutiny.Session session) {
        return session.createNativeQuery(
                """
                select id, topic, type, source, subject, partition_key, occurred_at, payload, published_at
                from outbox_event where published_at is null order by position limit :batch
                """,
                OutboxEvent.class)
                .setParameter("batch", NativeSelects.uncached(config.outbox().batchSize()))
                .getResultList()
                .invoke(events -> session.clear()) // read only: nothing of them is dirty-checked
                .chain(events -> events.isEmpty() ? Uni.createFrom().item(0) : send(session, events));
    }

    /** Publishes the events and, once the broker acknowledged them all, marks them published with one statement. */
    private Uni<Integer> send(Mutiny.Session session, List<OutboxEvent> events) {
        List<Uni<Void>> acks = events.stream().map(event -> emitter.sendMessage(toMessage(event))).toList();
        return Uni.join().all(acks).andFailFast()
                .ifNoItem().after(config.outbox().publishTimeout()).fail()
                .chain(() -> session.createNativeQuery(
                        "update outbox_event set published_at = :now where id = any(cast(:ids as uuid[]))")
                        .setParameter("now", Instant.now(clock))
                        .setParameter("ids", events.stream().map(event -> event.id).toArray(java.util.UUID[]::new))
                        .executeUpdate())
                .replaceWith(events.size());
    }

    static Message<String> toMessage(OutboxEvent event) {
        return Message.of(event.payload)
                .addMetadata(OutgoingCloudEventMetadata.builder()
                        .withId(event.id.toString())
                        .withType(event.type)
                        .withSource(URI.create(event.source))
                        .withSubject(event.subject)
                        .withTimestamp(event.occurredAt.atZone(ZoneOffset.UTC))
                        .withDataContentType("application/json")
                        .build())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(event.topic)
                        .withKey(event.partitionKey)
                        .build());
    }

    /** Lets an instance run without relaying (e.g. a read replica, or a test that relays by hand). */
    @ApplicationScoped
    public static class RelayDisabled implements Scheduled.SkipPredicate {
        private final PlatformConfig config;

        RelayDisabled(PlatformConfig config) {
            this.config = config;
        }

        @Override
        public boolean test(io.quarkus.scheduler.ScheduledExecution execution) {
            return !config.outbox().relayEnabled();
        }
    }
}
