package org.supportdesk.ticket.sla;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.supportdesk.platform.PlatformConfig;
import org.supportdesk.platform.outbox.Outbox;
import org.supportdesk.platform.persistence.NativeSelects;
import org.supportdesk.platform.persistence.TimeOrderedIds;
import org.supportdesk.platform.timer.DueTimers;
import org.supportdesk.ticket.sla.SlaPolicy.Target;
import org.supportdesk.ticket.tickets.Ticket;
import org.supportdesk.ticket.tickets.TicketEvents;

/**
 * R-L5: each ticket's SLA clocks: started at opening (and after each response, for updates), paused
 * while the ticket waits on the customer or an emergency covers it, stopped by a response or the end
 * of handling; a clock that runs out is a breach (event, then R-T8 escalation by the timer).
 * Every method runs in the caller's transaction.
 */
@ApplicationScoped
public class SlaService {

    /** The due timer of one target (subject: {@code <ticket id>/<target>}). */
    public static final String DUE_TIMER = "sla-due";

    /** A target as the API shows it. */
    public record TargetView(Target target, Instant dueAt, boolean aroundTheClock, Instant metAt, Instant breachedAt,
            boolean paused, long pausedSeconds, Instant stoppedAt) {
        static TargetView of(SlaTargetRow r) {
            return new TargetView(r.target, r.dueAt, r.aroundTheClock, r.metAt, r.breachedAt, r.pausedSince != null,
                    r.pausedSeconds, r.stoppedAt);
        }
    }

    private final SlaPolicies policies;
    private final BusinessCalendar aroundTheClock;
    private final DueTimers timers;
    private final Outbox outbox;
    private final Clock clock;
    private final java.time.ZoneId zone;

