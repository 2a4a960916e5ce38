package org.supportdesk.platform.timer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.testapp.FireLogHandler;
import org.supportdesk.platform.testing.HeldLocks;
import org.supportdesk.platform.testing.OnVertx;
import org.supportdesk.platform.testing.Sql;

@QuarkusTest
class TimerClaimerTest {

    @Inject
    TimerClaimer claimer;
    @Inject
    DueTimers timers;

    @Test
    void aBatchGoesToItsHandlersInClaimOrderOneRunOfOneKindAtATime() {
        List<DueTimer> batch = List.of("a", "a", "b", "a").stream().map(kind -> {
            DueTimer timer = new DueTimer();
            timer.kind = kind;
            return timer;
        }).toList();
        assertThat(TimerClaimer.runsOfOneKind(batch)).extracting(run -> run.stream().map(timer -> timer.kind).toList())
                .containsExactly(List.of("a", "a"), List.of("b"), List.of("a"));
    }

    @Test
    void twoClaimersRunningConcurrentlyFireEveryDueTimerExactlyOnce() throws Exception {
        String run = "c-" + UUID.randomUUID();
        int count = 400;
        Instant past = Instant.now().minusSeconds(5);
        OnVertx.await(() -> Panache.withTransaction(() -> io.smallrye.mutiny.Multi.createFrom()
                .range(0, count)
                .onItem().transformToUniAndConcatenate(i -> timers.schedule("test-fire", run + "-" + i, past, null))
                .collect().last()));
        // not yet due: must not fire
        OnVertx.await(() -> Panache.withTransaction(
                () -> timers.schedule("test-fire", run + "-future", Instant.now().plusSeconds(3600), null)));

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<Integer> claim = () -> OnVertx.await(() -> claimer.fireAllDue());
            List<Future<Integer>> results = pool.invokeAll(List.of(claim, claim));
            int first = results.get(0).get();
            int second = results.get(1).get();

            assertThat(Sql.count("select count(*) from test_fire_log where subject like ?1", run + "-%"))
                    .isEqualTo(count);
            assertThat(Sql.count("select count(distinct timer_id) from test_fire_log where subject like ?1", run + "-%"))
                    .isEqualTo(count);
            assertThat(first).isPositive();
            assertThat(second).isPositive();
            assertThat(Sql.count("select count(*) from due_timer where subject = ?1 and fired_at is null",
                    run + "-future")).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aPollFiresBatchesOnlyWithinItsBudgetAndLeavesTheRestDueForTheNext() {
        assertThat(TimerClaimer.POLL_BUDGET).as("a poll ends before Periodic takes it for stalled")
                .isLessThan(org.supportdesk.platform.Periodic.STALLED_AFTER);
        String run = "b-" + UUID.randomUUID();
        // due a month ago: claimed (in due order) before what other tests left due
        Instant longAgo = Instant.now().minus(java.time.Duration.ofDays(30));
        int count = 50; // batches of 20 in this profile: 20, 20, 10
        OnVertx.await(() -> Panache.withTransaction(() -> io.smallrye.mutiny.Multi.createFrom()
                .range(0, count)
                .onItem().transformToUniAndConcatenate(i -> timers.schedule("test-fire", run + "-" + i, longAgo, null))
                .collect().last()));

        // a budget spent at once: the first batch fires, the poll stops there
        int spent = OnVertx.await(() -> claimer.fireDueFor(java.time.Duration.ZERO));
        assertThat(spent).isEqualTo(20);
        assertThat(Sql.count("select count(*) from test_fire_log where subject like ?1", run + "-%")).isEqualTo(20);
        assertThat(Sql.count("select count(*) from due_timer where subject like ?1 and fired_at is null", run + "-%"))
                .isEqualTo(count - 20);

        // the next poll, with the real budget, fires the rest, each once
        OnVertx.await(() -> claimer.fireDueFor(TimerClaimer.POLL_BUDGET));
        assertThat(Sql.count("select count(distinct timer_id) from test_fire_log where subject like ?1", run + "-%"))
                .isEqualTo(count);
        assertThat(Sql.count("select count(*) from test_fire_log where subject like ?1", run + "-%")).isEqualTo(count);
    }

    @Test
    void aFailedBatchIsFiredOneByOneOnlyABatchsWorthSoThePollKeepsToItsBudget() {
        String run = "f-" + UUID.randomUUID();
        // due a month ago, the poisoned one first: claimed before what other tests left due
        Instant longAgo = Instant.now().minus(java.time.Duration.ofDays(30));
        int count = 50; // batches of 20 in this profile
        OnVertx.await(() -> Panache.withTransaction(() -> timers
                .schedule("test-fire", "poison-" + run, longAgo.minusSeconds(60), null)
                .chain(() -> io.smallrye.mutiny.Multi.createFrom().range(0, count)
                        .onItem().transformToUniAndConcatenate(i -> timers.schedule("test-fire", run + "-" + i, longAgo, null))
                        .collect().last())));

        // the first batch fails on the poisoned timer; its twenty are tried one by one, and a spent budget stops there
        int fired = OnVertx.await(() -> claimer.fireDueFor(java.time.Duration.ZERO));
        assertThat(fired).isEqualTo(19);
        assertThat(Sql.count("select count(*) from test_fire_log where subject like ?1", run + "-%")).isEqualTo(19);
        assertThat(Sql.count("select count(*) from due_timer where subject = ?1 and attempts = 1 and fired_at is null",
                "poison-" + run)).as("the poisoned timer's failed attempt, recorded").isEqualTo(1);
        assertThat(Sql.count("select count(*) from due_timer where subject like ?1 and fired_at is null", run + "-%"))
                .isEqualTo(count - 19);

        OnVertx.await(() -> claimer.fireDueFor(TimerClaimer.POLL_BUDGET));
        assertThat(Sql.count("select count(*) from test_fire_log where subject like ?1", run + "-%")).isEqualTo(count);
        // parked, so that the other tests' firings do not meet it again
        Sql.update("update due_timer set failed_at = now() where subject = ?1", "poison-" + run);
    }

    /**
     * A claimer that goes silent mid-batch (its node died: no statement, no rollback, its connection
     * open) holds its claim only for {@code supportdesk.timers.idle-limit}: PostgreSQL ends its
     * transaction, the timers are due and claimable again, and they fire once (before, the rows stayed
     * locked until TCP gave up, hours, every replica skipping them).
     */
    @Test
    void aClaimThatGoesSilentIsReleasedAfterTheIdleLimitAndFiresOnce() throws Exception {
        String subject = "stall-" + UUID.randomUUID();
        String claimable = "select count(*) from (select 1 from due_timer where kind = 'test-fire' and subject = ?1 "
                + "and fired_at is null for update skip locked) free";
        // due a month ago: claimed before what other tests left due
        Instant longAgo = Instant.now().minus(java.time.Duration.ofDays(30));
        OnVertx.await(() -> Panache.withTransaction(() -> timers.schedule("test-fire", subject, longAgo, null)));

        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> silent = pool.submit(() -> OnVertx.await(() -> claimer.fireDueFor(java.time.Duration.ZERO)));
            await().atMost(java.time.Duration.ofSeconds(10)).until(() -> Sql.count(claimable, subject) == 0);
            // the claimer is silent for 8 s; after the 3 s idle limit the timer is free again, still unfired
            await().atMost(FireLogHandler.STALL.minusSeconds(1)).pollInterval(java.time.Duration.ofMillis(200))
                    .until(() -> Sql.count(claimable, subject) == 1);
            // the silent claimer's batch failed when it spoke again; the timer fires once, by whoever claims it
            silent.get(60, java.util.concurrent.TimeUnit.SECONDS);
            OnVertx.await(() -> claimer.fireAllDue());
            assertThat(Sql.count("select count(*) from test_fire_log where subject = ?1", subject)).isEqualTo(1);
            assertThat(Sql.count("select count(*) from due_timer where subject = ?1 and fired_at is not null", subject))
                    .isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailingTimerIsRetriedLaterAndDoesNotBlockTheOthers() {
        String run = "p-" + UUID.randomUUID();
        Instant past = Instant.now().minusSeconds(5);
        OnVertx.await(() -> Panache.withTransaction(() -> timers
                .schedule("test-fire", "poison-" + run, past, null)
                .chain(() -> timers.schedule("test-fire", run + "-ok-1", past, null))
                .chain(() -> timers.schedule("test-fire", run + "-ok-2", past, null))));

        OnVertx.await(() -> claimer.fireAllDue());

        assertThat(Sql.count("select count(*) from test_fire_log where subject like ?1", run + "-ok-%")).isEqualTo(2);
        assertThat(Sql.count("select count(*) from due_timer where subject = ?1 and attempts = 1 and fired_at is null "
                + "and failed_at is null and due_at > now() and last_error like '%poisoned%'", "poison-" + run))
                .isEqualTo(1);
    }

    /**
     * A kind this replica has no handler for (a newer replica's, during a rolling deploy) is left due
     * for the replicas that handle it: never claimed, failed or parked here, and the batch beside it fires.
     */
    @Test
    void aKindWithoutAHandlerHereIsLeftDueForTheReplicasThatHandleIt() {
        String run = "k-" + UUID.randomUUID();
        Instant past = Instant.now().minusSeconds(5);
        OnVertx.await(() -> Panache.withTransaction(() -> timers
                .schedule("kind-of-a-newer-release", run, past, null)
                .chain(() -> timers.schedule("test-fire", run + "-ok", past, null))));

        OnVertx.await(() -> claimer.fireAllDue());

        assertThat(Sql.count("select count(*) from test_fire_log where subject = ?1", run + "-ok")).isEqualTo(1);
        assertThat(Sql.count("select count(*) from due_timer where subject = ?1 and attempts = 0 and fired_at is null "
                + "and failed_at is null and last_error is null", run)).isEqualTo(1);
        Sql.update("delete from due_timer where subject = ?1", run); // not left for the other tests' claims
    }

    @Test
    void aHandlerMayScheduleTheNextTimerOfItsOwnKindAndSubject() {
        String subject = "again-" + UUID.randomUUID();
        Instant due = Instant.now().minusSeconds(5).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        OnVertx.await(() -> Panache.withTransaction(() -> timers.schedule("test-fire", subject, due, null)));

        OnVertx.await(() -> claimer.fireAllDue());

        assertThat(Sql.count("select count(*) from test_fire_log where subject = ?1", subject)).isEqualTo(1);
        assertThat(Sql.count("select count(*) from due_timer where subject = ?1 and due_at = ?2 and fired_at is not null",
                subject, due)).isEqualTo(1);
        assertThat(Sql.count("select count(*) from due_timer where subject = ?1 and due_at = ?2 and fired_at is null",
                subject, due.plusSeconds(3600))).isEqualTo(1);
    }

    @Test
    void timersScheduledTogetherAreEachDueAtTheirOwnTimeAndScheduledAgainOnlyTheMovedOneChanges() {
        String first = "each-" + UUID.randomUUID();
        String second = "each-" + UUID.randomUUID();
        Instant soon = Instant.now().plusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        Instant later = soon.plusSeconds(3600);
        java.util.Map<String, Instant> due = new java.util.LinkedHashMap<>();
        due.put(first, soon);
        due.put(second, later);
        OnVertx.await(() -> Panache.withTransaction(() -> timers.scheduleEach("test-fire", due, null)));
        assertThat(Sql.count("select count(*) from due_timer where subject = ?1 and due_at = ?2", first, soon)).isEqualTo(1);
        assertThat(Sql.count("select count(*) from due_timer where subject = ?1 and due_at = ?2", second, later)).isEqualTo(1);

        due.put(first, later);
        OnVertx.await(() -> Panache.withTransaction(() -> timers.scheduleEach("test-fire", due, null)));
        assertThat(Sql.count("select count(*) from due_timer where subject = ?1 and due_at = ?2 and fired_at is null",
                first, later)).isEqualTo(1);
        assertThat(Sql.count("select count(*) from due_timer where subject in (?1, ?2)", first, second)).isEqualTo(2);
    }

    @Test
    void schedulingAgainMovesThePendingTimerAndCancelRemovesIt() {
        String subject = "m-" + UUID.randomUUID();
        Instant later = Instant.now().plusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        OnVertx.await(() -> Panache.withTransaction(() -> timers
                .schedule("test-fire", subject, Instant.now().plusSeconds(60), null)
                .chain(() -> timers.schedule("test-fire", subject, later, "{}"))));
        assertThat(Sql.count("select count(*) from due_timer where subject = ?1 and due_at = ?2", subject, later))
                .isEqualTo(1);
        assertThat(Sql.count("select count(*) from due_timer where subject = ?1", subject)).isEqualTo(1);

        boolean cancelled = OnVertx.await(
                () -> Panache.withTransaction(() -> timers.cancel("test-fire", subject)));
        assertThat(cancelled).isTrue();
        assertThat(Sql.count("select count(*) from due_timer where subject = ?1", subject)).isZero();
    }

    /**
     * A timer a batch is firing right now (here the test holds its row as the claiming batch does) is
     * left to that batch by cancel, which does not wait for it: the batch may itself be waiting for rows
     * the canceller holds (a ticket, an account), and every handler finds there is nothing left to do.
     */
    @Test
    void cancelLeavesATimerBeingFiredToItsBatchInsteadOfWaitingForIt() throws Exception {
        String subject = "busy-" + UUID.randomUUID();
        String other = "idle-" + UUID.randomUUID();
        OnVertx.await(() -> Panache.withTransaction(() -> timers.schedule("test-fire", subject, Instant.now().plusSeconds(600), null)
                .chain(() -> timers.schedule("test-fire", other, Instant.now().plusSeconds(600), null))));
        try (HeldLocks batch = HeldLocks.hold(Sql::connect,
                "select 1 from due_timer where subject = '" + subject + "' and fired_at is null for update")) {
            assertThat(batch.rows()).isEqualTo(1);
            java.util.concurrent.CompletableFuture<Integer> cancelled = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> OnVertx.await(() -> Panache.withTransaction(() -> timers.cancelAll("test-fire", List.of(subject, other)))));
            assertThat(cancelled.get(10, java.util.concurrent.TimeUnit.SECONDS)).as("the idle one only").isEqualTo(1);
        }
        assertThat(Sql.count("select count(*) from due_timer where subject = ?1 and fired_at is null", subject)).isEqualTo(1);
        assertThat(Sql.count("select count(*) from due_timer where subject = ?1", other)).isZero();
        boolean later = OnVertx.await(() -> Panache.withTransaction(() -> timers.cancel("test-fire", subject)));
        assertThat(later).isTrue();
    }

    @Test
    void schedulingAgainAsPendingWritesNothingAndAFailedAttemptIsCleared() {
        String subject = "w-" + UUID.randomUUID();
        Instant due = Instant.now().plusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        OnVertx.await(() -> Panache.withTransaction(() -> timers.schedule("test-fire", subject, due, "{}")));
        long first = xmin(subject);
        OnVertx.await(() -> Panache.withTransaction(() -> timers.schedule("test-fire", subject, due, "{}")));
        assertThat(xmin(subject)).as("the same timer again is not written").isEqualTo(first);

        Sql.update("update due_timer set attempts = 2, last_error = 'boom' where subject = ?1", subject);
        OnVertx.await(() -> Panache.withTransaction(() -> timers.schedule("test-fire", subject, due, "{}")));
        assertThat(Sql.count("select count(*) from due_timer where subject = ?1 and attempts = 0 and last_error is null",
                subject)).isEqualTo(1);
        long cleared = xmin(subject);
        OnVertx.await(() -> Panache.withTransaction(() -> timers.schedule("test-fire", subject, due, "{\"k\":1}")));
        assertThat(xmin(subject)).as("a new payload is written").isNotEqualTo(cleared);
        assertThat(Sql.count("select count(*) from due_timer where subject = ?1 and payload = '{\"k\":1}'", subject))
                .isEqualTo(1);
    }

    /** The transaction that wrote the timer's row version: a new version, a new one. */
    private static long xmin(String subject) {
        return Sql.count("select xmin::text::bigint from due_timer where subject = ?1", subject);
    }

    @Test
    void manySubjectsAreScheduledWithOneStatementAndAPendingOneIsMoved() {
        String run = "a-" + UUID.randomUUID();
        Instant soon = Instant.now().plusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        Instant later = soon.plusSeconds(600);
        OnVertx.await(() -> Panache.withTransaction(() -> timers.schedule("test-fire", run + "-1", soon, null)
                .chain(() -> timers.scheduleAll("test-fire", List.of(run + "-1", run + "-2", run + "-3", run + "-3"), later,
                        null))));
        assertThat(Sql.count("select count(*) from due_timer where subject like ?1", run + "-%")).isEqualTo(3);
        assertThat(Sql.count("select count(*) from due_timer where subject like ?1 and due_at = ?2", run + "-%", later))
                .isEqualTo(3);
    }
}
