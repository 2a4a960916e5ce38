package org.supportdesk.ticket.emergency;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.supportdesk.platform.inbox.IdempotentConsumer;
import org.supportdesk.platform.inbox.IncomingEvent;
import org.supportdesk.platform.inbox.PoisonMessageException;
import org.supportdesk.platform.persistence.NativeSelects;
import org.supportdesk.platform.timer.DueTimer;
import org.supportdesk.ticket.sla.SlaPolicy;
import org.supportdesk.ticket.sla.SlaService;
import org.supportdesk.ticket.sla.SlaTargetRow;
import org.supportdesk.ticket.tickets.Ticket;

/**
 * R-E1, R-L5: emergencies declared and ended in notification-service; while one lasts, the SLA clocks
 * of the tickets it covers pause (tickets opened or re-opened meanwhile start paused). It starts by a
 * due timer: at once, or at the start it was declared for (a maintenance window announced ahead).
 */
@ApplicationScoped
public class Emergencies {

    public static final String DECLARED = "org.supportdesk.notification.emergency-declared.v1";
    public static final String ENDED = "org.supportdesk.notification.emergency-ended.v1";
    private static final java.util.Set<String> HANDLED = java.util.Set.of(DECLARED, ENDED);
    /** The timer of an emergency declared to start later (subject: the emergency's id). */
    public static final String START_TIMER = "emergency-start";

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Scope(boolean allAccounts, List<UUID> accountIds) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record EmergencyDeclared(UUID emergencyId, String title, Scope scope, Instant startsAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record EmergencyEnded(UUID emergencyId, Instant endedAt) {
    }

    private final IdempotentConsumer consumer;
    private final SlaService sla;
    private final ObjectMapper json;
    private final Clock clock;
    private final org.supportdesk.platform.timer.DueTimers timers;

    Emergencies(IdempotentConsumer consumer, SlaService sla, ObjectMapper json, Clock clock,
            org.supportdesk.platform.timer.DueTimers timers) {
        this.timers = timers;
        this.consumer = consumer;
        this.sla = sla;
        this.json = json;
        this.clock = clock;
    }

    @Incoming("notification-events")
    Uni<Void> onNotificationEvents(KafkaRecordBatch<String, String> batch) {
        return consumer.consumeBatch("ticket.emergencies", batch, HANDLED::contains,
                IdempotentConsumer.eachInOrder(this::apply), this::apply);
    }

    Uni<Void> apply(IncomingEvent event) {
        return switch (event.type()) {
            case DECLARED -> declared(event.dataAs(json, EmergencyDeclared.class), event);
            case ENDED -> ended(event.dataAs(json, EmergencyEnded.class), event);
            default -> Uni.createFrom().voidItem();
        };
    }

    private Uni<Void> declared(EmergencyDeclared declared, IncomingEvent event) {
        if (declared.emergencyId() == null || declared.scope() == null) {
            throw new PoisonMessageException("emergency-declared " + event.id() + " lacks its id or scope");
        }
        Emergency emergency = new Emergency();
        emergency.id = declared.emergencyId();
        emergency.allAccounts = declared.scope().allAccounts();
        emergency.accountIds = declared.scope().accountIds() == null ? new UUID[0]
                : declared.scope().accountIds().toArray(UUID[]::new);
        emergency.title = declared.title() == null ? "" : declared.title();
        // never before it was declared: clocks already run (and breaches already recorded) are not taken back
        emergency.startsAt = declared.startsAt() == null ? Instant.now(clock)
                : declared.startsAt().isBefore(event.time()) ? event.time() : declared.startsAt();
        Instant now = Instant.now(clock);
        // it starts by its timer, due now or at the start it was declared for: the start locks the
        // committed row, so openings and re-openings reading it meanwhile wait for the start and are seen
        return Panache.getSession().chain(s -> s.persist(emergency))
                .chain(() -> timers.schedule(START_TIMER, emergency.id.toString(),
                        emergency.startsAt.isAfter(now) ? emergency.startsAt : now, null));
    }

    /**
     * R-E1: an emergency's start came: unless it ended first, it starts (at its declared start, when
     * that passed before this service heard of it) and the clocks of the open tickets it covers pause
     * from then. The emergency's row is locked (waiting only for the openings reading it
     * at that moment); the tickets are not waited for, as ticket-service's other timers never wait for
     * a ticket: those another transaction holds are left, and the timer is given back to pause them
     * with a later pass (pausing a paused ticket again changes nothing).
     */
    Uni<Void> startDue(DueTimer timer) {
        UUID emergencyId = UUID.fromString(timer.subject);
        Instant now = Instant.now(clock);
        return Panache.getSession().chain(s -> s.find(Emergency.class, emergencyId, org.hibernate.LockMode.PESSIMISTIC_WRITE)
                .chain(emergency -> {
                    if (emergency == null || emergency.endedAt != null) {
                        return Uni.createFrom().voidItem();
                    }
                    if (emergency.startedAt == null) {
                        // R-E1 with R-L5: the clocks stand still from its start, not from when this service
                        // heard of it (a restart or a backlog between the two), as they resume when it ended
                        emergency.startedAt = emergency.startsAt.isBefore(now) ? emergency.startsAt : now;
                    }
                    return s.flush().chain(() -> lastEndedSince(emergency.startedAt))
                            .chain(lastEnded -> pauseUnlessHeld(emergency, later(emergency.startedAt, lastEnded)))
                            .chain(allPaused -> allPaused ? Uni.createFrom().voidItem() : timers.giveBack(List.of(timer)));
                }));
    }

    /**
     * R-E1 with R-L5: of these running SLA targets due by now, those of tickets an emergency covers
     * whose start came by the target's due time and whose start timer has yet to pause them: not fired
     * (late after an outage, or firing beside the SLA's), claimed in this very batch to run after it
     * (marked fired, the start not yet made), or given back for a ticket it found held.
     * Their clocks stood still from that start, so they are not breached before it pauses them (and,
     * the target due after the start, the due time moves). A start timer parked as failed is waited
     * for no longer.
     */
    public Uni<java.util.Set<SlaTargetRow.Key>> startingBefore(List<SlaTargetRow> running) {
        Instant now = Instant.now(clock);
        List<SlaTargetRow> dueNow = running.stream().filter(r -> !r.dueAt.isAfter(now)).toList();
        if (dueNow.isEmpty()) {
            return Uni.createFrom().item(java.util.Set.of());
        }
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                select r.ticket_id, r.target
                from unnest(cast(:tickets as uuid[]), cast(:targets as text[]),
                            cast(cast(:dues as text[]) as timestamptz[])) as r (ticket_id, target, due)
                join ticket t on t.id = r.ticket_id
                where exists (select 1 from emergency e join due_timer d on d.kind = 'emergency-start'
                                   and d.subject = cast(e.id as text) and d.failed_at is null
                              where e.ended_at is null and e.starts_at <= r.due
                                and (d.fired_at is null or e.started_at is null)
                                and (e.all_accounts or t.account_id = any(e.account_ids)))
                """, Object[].class)
                .setParameter("tickets", NativeSelects.uncached(dueNow.stream().map(r -> r.ticketId).toArray(UUID[]::new)))
                .setParameter("targets", dueNow.stream().map(r -> r.target.name()).toArray(String[]::new))
                .setParameter("dues", dueNow.stream().map(r -> r.dueAt.toString()).toArray(String[]::new))
                .getResultList())
                .map(rows -> rows.stream().map(row -> new SlaTargetRow.Key((UUID) row[0],
                        SlaPolicy.Target.valueOf((String) row[1]))).collect(java.util.stream.Collectors.toSet()));
    }

    /**
     * The latest end of another emergency between {@code since} and now, if any: a ticket it resumed then must not
     * count that stretch as paused twice, so a late start pauses from after it (erring towards a clock
     * that ran, never one that stood still twice).
     */
    private Uni<Instant> lastEndedSince(Instant since) {
        Instant now = Instant.now(clock);
        return !since.isBefore(now) ? Uni.createFrom().nullItem() : Panache.getSession().chain(s -> s.createSelectionQuery(
                "select max(e.endedAt) from Emergency e where e.endedAt > :since and e.endedAt <= :now", Instant.class)
                .setParameter("since", since).setParameter("now", now).getSingleResult());
    }

    private static Instant later(Instant a, Instant b) {
        return b != null && b.isAfter(a) ? b : a;
    }

    /** The statuses of tickets an emergency no longer covers, as SQL literals. */
    private static final String FINISHED = org.supportdesk.ticket.tickets.TicketStatusPolicy.FINISHED.stream()
            .map(status -> "'" + status.name() + "'").collect(java.util.stream.Collectors.joining(", "));

    /**
     * Pauses the covered open tickets not paused yet that no other transaction holds; whether none is left
     * (looked for again once they are written, so a ticket held, or resumed meanwhile, is never missed).
     */
    private Uni<Boolean> pauseUnlessHeld(Emergency emergency, Instant now) {
        if (!emergency.allAccounts && emergency.accountIds.length == 0) {
            return Uni.createFrom().item(true);
        }
        String where = "from ticket where status not in (" + FINISHED + ") and not paused_for_emergency"
                + (emergency.allAccounts ? "" : " and account_id = any(cast(:accounts as uuid[]))");
        return Panache.getSession().chain(s -> {
            var free = s.createNativeQuery("select * " + where + " order by id for no key update skip locked", Ticket.class);
            var left = s.createNativeQuery("select exists (select 1 " + where + ")", Boolean.class);
            if (!emergency.allAccounts) {
                free.setParameter("accounts", NativeSelects.uncached(emergency.accountIds));
                left.setParameter("accounts", NativeSelects.uncached(emergency.accountIds));
            }
            // each from the later of the start and its last change of status (a customer's reply since
            // the start ended a pause of its own: that stretch is counted already)
            return free.getResultList().chain(tickets -> each(tickets, ticket -> pause(ticket, later(now, ticket.statusSince))))
                    .chain(s::flush).chain(() -> left.getSingleResult()).map(any -> !any);
        });
    }

    private Uni<Void> pause(Ticket ticket, Instant now) {
        ticket.pausedForEmergency = true;
        return sla.pause(ticket, now);
    }

    private Uni<Void> ended(EmergencyEnded ended, IncomingEvent event) {
        if (ended.emergencyId() == null) {
            throw new PoisonMessageException("emergency-ended " + event.id() + " lacks its id");
        }
        Instant now = Instant.now(clock);
        // this emergency and every other not ended locked at once, in id order (two ends at once take
        // turns): a start or an opening reading one of them meanwhile is waited for and seen, and a start
        // coming after waits for this end, then pauses again what it resumed if its emergency covers it
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "select * from emergency where ended_at is null or id = :id order by id for no key update", Emergency.class)
                .setParameter("id", NativeSelects.uncached(ended.emergencyId())).getResultList())
                .chain(locked -> {
                    Emergency emergency = locked.stream().filter(e -> e.id.equals(ended.emergencyId())).findFirst()
                            .orElse(null);
                    if (emergency == null || emergency.endedAt != null) {
                        return Uni.createFrom().voidItem();
                    }
                    emergency.endedAt = ended.endedAt() != null ? ended.endedAt() : now;
                    // R-L5: the clocks stood still until it ended, not until this service heard of it
                    Instant resumedAt = emergency.endedAt.isBefore(now) ? emergency.endedAt : now;
                    List<Emergency> still = locked.stream()
                            .filter(e -> e != emergency && e.endedAt == null && e.startedAt != null).toList();
                    // one ended before its start never paused anything, and its start timer goes
                    return timers.cancel(START_TIMER, emergency.id.toString())
                            .chain(() -> pausedUnder(emergency))
                            .chain(paused -> each(paused.stream()
                                    .filter(t -> still.stream().noneMatch(e -> e.covers(t.accountId))).toList(), ticket -> {
                                        ticket.pausedForEmergency = false;
                                        return sla.resume(ticket, resumedAt);
                                    }));
                });
    }

    /** The tickets paused for an emergency that this one covers, locked in id order. */
    private Uni<List<Ticket>> pausedUnder(Emergency emergency) {
        String scope = emergency.allAccounts ? "" : " and accountId in :accounts";
        return Panache.getSession().chain(s -> {
            var query = s.createSelectionQuery("from Ticket where pausedForEmergency = true" + scope + " order by id",
                    Ticket.class).setLockMode(org.hibernate.LockMode.PESSIMISTIC_WRITE);
            if (!emergency.allAccounts) {
                query.setParameter("accounts", List.of(emergency.accountIds));
            }
            return emergency.allAccounts || emergency.accountIds.length > 0 ? query.getResultList()
                    : Uni.createFrom().item(List.<Ticket>of());
        });
    }

    private static Uni<Void> each(List<Ticket> tickets, java.util.function.Function<Ticket, Uni<Void>> action) {
        return Multi.createFrom().iterable(tickets).onItem().transformToUniAndConcatenate(ticket -> action.apply(ticket)).collect().last()
                .replaceWithVoid();
    }
}
