package org.supportdesk.platform;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
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
 */
public final class Periodic {

    private static final Logger LOG = Logger.getLogger(Periodic.class);

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
            Supplier<Uni<?>> pass) {
        this.vertx = vertx;
        io.vertx.core.Context loop = ((io.vertx.core.impl.VertxInternal) vertx).createEventLoopContext();
        AtomicBoolean running = new AtomicBoolean();
        long everyNanos = Math.max(1, every.toMillis()) * 1_000_000;
        long[] lastTick = { System.nanoTime() - everyNanos };
        this.timer = vertx.setPeriodic(Math.max(1, delay.toMillis()), Math.max(1, every.toMillis()), id -> {
            // a periodic timer catches up on ticks its event loop missed while busy: those come back to
            // back, and start no pass (the ticks all run on the timer's one context)
            long now = System.nanoTime();
            if (now - lastTick[0] < everyNanos / 2) {
                return;
            }
            lastTick[0] = now;
            if (stopped || overlap == Overlap.SKIP && !running.compareAndSet(false, true)) {
                return;
            }
            OnContext.onItsOwn(loop, () -> Uni.createFrom().deferred(pass::get)).subscribe().with(
                    done -> running.set(false),
                    e -> {
                        running.set(false);
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
        return new Periodic(vertx, name, delay, every, overlap, pass);
    }

    /** No pass starts any more (one running ends as it would). */
    public void stop() {
        stopped = true;
        vertx.cancelTimer(timer);
    }
}
