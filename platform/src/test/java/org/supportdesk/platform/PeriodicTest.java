package org.supportdesk.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The jobs that poll every second (due timers, mail and webhook rounds) run on {@link Periodic}: a pass
 * each interval on a context of its own, never two at once when they may not overlap (unless one
 * stalled), and a failing pass stops none after it.
 */
class PeriodicTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /**
     * Runs a pass that takes 120 ms every 20 ms until {@code passes} ran; @return how many ran at once
     * at most. Each must have run on a duplicated context of its own (a reactive session of its own).
     */
    private int mostAtOnce(Periodic.Overlap overlap, int passes) {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        List<Boolean> ownContext = new CopyOnWriteArrayList<>();
        java.util.Set<Object> contexts = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        Periodic job = Periodic.start(vertx, "test", Duration.ofMillis(10), Duration.ofMillis(20), overlap,
                () -> Uni.createFrom().deferred(() -> {
                    mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                    ownContext.add(io.smallrye.common.vertx.VertxContext.isOnDuplicatedContext());
                    synchronized (contexts) {
                        contexts.add(Vertx.currentContext());
                    }
                    return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(120))
                            .invoke(running::decrementAndGet);
                }));
        await().atMost(Duration.ofSeconds(10)).until(() -> ownContext.size() >= passes);
        job.stop();
        assertThat(ownContext).containsOnly(true);
        synchronized (contexts) {
            assertThat(contexts).hasSameSizeAs(ownContext); // a context of its own for each pass
        }
        return mostAtOnce.get();
    }

    @Test
    void aPassStillRunningMakesTheNextSkipWhenPassesMayNotOverlap() {
        assertThat(mostAtOnce(Periodic.Overlap.SKIP, 5)).isEqualTo(1);
    }

    @Test
    void passesOverlapWhenTheyMay() {
        assertThat(mostAtOnce(Periodic.Overlap.PROCEED, 10)).isGreaterThan(1);
    }

    /**
     * A pass that never ends (its peer stopped answering and never closed the connection) holds the
     * job up until it is taken for stalled; then passes run again.
     */
    @Test
    void aPassThatNeverEndsHoldsTheJobUpOnlyUntilItIsTakenForStalled() {
        List<Long> starts = new CopyOnWriteArrayList<>();
        Periodic job = Periodic.start(vertx, "test", Duration.ofMillis(1), Duration.ofMillis(20), Duration.ofSeconds(1),
                () -> {
                    starts.add(System.nanoTime());
                    return starts.size() == 1 ? Uni.createFrom().nothing() : Uni.createFrom().voidItem();
                });
        await().atMost(Duration.ofSeconds(10)).until(() -> starts.size() >= 5);
        job.stop();
        // the ticks skipped while the first held the job: the second came after it was taken for stalled
        assertThat(Duration.ofNanos(starts.get(1) - starts.get(0))).isGreaterThan(Duration.ofMillis(900));
    }

    /**
     * One stalled pass at most runs alongside the job: a second that stalls holds it up, until the
     * first ends; then the second is taken for stalled in its turn.
     */
    @Test
    void stalledPassesNeverPileUp() throws InterruptedException {
        AtomicInteger passes = new AtomicInteger();
        java.util.concurrent.CompletableFuture<Void> firstEnds = new java.util.concurrent.CompletableFuture<>();
        Periodic job = Periodic.start(vertx, "test", Duration.ofMillis(1), Duration.ofMillis(20), Duration.ofMillis(200),
                () -> passes.incrementAndGet() == 1 ? Uni.createFrom().completionStage(firstEnds)
                        : Uni.createFrom().nothing());
        await().atMost(Duration.ofSeconds(5)).until(() -> passes.get() >= 2);
        Thread.sleep(1_000); // five times the time after which a pass is taken for stalled
        assertThat(passes.get()).isEqualTo(2);
        firstEnds.complete(null);
        await().atMost(Duration.ofSeconds(5)).until(() -> passes.get() >= 3);
        job.stop();
    }

    @Test
    void aFailingPassStopsNoneAfterItAndStopEndsThem() throws InterruptedException {
        AtomicInteger passes = new AtomicInteger();
        Periodic job = Periodic.start(vertx, "test", Duration.ofMillis(1), Duration.ofMillis(10), Periodic.Overlap.SKIP,
                () -> {
                    if (passes.incrementAndGet() % 2 == 1) {
                        throw new IllegalStateException("database away");
                    }
                    return Uni.createFrom().failure(new IllegalStateException("broker away"));
                });
        await().atMost(Duration.ofSeconds(10)).until(() -> passes.get() >= 6);
        job.stop();
        int stoppedAt = passes.get();
        Thread.sleep(200);
        assertThat(passes.get()).isLessThanOrEqualTo(stoppedAt + 1); // one tick may have been under way
    }
}
