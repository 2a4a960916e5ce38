package org.supportdesk.platform;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.supportdesk.platform.persistence.OnContext;

/**
 * A job that polls every second or so and must not lose a poll: the due timers' claimers and
 * notification-service's mail and webhook rounds. Each pass runs on a Vert.x periodic timer, on a new
 * duplicated context of the job's own event loop (so with a reactive session of its own). Not on the
 * Quarkus scheduler: it checks its triggers once a second, aligned to the second, and a check a
 * millisecond early leaves a one-second trigger for the next check, so about one pass in eight came a
 * second late (timers fired up to two seconds after coming due, bench/README.md, 2026-12-06 evening).
 * The mail and webhook rounds run the same way, so that none of the three depends on where the
 * scheduler's check falls (the mail rounds kept 50 mails a second on either in a minute measured,
 * 2026-12-06 night). The jobs a second more or less does not matter to (the outbox relay's
 * safety-net pass, housekeeping) stay on the scheduler. A pass's failure is logged and the next one
 * comes as usual.
 *
 * <p>A pass that may not overlap and has run for {@link #STALLED_AFTER} without ending (a connection
 * whose peer stopped answering and never closed it) is taken for stalled: an error says so, and the
 * next tick starts a pass alongside it, as a second replica's would run. It is not cancelled, so it
 * may still end and give back what it holds. One such pass at most runs alongside: while it has not
 * ended, a later pass that stalls holds the job up (an error says so each minute; it is taken for
 * stalled in its turn once the first ends), so stalled passes never pile up their connections.
 * Before, the first stalled pass made every later tick skip, and the job stopped without a word. The
 * jobs' passes are bounded well under the minute (a timer poll fires for 30 s at most, a mail waits
 * 30 s for the relay at most), so only a pass that is stuck is taken for one.
 */
public final class Periodic {

    private static final Logger LOG = Logger.getLogger(Periodic.class);

    /** How long a pass that may not overlap runs before the next may start alongside it. */
    public static final Duration STALLED_AFTER = Duration.ofMinutes(1);

    /** Whether a pass may start while the one before it still runs. */
    public enum Overlap {
        /** The tick finds a pass running and skips. */
        SKIP,
        /** Passes may run at once, each on its own duplicated context (a slow one holds up no other). */
        PROCEED
    }

    private final io.vertx.core.Vertx vertx;
    private final long timer;
    private volatile boolean stopped;

    private Periodic(io.vertx.core.Vertx vertx, String name, Duration delay, Duration every, Overlap overlap,
            Duration stalledAfter, Supplier<Uni<?>> pass) {
        this.vertx = vertx;
        io.vertx.core.Context loop = ((io.vertx.core.impl.VertxInternal) vertx).createEventLoopContext();
        // the pass that holds the job up (SKIP), 0 for none; the ticks number the passes on the timer's one context
        AtomicLong holding = new AtomicLong();
        // the passes taken for stalled that have not ended yet: one at most
        AtomicInteger stalledAlongside = new AtomicInteger();
        long[] passes = { 0 };
        long everyMillis = Math.max(1, every.toMillis());
        long stallMillis = Math.max(1, stalledAfter.toMillis());
        long everyNanos = everyMillis * 1_000_000;
        long[] lastTick = { System.nanoTime() - everyNanos };
        this.timer = vertx.setPeriodic(Math.max(1, delay.toMillis()), everyMillis, id -> {
            // a periodic timer catches up on ticks its event loop missed while busy: those come back to
            // back, and start no pass (the ticks all run on the timer's one context)
            long now = System.nanoTime();
            if (now - lastTick[0] < everyNanos / 2) {
                return;
            }
            lastTick[0] = now;
            long number = ++passes[0];
            if (stopped || overlap == Overlap.SKIP && !holding.compareAndSet(0, number)) {
                return;
            }
            // this pass: 0 running, 1 taken for stalled, 2 ended
            AtomicInteger state = new AtomicInteger();
            AtomicLong watch = new AtomicLong(-1);
            if (overlap == Overlap.SKIP) {
                @SuppressWarnings("unchecked")
                io.vertx.core.Handler<Long>[] check = new io.vertx.core.Handler[1];
                check[0] = ignored -> {
                    if (stopped || state.get() != 0) {
                        return; // stopping (nothing to say), or ended
                    }
                    if (stalledAlongside.get() > 0) {
                        // one taken for stalled runs alongside already: this one holds the job up until that
                        // one ends, said again each time the watch comes round
                        LOG.errorf("%s has run for %d ms or more without ending, beside a pass taken for stalled that "
                                + "has not ended either: the job waits for one of them to end", name, stallMillis);
                        watch.set(vertx.setTimer(stallMillis, check[0]));
                        return;
                    }
                    if (state.compareAndSet(0, 1)) {
                        stalledAlongside.incrementAndGet();
                        holding.compareAndSet(number, 0);
                        LOG.errorf("%s has run for %d ms or more without ending: taken for stalled, the next pass starts "
                                + "alongside it", name, stallMillis);
                    }
                };
                watch.set(vertx.setTimer(stallMillis, check[0]));
            }
            Runnable ended = () -> {
                holding.compareAndSet(number, 0);
                if (state.getAndSet(2) == 1) {
                    stalledAlongside.decrementAndGet();
                }
                vertx.cancelTimer(watch.get());
            };
            OnContext.onItsOwn(loop, () -> Uni.createFrom().deferred(pass::get)).subscribe().with(
                    done -> ended.run(),
                    e -> {
                        ended.run();
                        LOG.warnf("%s failed; the next pass comes as usual: %s", name, e.getMessage());
                    });
        });
    }

    /**
     * Starts passes {@code delay} from now, then one each {@code every} (shorter than a second if
     * asked; at least a millisecond).
     */
    public static Periodic start(io.vertx.core.Vertx vertx, String name, Duration delay, Duration every, Overlap overlap,
            Supplier<Uni<?>> pass) {
        return new Periodic(vertx, name, delay, every, overlap, STALLED_AFTER, pass);
    }

    /** As {@link #start}, with a pass taken for stalled after {@code stalledAfter} (the tests' shorter one). */
    static Periodic start(io.vertx.core.Vertx vertx, String name, Duration delay, Duration every, Duration stalledAfter,
            Supplier<Uni<?>> pass) {
        return new Periodic(vertx, name, delay, every, Overlap.SKIP, stalledAfter, pass);
    }

    /** No pass starts any more (one running ends as it would). */
    public void stop() {
        stopped = true;
        vertx.cancelTimer(timer);
    }
}
