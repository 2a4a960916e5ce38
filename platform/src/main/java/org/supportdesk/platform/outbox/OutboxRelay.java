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
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;
import org.supportdesk.platform.PlatformConfig;
import org.supportdesk.platform.persistence.NativeSelects;
import org.supportdesk.platform.persistence.OnContext;

/**
 * Publishes the outbox to Kafka as CloudEvents (binary mode, keyed by account id) and marks the rows
 * published in the same transaction that read them. A crash after the broker acknowledged but before
 * the commit publishes the rows again on the next pass: delivery is at least once, and every consumer
 * is idempotent by event id. One relay at a time (a transaction-scoped advisory lock), so events leave
 * in the order they were written. A pass publishes batch after batch until one is not full; each
 * batch is marked published with one statement once the broker acknowledged all of it.
 * <p>
 * A pass runs when {@link Outbox} appends (woken, {@code relay-linger} later, so that the appending
 * transaction has committed and what others append meanwhile goes with it), again after any pass that
 * published (what committed later than the pass read), once more three lingers after a woken pass that
 * found nothing (a transaction slower to commit), and every {@code relay-interval} in any case (rows of
 * another replica, of a transaction slower still). After a failed pass only the scheduled passes
 * retry. Passes run one at a time, each on the relay's own event loop: a steady stream of small
 * passes, not a burst a second for the consumers.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Advisory lock key held by the relaying instance for the length of one pass. */
    private static final long RELAY_LOCK = 0x5D_0B_0C_01L;

    private final MutinyEmitter<String> emitter;
    private final PlatformConfig config;
    private final Clock clock;
    private final io.vertx.core.Vertx vertx;
    /** The line appends wake the relay by, connected at the first scheduled pass. */
    private final OutboxWakes wakes;
    /** The relay's event loop: passes start there, and only there are the next two fields read and set. */
    private final io.vertx.core.Context loop;
    /**
     * A pass holds the relay's lock while it waits for the broker (idle in its transaction): if this
     * replica's node dies meanwhile, PostgreSQL ends the session after this, not after TCP's hours, and
     * another replica relays again. At least a minute, three publish timeouts.
     */
    private final String idleLimit;
    /** Whether a pass is running. */
    private boolean passing;
    /** Whether a pass was asked for while one ran: another follows it. */
    private boolean passAgain;
    /** Whether a woken pass is due (its timer set); a wake while one is due changes nothing. */
    private final AtomicBoolean woken = new AtomicBoolean();
    /** Whether the first scheduled pass ran: until then the channel may not be wired, and wakes wait for it. */
    private volatile boolean started;
    /** Whether the last pass failed (broker or database away): wakes wait for the next scheduled pass. */
    private volatile boolean failing;
    /** Whether the application is stopping: no pass starts any more. */
    private volatile boolean stopped;

    OutboxRelay(@Channel("outbox") MutinyEmitter<String> emitter, PlatformConfig config, Clock clock, io.vertx.core.Vertx vertx,
            OutboxWakes wakes) {
        this.emitter = emitter;
        this.config = config;
        this.clock = clock;
        this.vertx = vertx;
        this.wakes = wakes;
        this.loop = ((io.vertx.core.impl.VertxInternal) vertx).createEventLoopContext();
        this.idleLimit = Math.max(60_000, 3 * config.outbox().publishTimeout().toMillis()) + "ms";
    }

    // the first pass waits for reactive messaging to finish wiring the channel at start-up
    @Scheduled(every = "${supportdesk.outbox.relay-interval}", delayed = "${supportdesk.outbox.relay-start-delay}",
            skipExecutionIf = RelayDisabled.class)
    void poll() {
        if (!started) {
            started = true;
            wakes.connect(this::wake);
        }
        failing = false;
        onLoop(() -> pass(false));
    }

    void stopping(@jakarta.enterprise.event.Observes io.quarkus.runtime.ShutdownEvent event) {
        stopped = true;
    }

    /**
     * Asks for a pass soon ({@code relay-linger} from the first wake): {@link Outbox} calls it on every
     * append, through {@link OutboxWakes} (connected only once the relay runs, so never while it is
     * disabled or not started). Cheap and safe from any thread, and never fails its caller; nothing
     * happens while the application stops or the last pass failed (then the scheduled pass retries).
     */
    private void wake() {
        if (!failing && !stopped && woken.compareAndSet(false, true)) {
            onLoop(() -> vertx.setTimer(linger(1), timer -> {
                woken.set(false);
                pass(true);
            }));
        }
    }

    /** Whether the first scheduled pass ran, so that wakes are heard. */
    boolean started() {
        return started;
    }

    /**
     * On the relay's event loop: a pass now, or right after the one running. A woken pass that finds
     * nothing is looked after once more, three lingers later: the transaction that woke it may have
     * committed after the pass read.
     */
    private void pass(boolean woke) {
        if (stopped) {
            return;
        }
        if (passing) {
            passAgain = true;
            return;
        }
        passing = true;
        OnContext.onItsOwn(loop, this::relay).subscribe().with(
                published -> onLoop(() -> passed(published, woke)),
                failure -> onLoop(() -> passed(-1, woke)));
    }

    private void passed(int published, boolean woke) {
        passing = false;
        if (published < 0) {
            failing = true;
            passAgain = false;
        } else if (passAgain || published > 0) {
            passAgain = false;
            wake();
        } else if (woke && !stopped) {
            vertx.setTimer(linger(3), timer -> pass(false));
        }
    }

    private long linger(int times) {
        return Math.max(1, times * config.outbox().relayLinger().toMillis());
    }

    /** Runs on the relay's event loop; a wake is only a hint, so a closed loop is not the caller's failure. */
    private void onLoop(Runnable work) {
        try {
            loop.runOnContext(ignored -> work.run());
        } catch (RuntimeException e) {
            LOG.debugf("Outbox relay not woken: %s", e.getMessage());
        }
    }

    /** One pass: batch after batch until one is not full. @return how many events it published, -1 if it failed. */
    Uni<Integer> relay() {
        return Multi.createBy().repeating().uni(this::publishPending)
                .whilst(published -> published == config.outbox().batchSize())
                .collect().with(java.util.stream.Collectors.summingInt(Integer::intValue))
                .onFailure().invoke(e -> LOG.warnf("Outbox relay pass failed, rows stay pending: %s", e.getMessage()))
                .onFailure().recoverWithItem(-1);
    }

    /** One relay pass: publishes up to a batch of pending events. @return how many were published. */
    public Uni<Integer> publishPending() {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("select pg_try_advisory_xact_lock(cast(:lock as bigint)), "
                        + "set_config('idle_in_transaction_session_timeout', :idle, true)", Object[].class)
                .setParameter("lock", NativeSelects.uncached(RELAY_LOCK))
                .setParameter("idle", idleLimit)
                .getSingleResult()
                .chain(row -> Boolean.TRUE.equals(row[0]) ? publishBatch(session) : Uni.createFrom().item(0))));
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
    @jakarta.inject.Singleton
    public static class RelayDisabled extends org.supportdesk.platform.ScheduleSwitch {
        RelayDisabled(PlatformConfig config) {
            super(() -> config.outbox().relayEnabled());
        }
    }
}