    SlaService(SlaPolicies policies, PlatformConfig config, DueTimers timers, Outbox outbox, Clock clock) {
        this.policies = policies;
        this.zone = config.zone();
        this.aroundTheClock = SlaPolicy.aroundTheClock(config.zone());
        this.timers = timers;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * R-L2…R-L4: the targets of a new ticket under the policy chosen for its plan (or the configured
     * one), which it keeps; paused at once if an emergency covers it (R-E1). Not written: the opening
     * inserts them with the ticket, then {@link #scheduleOpened} their timers. @return the targets, in
     * the order {@link #view} reads them (by target), so that an opening answers without reading them back.
     */
    public Uni<List<SlaTargetRow>> opened(Ticket ticket, UUID chosenPolicyId) {
        SlaPolicy.Category category = SlaPolicy.Category.of(ticket.kind.name(),
                ticket.severity == null ? null : ticket.severity.name());
        boolean critical = isCritical(ticket, zone);
        ticket.slaPolicyId = chosenPolicyId; // the ticket keeps it: none chosen, the configured one
        return policies.of(ticket).map(governing -> {
            List<SlaPolicy.Deadline> deadlines = new ArrayList<>();
            governing.policy().firstResponse(governing.calendar(), ticket.openedAt, category, critical)
                    .ifPresent(deadlines::add);
            governing.policy().handlingStart(governing.calendar(), ticket.openedAt, critical).ifPresent(deadlines::add);
            List<SlaTargetRow> rows = new ArrayList<>();
            for (SlaPolicy.Deadline deadline : deadlines) {
                SlaTargetRow row = new SlaTargetRow();
                row.ticketId = ticket.id;
                row.target = deadline.target();
                fill(row, deadline);
                if (paused(ticket)) {
                    row.set(row.clock().pause(row.startedAt), counting(row, governing));
                }
                rows.add(row);
            }
            rows.sort(Comparator.comparing(row -> row.target.name()));
            return rows;
        });
    }

    /** The due timers of a new ticket's targets that run (not paused), with one statement. */
    public Uni<Void> scheduleOpened(List<SlaTargetRow> rows) {
        Map<String, Instant> due = new java.util.LinkedHashMap<>();
        rows.stream().filter(row -> row.pausedSince == null).forEach(row -> due.put(subject(row), row.dueAt));
        return timers.scheduleEach(DUE_TIMER, due, null);
    }

    /** The targets as the API shows them. */
    public static List<TargetView> views(List<SlaTargetRow> rows) {
        return rows.stream().map(TargetView::of).toList();
    }

    /** A staff response or update (public comment, status change, session): stops FIRST_RESPONSE and restarts NEXT_UPDATE. */
    public Uni<Void> responded(Ticket ticket, Instant at) {
        return policies.of(ticket).chain(governing -> targets(ticket.id).chain(rows -> {
            Uni<Void> done = Uni.createFrom().voidItem();
            for (SlaTargetRow row : rows) {
                if ((row.target == Target.FIRST_RESPONSE || row.target == Target.NEXT_UPDATE) && row.isRunning()) {
                    row.metAt = at;
                    done = done.chain(() -> cancelTimer(row));
                }
            }
            if (org.supportdesk.ticket.tickets.TicketStatusPolicy.isFinished(ticket.status)) {
                return done;
            }
            SlaPolicy.Category category = SlaPolicy.Category.of(ticket.kind.name(),
                    ticket.severity == null ? null : ticket.severity.name());
            return done.chain(() -> governing.policy().nextUpdate(governing.calendar(), at, category)
                    .map(d -> rows.stream().filter(r -> r.target == Target.NEXT_UPDATE).findFirst()
                            .map(existing -> restart(ticket, existing, d, governing))
                            .orElseGet(() -> start(ticket, d, governing).replaceWithVoid()))
                    .orElse(Uni.createFrom().voidItem()));
        }));
    }

    /** R-L4: handling started (a session, or the ticket taken in progress). */
    public Uni<Void> handlingStarted(Ticket ticket, Instant at) {
        return update(ticket.id, r -> r.target == Target.HANDLING_START && r.isRunning(), r -> {
            r.metAt = at;
            return cancelTimer(r);
        });
    }

    /** R-L5: the ticket's clocks pause (waiting on the customer, or an emergency). */
    public Uni<Void> pause(Ticket ticket, Instant at) {
        return policies.of(ticket).chain(governing -> update(ticket.id, SlaTargetRow::isRunning, r -> {
            r.set(r.clock().pause(at), counting(r, governing));
            return cancelTimer(r);
        }));
    }

    /** R-L5: the clocks run again, unless another reason to pause remains. */
    public Uni<Void> resume(Ticket ticket, Instant at) {
        if (ticket.pausedForCustomer || ticket.pausedForEmergency) {
            return Uni.createFrom().voidItem();
        }
        return policies.of(ticket).chain(governing -> update(ticket.id, r -> r.isRunning() && r.pausedSince != null, r -> {
            r.set(r.clock().resume(at, counting(r, governing)), counting(r, governing));
            return schedule(r);
        }));
    }

    /** Handling ended (resolved, closed, cancelled): every running clock stops. */
    public Uni<Void> stopped(Ticket ticket, Instant at) {
        return update(ticket.id, SlaTargetRow::isRunning, r -> {
            r.stoppedAt = at;
            return cancelTimer(r);
        });
    }

    public Uni<List<TargetView>> view(UUID ticketId) {
        return targets(ticketId).map(rows -> rows.stream().map(TargetView::of).toList());
    }

    /**
     * The targets among these (the subjects of a batch of due timers) still running, not paused and
     * not breached, read and locked with one query, in the order given.
     */
    public Uni<List<SlaTargetRow>> runningAmong(List<SlaTargetRow.Key> keys) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                select * from sla_target
                where (ticket_id, target) in (select * from unnest(cast(:tickets as uuid[]), cast(:targets as text[])))
                  and met_at is null and stopped_at is null and paused_since is null and breached_at is null
                order by ticket_id, target
                for update
                """, SlaTargetRow.class)
                .setParameter("tickets",
                        NativeSelects.uncached(keys.stream().map(SlaTargetRow.Key::ticketId).toArray(UUID[]::new)))
                .setParameter("targets", keys.stream().map(k -> k.target().name()).toArray(String[]::new))
                .getResultList())
                .map(rows -> {
                    Map<SlaTargetRow.Key, Integer> order = new HashMap<>();
                    keys.forEach(key -> order.putIfAbsent(key, order.size()));
                    List<SlaTargetRow> inOrder = new ArrayList<>(rows);
                    inOrder.sort(Comparator.comparing(r -> order.get(new SlaTargetRow.Key(r.ticketId, r.target))));
                    return inOrder;
                });
    }

    /**
     * Fired at a running target's due time (one of {@link #runningAmong}): a breach, published;
     * answers the breached target so the caller can escalate (R-T8). One whose due time a pause moved
     * later meanwhile gets its timer again instead, and answers null.
     */
    public Uni<SlaTargetRow> due(SlaTargetRow row) {
        Instant now = Instant.now(clock);
        return row.dueAt.isAfter(now) ? schedule(row).replaceWith((SlaTargetRow) null) : breach(row, now);
    }

    private Uni<SlaTargetRow> breach(SlaTargetRow row, Instant now) {
        row.breachedAt = now;
        SlaBreach breach = new SlaBreach();
        breach.id = TimeOrderedIds.next();
        breach.ticketId = row.ticketId;
        breach.target = row.target;
        breach.dueAt = row.dueAt;
        breach.breachedAt = now;
        return Panache.getSession().chain(s -> s.persist(breach).chain(() -> s.find(Ticket.class, row.ticketId)))
                .chain(ticket -> outbox.append(TicketEvents.SLA_BREACHED, ticket.id.toString(),
                        ticket.accountId.toString(), new TicketEvents.SlaBreached(ticket.id, ticket.number,
                                ticket.accountId, ticket.partnerId, row.target.name(), row.dueAt, now, ticket.tier)))
                .replaceWith(row);
    }

    private Uni<SlaTargetRow> start(Ticket ticket, SlaPolicy.Deadline deadline, SlaPolicies.Governing governing) {
        SlaTargetRow row = new SlaTargetRow();
        row.ticketId = ticket.id;
        row.target = deadline.target();
        fill(row, deadline);
        return Panache.getSession().chain(s -> s.persist(row)).chain(() -> afterStart(ticket, row, governing))
                .replaceWith(row);
    }

    private Uni<Void> restart(Ticket ticket, SlaTargetRow row, SlaPolicy.Deadline deadline,
            SlaPolicies.Governing governing) {
        fill(row, deadline);
        row.metAt = null;
        row.stoppedAt = null;
        row.breachedAt = null;
        return afterStart(ticket, row, governing);
    }

    private Uni<Void> afterStart(Ticket ticket, SlaTargetRow row, SlaPolicies.Governing governing) {
        if (paused(ticket)) {
            row.set(row.clock().pause(row.startedAt), counting(row, governing));
            return Uni.createFrom().voidItem();
        }
        return schedule(row);
    }

    private static void fill(SlaTargetRow row, SlaPolicy.Deadline deadline) {
        row.aroundTheClock = deadline.aroundTheClock();
        row.startedAt = deadline.startsAt();
        row.budgetSeconds = deadline.budget().toSeconds();
        row.pausedSeconds = 0;
        row.pausedSince = null;
        row.dueAt = deadline.dueAt();
    }

    private Uni<Void> update(UUID ticketId, Predicate<SlaTargetRow> which,
            java.util.function.Function<SlaTargetRow, Uni<Void>> change) {
        return targets(ticketId).chain(rows -> Multi.createFrom().iterable(rows.stream().filter(which).toList())
                .onItem().transformToUniAndConcatenate(row -> change.apply(row)).collect().last().replaceWithVoid());
    }

    private Uni<List<SlaTargetRow>> targets(UUID ticketId) {
        return Panache.getSession().chain(s -> s
                .createSelectionQuery("from SlaTargetRow where ticketId = :ticket order by target", SlaTargetRow.class)
                .setParameter("ticket", ticketId).getResultList());
    }

    private BusinessCalendar counting(SlaTargetRow row, SlaPolicies.Governing governing) {
        return row.aroundTheClock ? aroundTheClock : governing.calendar();
    }

    private static boolean paused(Ticket ticket) {
        return ticket.pausedForCustomer || ticket.pausedForEmergency;
    }

    private Uni<Void> schedule(SlaTargetRow row) {
        return timers.schedule(DUE_TIMER, subject(row), row.dueAt, null);
    }

    private Uni<Void> cancelTimer(SlaTargetRow row) {
        return timers.cancel(DUE_TIMER, subject(row)).replaceWithVoid();
    }

    /** A target's due timer's subject: {@code <ticket id>/<target>}. */
    private static String subject(SlaTargetRow row) {
        return row.ticketId + "/" + row.target;
    }

    /** R-L4: an urgent incident is critical (served outside hours too when the policy says so). */
    /**
     * R-L4: an urgent incident is critical (served within 2 hours, outside business hours too, at no
     * extra charge) when its fault arose the same day it was reported: one that existed more than 36
     * hours is not. A ticket that does not say when its fault arose is taken as reported when it arose.
     * Reported: when the customer told of it (a copy re-opened under a new plan keeps that, R-S6).
     */
    public static boolean isCritical(Ticket ticket, java.time.ZoneId zone) {
        if (ticket.kind != Ticket.Kind.INCIDENT || ticket.severity != Ticket.Severity.URGENT) {
            return false;
        }
        if (ticket.arisenAt == null) {
            return true;
        }
        Instant reported = ticket.reportedAt != null ? ticket.reportedAt : ticket.openedAt;
        return !java.time.Duration.between(ticket.arisenAt, reported).minusHours(36).isPositive()
                && ticket.arisenAt.atZone(zone).toLocalDate().equals(reported.atZone(zone).toLocalDate());
    }
}
