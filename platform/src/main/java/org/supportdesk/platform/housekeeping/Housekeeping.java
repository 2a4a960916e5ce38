package org.supportdesk.platform.housekeeping;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.jboss.logging.Logger;
import org.supportdesk.platform.PlatformConfig;

/**
 * Keeps the platform's own tables from growing without end, in every service the same way: deletes
 * the outbox rows published longer ago than {@code outbox-retention}, the consumed-event records older
 * than {@code processed-retention} (longer than any consumed topic keeps an event, so no event can come
 * back after its record is gone), the timers fired longer ago than {@code timer-retention} (a parked one,
 * failed, stays for ops) and the {@code Idempotency-Key} answers older than their retention. A
 * batch a transaction, until a batch finds less than a full one; any replica may sweep, as the rows one
 * deletes another finds gone. The records' ages are measured by the database's clock, as the topics'
 * retention is by the broker's: a service clock moved forward (the local stack's) stamps them ahead of
 * it, which only makes them look younger, never gone too soon for an event still in a topic. The other
 * rows' ages are measured by the service's clock, which stamped them and judges an Idempotency-Key
 * expired.
 * <p>
 * The outbox is swept from its oldest rows by their position (its unique index): the relay publishes in
 * that order, so the rows published long ago are the first ones; a sweep stops at a batch of the
 * oldest rows none of which is old enough (a broker outage leaves them unpublished). The others are
 * read without an index on their time (one would cost every consumed event), every ten minutes by
 * default; at most {@value #MAX_BATCHES} batches a table a sweep.
 */
@ApplicationScoped
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class);
    /**
     * Batches a sweep deletes from one table at most: a table's first sweep after weeks leaves the rest to
     * the next ones, after autovacuum, instead of reading past ever more dead rows for each further batch.
     */
    private static final int MAX_BATCHES = 100;

    // each age test is repeated outside the subquery: a row changed meanwhile (an expired Idempotency-Key claimed
    // again) is tested again as it now is when the delete gets to it
    private static final String OUTBOX = """
            delete from outbox_event where published_at < :cutoff and position in (
                select position from (select position, published_at from outbox_event order by position limit :batch) oldest
                where published_at < :cutoff)
            """;
    private static final String PROCESSED = """
            delete from processed_event where processed_at < now() - cast(:age as bigint) * interval '1 millisecond'
            and (consumer, event_id) in (
                select consumer, event_id from processed_event
                where processed_at < now() - cast(:age as bigint) * interval '1 millisecond' limit :batch)
            """;
    private static final String FIRED_TIMERS = """
            delete from due_timer where fired_at < :cutoff and id in (
                select id from due_timer where fired_at < :cutoff limit :batch)
            """;
    private static final String IDEMPOTENCY = """
            delete from idempotency_record where created_at < :cutoff and (caller, idem_key) in (
                select caller, idem_key from idempotency_record where created_at < :cutoff limit :batch)
            """;

    /** What one sweep deleted. */
    public record Swept(long outboxEvents, long processedEvents, long firedTimers, long idempotencyRecords) {
    }

    private final PlatformConfig config;
    private final Clock clock;

    Housekeeping(PlatformConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
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
        Instant now = Instant.now(clock);
        return drain(OUTBOX, Map.of("cutoff", now.minus(h.outboxRetention())), true)
                .chain(outbox -> drain(PROCESSED, Map.of("age", h.processedRetention().toMillis()), false)
                        .chain(processed -> drain(FIRED_TIMERS, Map.of("cutoff", now.minus(h.timerRetention())), false)
                                .chain(timers -> drain(IDEMPOTENCY,
                                        Map.of("cutoff", now.minus(config.idempotency().retention())), false)
                                        .map(idempotency -> new Swept(outbox, processed, timers, idempotency)))));
    }

    private Uni<Long> drain(String delete, Map<String, Object> parameters, boolean whileAny) {
        return drain(delete, parameters, whileAny, MAX_BATCHES);
    }

    /**
     * Deletes batch after batch, each in its own transaction: the outbox's while a batch of its oldest rows
     * had any to delete, the others while a batch was full; at most {@code batches} of them.
     */
    private Uni<Long> drain(String delete, Map<String, Object> parameters, boolean whileAny, int batches) {
        int batch = config.housekeeping().batchSize();
        return Panache.withTransaction(() -> Panache.getSession().chain(s -> {
            var query = s.createNativeQuery(delete).setParameter("batch", batch);
            parameters.forEach(query::setParameter);
            return query.executeUpdate();
        })).chain(deleted -> (whileAny ? deleted == 0 : deleted < batch) || batches == 1 ? Uni.createFrom().item((long) deleted)
                : drain(delete, parameters, whileAny, batches - 1).map(more -> more + deleted));
    }

    @jakarta.inject.Singleton
    public static class Disabled extends org.supportdesk.platform.ScheduleSwitch {
        Disabled(PlatformConfig config) {
            super(() -> config.housekeeping().enabled());
        }
    }
}
