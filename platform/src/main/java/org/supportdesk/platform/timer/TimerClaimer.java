package org.supportdesk.platform.timer;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;
import org.supportdesk.platform.Periodic;
import org.supportdesk.platform.PlatformConfig;
import org.supportdesk.platform.persistence.InOrder;
import org.supportdesk.platform.persistence.NativeSelects;
import org.supportdesk.platform.persistence.OnContext;

/**
 * Claims due timers with {@code FOR UPDATE SKIP LOCKED} and fires each in the claiming transaction,
 * so any number of replicas fire every timer exactly once and a crash (rollback) leaves it due. A
 * batch whose handler fails is fired again timer by timer, each in its own transaction; the failing
 * timer is retried later with back-off and parked as failed after the last attempt, so one bad timer
 * never blocks the others.
 */
@ApplicationScoped
public class TimerClaimer {

    private static final Logger LOG = Logger.getLogger(TimerClaimer.class);
    /**
     * Only the kinds this replica has handlers for: during a rolling deploy that adds a kind, the old
     * replicas leave its timers to the new ones instead of failing them towards being parked.
     */
    private static final String CLAIM = """
            select * from due_timer
            where fired_at is null and failed_at is null and due_at <= :now and kind = any(cast(:kinds as text[]))
            order by due_at
            limit :batch
            for update skip locked
            """;
    private static final String MARK_FIRED = """
            update due_timer set attempts = attempts + 1, fired_at = :now where id = any(cast(:ids as uuid[]))
            """;

    private final Map<String, TimerHandler> handlers;
    private final String[] kinds;
    private final PlatformConfig config;
    private final Clock clock;
    /** One event loop per worker, so that the workers' passes use the cores, not only wait for the database together. */
    private final List<io.vertx.core.Context> workers;
    private final io.vertx.core.Vertx vertx;
    private volatile Periodic periodic;
    /** {@code supportdesk.timers.idle-limit} as PostgreSQL reads it. */
    private final String idleLimit;

    TimerClaimer(@Any Instance<TimerHandler> handlers, PlatformConfig config, Clock clock, io.vertx.core.Vertx vertx) {
        if (!config.timers().retryBackoff().isPositive()) {
            // zero would spend a failing timer's attempts within one pass; a negative one would keep it due for ever
            throw new IllegalArgumentException("supportdesk.timers.retry-backoff must be positive, not "
                    + config.timers().retryBackoff());
        }
        this.handlers = handlers.stream().collect(Collectors.toMap(TimerHandler::kind, Function.identity()));
        this.kinds = this.handlers.keySet().toArray(String[]::new);
        this.config = config;
        this.clock = clock;
        this.vertx = vertx;
        this.idleLimit = Math.max(1, config.timers().idleLimit().toMillis()) + "ms";
        this.workers = java.util.stream.IntStream.range(0, Math.max(1, config.timers().workers()))
                .mapToObj(i -> (io.vertx.core.Context) ((io.vertx.core.impl.VertxInternal) vertx).createEventLoopContext())
                .toList();
    }

    /**
     * Polls every {@code poll-interval} from two seconds after start-up ({@link Periodic}: a poll a
     * second apart to the millisecond, where the Quarkus scheduler left timers up to two seconds late);
     * a poll still running when the next is due makes it skip, unless it has run a minute and is taken
     * for stalled (a poll fires for {@link #POLL_BUDGET} at most).
     */
    void start(@Observes StartupEvent started) {
        if (config.timers().enabled()) {
            periodic = Periodic.start(vertx, "Timer poll", java.time.Duration.ofSeconds(2), config.timers().pollInterval(),
                    Periodic.Overlap.SKIP, this::poll);
        }
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (periodic != null) {
            periodic.stop();
        }
    }

    /**
     * Each poll, every worker fires batches until none is due, the workers at once, each on its own
     * event loop with its own session: their claims skip each other's timers, as two replicas' do.
     */
    Uni<Void> poll() {
        return Uni.join().all(workers.stream().map(worker -> OnContext.onItsOwn(worker, () -> fireDueFor(POLL_BUDGET)
                .onFailure().invoke(e -> LOG.warnf("Timer pass failed, timers stay due: %s", e.getMessage()))
                .onFailure().recoverWithItem(0))).toList())
                .andFailFast().replaceWithVoid();
    }

    /**
     * How long one poll fires batches at most: a backlog (a million timers due at once, the hours after an
     * outage) is fired over several polls, a second apart, so that a poll lasts well under the minute
     * after which {@link Periodic} takes it for stalled.
     */
    static final java.time.Duration POLL_BUDGET = java.time.Duration.ofSeconds(30);

    /** Fires batches until no timer is due. @return how many timers fired. */
    public Uni<Integer> fireAllDue() {
        return fireDueFor(null);
    }

    /**
     * Fires batches until no timer is due or {@code budget} (null: none) has passed; the first batch
     * always. @return how many fired.
     */
    Uni<Integer> fireDueFor(java.time.Duration budget) {
        long started = System.nanoTime();
        return Multi.createBy().repeating().uni(this::fireDueBatch)
                .whilst(pass -> pass.taken() == config.timers().batchSize()
                        && (budget == null || System.nanoTime() - started < budget.toNanos()))
                .collect().with(Collectors.summingInt(Pass::fired));
    }

    /**
     * One batch's worth of due timers: how many were taken (claimed, or tried one by one after the
     * batch failed) and how many of them fired.
     */
    private record Pass(int taken, int fired) {
    }

