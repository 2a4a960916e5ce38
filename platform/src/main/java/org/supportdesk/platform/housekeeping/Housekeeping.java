package org.supportdesk.platform.housekeeping;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.jboss.logging.Logger;
import org.supportdesk.platform.PlatformConfig;

/**
 * Keeps the platform's own tables from growing without end, in every service the same way: deletes
 * the outbox rows published longer ago than {@code outbox-retention}, the consumed-event records older
 * than {@code processed-retention} (longer than any topic keeps an event, so no event can come back
 * after its record is gone), the timers fired longer ago than {@code timer-retention} (a parked one,
 * failed, stays for ops) and the {@code Idempotency-Key} answers older than their retention. A
 * batch a transaction, until a batch finds less than a full one; any replica may sweep, as the rows one
 * deletes another finds gone. Ages are measured by the database's clock, never the service's: a clock
 * moved forward (the local stack's) stamps rows ahead of it, which only makes them look younger.
 * <p>
 * The outbox is swept from its oldest rows by their position (its unique index): the relay publishes in
 * that order, so the rows published long ago are the first ones; a sweep stops at a batch of the
 * oldest rows none of which is old enough (a broker outage leaves them unpublished). The others are
 * read without an index on their time (one would cost every consumed event), once an hour by default.
 */
@ApplicationScoped
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class);
    /**
     * Batches a sweep deletes from one table at most: a table's first sweep after weeks leaves the rest to
     * the next ones, after autovacuum, instead of reading past ever more dead rows for each further batch.
     */
    private static final int MAX_BATCHES = 100;

    private static final String OUTBOX = """
            delete from outbox_event where position in (
                select position from (select position, published_at from outbox_event order by position limit :batch) oldest
                where published_at < now() - cast(:age as bigint) * interval '1 millisecond')
            """;
    private static final String PROCESSED = """
            delete from processed_event where (consumer, event_id) in (
                select consumer, event_id from processed_event
                where processed_at < now() - cast(:age as bigint) * interval '1 millisecond' limit :batch)
            """;
    private static final String FIRED_TIMERS = """
            delete from due_timer where id in (
                select id from due_timer where fired_at < now() - cast(:age as bigint) * interval '1 millisecond' limit :batch)
            """;
    private static final String IDEMPOTENCY = """
            delete from idempotency_record where (caller, idem_key) in (
                select caller, idem_key from idempotency_record
                where created_at < now() - cast(:age as bigint) * interval '1 millisecond' limit :batch)
            """;

    /** What one sweep deleted. */
    public record Swept(long outboxEvents, long processedEvents, long firedTimers, long idempotencyRecords) {
    }

    private final PlatformConfig config;

    Housekeeping(PlatformConfig config) {
        this.config = config;
    }

    @Scheduled(every = "${supportdesk.housekeeping.every}", delayed = "${supportdesk.housekeeping.start-delay}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Disabled.class)
    Uni<Void> run() {
        return sweep().invoke(swept -> LOG.logf(swept.equals(new Swept(0, 0, 0, 0)) ? Logger.Level.DEBUG : Logger.Level.INFO,
                "Housekeeping deleted %d published outbox rows, %d consumed events' records, %d fired timers, "
                        + "%d Idempotency-Key answers",
                swept.outboxEvents(), swept.processedEvents(), swept.firedTimers(), swept.idempotencyRecords()))
                .onFailure().invoke(e -> LOG.warnf("Housekeeping failed, the rows stay for the next sweep: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** One sweep of the four tables. */
    public Uni<Swept> sweep() {
        PlatformConfig.Housekeeping h = config.housekeeping();
        return drain(OUTBOX, h.outboxRetention(), true)
                .chain(outbox -> drain(PROCESSED, h.processedRetention(), false)
                        .chain(processed -> drain(FIRED_TIMERS, h.timerRetention(), false)
                                .chain(timers -> drain(IDEMPOTENCY, config.idempotency().retention(), false)
                                        .map(idempotency -> new Swept(outbox, processed, timers, idempotency)))));
    }

    private Uni<Long> drain(String delete, Duration age, boolean whileAny) {
        return drain(delete, age, whileAny, MAX_BATCHES);
    }

    /**
     * Deletes batch after batch, each in its own transaction: the outbox's while a batch of its oldest rows
     * had any to delete, the others while a batch was full; at most {@code batches} of them.
     */
    private Uni<Long> drain(String delete, Duration age, boolean whileAny, int batches) {
        int batch = config.housekeeping().batchSize();
        return Panache.withTransaction(() -> Panache.getSession().chain(s -> s.createNativeQuery(delete)
                .setParameter("age", age.toMillis()).setParameter("batch", batch).executeUpdate()))
                .chain(deleted -> (whileAny ? deleted == 0 : deleted < batch) || batches == 1 ? Uni.createFrom().item((long) deleted)
                        : drain(delete, age, whileAny, batches - 1).map(more -> more + deleted));
    }

    @jakarta.inject.Singleton
    public static class Disabled extends org.supportdesk.platform.ScheduleSwitch {
        Disabled(PlatformConfig config) {
            super(() -> config.housekeeping().enabled());
        }
    }
}
