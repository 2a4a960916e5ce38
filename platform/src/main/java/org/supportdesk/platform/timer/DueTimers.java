package org.supportdesk.platform.timer;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Schedules and cancels timers in the caller's transaction. */
@ApplicationScoped
public class DueTimers {

    private final Clock clock;
    private final java.time.Duration pollInterval;

    DueTimers(Clock clock, org.supportdesk.platform.PlatformConfig config) {
        this.clock = clock;
        this.pollInterval = config.timers().pollInterval();
    }

    /**
     * Sets the pending timer of this kind and subject to fire at {@code dueAt}: creates it, or moves the
     * one already pending. One pending already as asked (due then, the same payload, no failed
     * attempt) gets no new row version (PostgreSQL still locks the row, no index entry is added).
     */
    public Uni<Void> schedule(String kind, String subject, Instant dueAt, String payload) {
        return scheduleAll(kind, List.of(subject), dueAt, payload);
    }

    /** The same for many subjects at once, with one statement (an invoice run's accounts, say). */
    public Uni<Void> scheduleAll(String kind, Collection<String> subjects, Instant dueAt, String payload) {
        Map<String, Instant> due = new LinkedHashMap<>();
        subjects.forEach(subject -> due.put(subject, dueAt));
        return scheduleEach(kind, due, payload);
    }

    /** The same for many subjects, each due at its own time, with one statement (a new ticket's SLA targets). */
    public Uni<Void> scheduleEach(String kind, Map<String, Instant> dueBySubject, String payload) {
        if (dueBySubject.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                insert into due_timer (id, kind, subject, due_at, payload, attempts, created_at)
                select gen_random_uuid(), cast(:kind as text), subject, due, cast(:payload as text), 0,
                       cast(:now as timestamptz)
                from unnest(cast(:subjects as text[]), cast(cast(:dues as text[]) as timestamptz[])) as timers (subject, due)
                on conflict (kind, subject) where fired_at is null and failed_at is null
                do update set due_at = excluded.due_at, payload = excluded.payload, attempts = 0, last_error = null
                where (due_timer.due_at, due_timer.payload, due_timer.attempts, due_timer.last_error)
                      is distinct from (excluded.due_at, excluded.payload, 0, cast(null as text))
                """)
                .setParameter("kind", kind)
                .setParameter("subjects", dueBySubject.keySet().toArray(String[]::new))
                // as text: each instant in ISO-8601 (UTC), to the microsecond PostgreSQL keeps
                .setParameter("dues", dueBySubject.values().stream().map(Instant::toString).toArray(String[]::new))
                .setParameter("payload", payload)
                .setParameter("now", Instant.now(clock))
                .executeUpdate())
                .replaceWithVoid();
    }

    /**
     * Puts timers the caller's batch claimed back as pending, as if never claimed: a handler gives back
     * those whose rows it would have to wait for (locked by a transaction that may itself be waiting
     * to move these very timers: waiting too would deadlock). Claimed rows only (marked fired in this
     * transaction): the attempt their claim counted is taken back, and they come due again a poll
     * interval from now at the earliest, so that the passes of this poll go on with other timers
     * rather than claim them again and again while their rows are held. So a handler whose work reads
     * its timer's due time (as the moment something happened) must not give it back.
     */
    public Uni<Void> giveBack(Collection<DueTimer> claimed) {
        if (claimed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "update due_timer set fired_at = null, attempts = attempts - 1, due_at = greatest(due_at, :retry) "
                        + "where id = any(cast(:ids as uuid[])) and fired_at is not null and failed_at is null")
                .setParameter("retry", Instant.now(clock).plus(pollInterval))
                .setParameter("ids", claimed.stream().map(timer -> timer.id).toArray(java.util.UUID[]::new))
                .executeUpdate())
                .replaceWithVoid();
    }

    /**
     * Removes the pending timer of this kind and subject, if any. One a batch is firing right now (its
     * row claimed and locked) is left to that batch, not waited for: the batch may itself be waiting for
     * rows the caller holds (a ticket, an account), and its handler finds, as every handler does, that
     * there is nothing left to do. @return whether one was removed.
     */
    public Uni<Boolean> cancel(String kind, String subject) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "delete from due_timer where id in (select id from due_timer where kind = :kind and subject = :subject "
                        + "and fired_at is null and failed_at is null for update skip locked)")
                .setParameter("kind", kind)
                .setParameter("subject", subject)
                .executeUpdate())
                .map(deleted -> deleted > 0);
    }

    /**
     * Cancels the pending timers of a kind for many subjects with one statement, in the caller's
     * transaction; one being fired right now is left to its batch, as {@link #cancel} leaves it.
     */
    public Uni<Integer> cancelAll(String kind, java.util.Collection<String> subjects) {
        if (subjects.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "delete from due_timer where id in (select id from due_timer where kind = :kind "
                        + "and subject = any(cast(:subjects as text[])) and fired_at is null and failed_at is null "
                        + "for update skip locked)")
                .setParameter("kind", kind)
                .setParameter("subjects", subjects.toArray(String[]::new)) // one statement whatever their number
                .executeUpdate());
    }
}