    /** Claims and fires one batch of due timers; if the batch fails, as many one by one. */
    private Uni<Pass> fireDueBatch() {
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> claim(session, config.timers().batchSize())
                        .call(timers -> fireAll(session, timers))
                        .map(timers -> new Pass(timers.size(), timers.size()))))
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf("A timer batch failed (%s); firing its timers one by one", e.getMessage());
                    return fireOneByOne(config.timers().batchSize());
                });
    }

    /**
     * Claims with the transaction's idle limit set first (the outbox relay's way for its lock): the
     * rows a claimer on a dead node held are claimable again after it.
     */
    private Uni<List<DueTimer>> claim(Mutiny.Session session, int batch) {
        return session.createNativeQuery("select set_config('idle_in_transaction_session_timeout', :idle, true)")
                .setParameter("idle", NativeSelects.uncached(idleLimit))
                .getSingleResult()
                .chain(() -> session.createNativeQuery(CLAIM, DueTimer.class)
                        .setParameter("now", Instant.now(clock))
                        .setParameter("kinds", kinds)
                        .setParameter("batch", NativeSelects.uncached(batch))
                        .getResultList());
    }

    /**
     * The timers marked fired with one statement before their handlers run, so a handler may schedule
     * the next timer of the same kind and subject; the claimed timers are detached first (nothing of
     * theirs is flushed again). Then the handlers, in claim order: each run of consecutive timers of
     * one kind goes to its handler at once ({@link TimerHandler#fireAll}), flushed and cleared from
     * the session before the next run ({@link InOrder}). A failing handler rolls the marks back with
     * everything else.
     */
    private Uni<Void> fireAll(Mutiny.Session session, List<DueTimer> timers) {
        if (timers.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        for (DueTimer timer : timers) {
            if (!handlers.containsKey(timer.kind)) {
                return Uni.createFrom().failure(new IllegalStateException("no handler for timer kind " + timer.kind));
            }
        }
        Instant now = Instant.now(clock);
        session.clear();
        timers.forEach(timer -> {
            timer.attempts++;
            timer.firedAt = now;
        });
        return session.createNativeQuery(MARK_FIRED)
                .setParameter("now", now)
                .setParameter("ids", timers.stream().map(timer -> timer.id).toArray(UUID[]::new))
                .executeUpdate()
                .chain(() -> InOrder.each(runsOfOneKind(timers), run -> handlers.get(run.getFirst().kind).fireAll(run)));
    }

    /** The timers in claim order, cut where the kind changes. */
    static List<List<DueTimer>> runsOfOneKind(List<DueTimer> timers) {
        List<List<DueTimer>> runs = new ArrayList<>();
        for (DueTimer timer : timers) {
            if (runs.isEmpty() || !runs.getLast().getFirst().kind.equals(timer.kind)) {
                runs.add(new ArrayList<>());
            }
            runs.getLast().add(timer);
        }
        return runs;
    }

    /**
     * After a failed batch: each due timer in its own transaction, recording failures on the timer,
     * {@code limit} at most (a batch's worth), so that a poll's budget holds when a bad timer heads a
     * backlog; the next batch, or the next poll, goes on from there.
     */
    private Uni<Pass> fireOneByOne(int limit) {
        return Multi.createBy().repeating().uni(this::fireSingle)
                .whilst(outcome -> outcome != Outcome.NONE_DUE)
                .filter(outcome -> outcome != Outcome.NONE_DUE)
                .select().first(limit)
                .collect().asList()
                .map(outcomes -> new Pass(outcomes.size(),
                        (int) outcomes.stream().filter(outcome -> outcome == Outcome.FIRED).count()));
    }

    private enum Outcome { FIRED, FAILED, NONE_DUE }

    private Uni<Outcome> fireSingle() {
        AtomicReference<UUID> claimed = new AtomicReference<>();
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> claim(session, 1)
                .chain(timers -> {
                    if (timers.isEmpty()) {
                        return Uni.createFrom().item(Outcome.NONE_DUE);
                    }
                    claimed.set(timers.getFirst().id);
                    return fireAll(session, timers).replaceWith(Outcome.FIRED);
                })))
                .onFailure().recoverWithUni(e -> claimed.get() == null
                        ? Uni.createFrom().failure(e)
                        : recordFailure(claimed.get(), e));
    }

    /** The timer's own transaction rolled back: count the attempt, then retry it later or park it. */
    private Uni<Outcome> recordFailure(UUID timerId, Throwable error) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("select * from due_timer where id = :id and fired_at is null for update skip locked",
                        DueTimer.class)
                .setParameter("id", NativeSelects.uncached(timerId))
                .getResultList()
                .map(timers -> {
                    timers.forEach(timer -> markFailedAttempt(timer, error));
                    return Outcome.FAILED;
                })));
    }

    private void markFailedAttempt(DueTimer timer, Throwable error) {
        timer.attempts++;
        timer.lastError = String.valueOf(error.getMessage());
        if (timer.attempts >= config.timers().maxAttempts()) {
            timer.failedAt = Instant.now(clock);
            LOG.errorf("Timer %s (%s of %s) parked as failed after %d attempts: %s", timer.id, timer.kind,
                    timer.subject, timer.attempts, timer.lastError);
        } else {
            long factor = 1L << Math.min(timer.attempts - 1, 16);
            timer.dueAt = Instant.now(clock).plus(config.timers().retryBackoff().multipliedBy(factor));
        }
    }
}
