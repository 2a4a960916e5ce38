package org.supportdesk.ticket.tickets;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.supportdesk.platform.outbox.Outbox;
import org.supportdesk.platform.persistence.TimeOrderedIds;
import org.supportdesk.platform.problem.ProblemException;
import org.supportdesk.platform.security.Caller;
import org.supportdesk.platform.timer.DueTimers;
import org.supportdesk.ticket.sla.SlaPolicies;
import org.supportdesk.ticket.sla.SlaService;
import org.supportdesk.ticket.tickets.Ticket.Status;
import org.supportdesk.ticket.tickets.TicketStatusPolicy.Actor;

/**
 * The status model at work (R-T2…R-T6): transitions by people and by timers, each recorded in the
 * audit trail and published; comments; the pending-customer and resolved clocks.
 */
@ApplicationScoped
public class TicketWorkflow {

    /** R-T4: contact attempts at 2 and 4 business days in PENDING_CUSTOMER, resolved at 6. */
    public static final String PENDING_CUSTOMER_TIMER = "ticket-pending-customer";
    /** R-T6: confirmation request at 2 business days in RESOLVED, reminder at 4, closed at 6. */
    public static final String RESOLVED_TIMER = "ticket-resolved";
    public static final String SYSTEM = "system";

    private final TicketService tickets;
    private final TicketRepository repository;
    private final SlaService sla;
    private final Outbox outbox;
    private final DueTimers timers;
    private final SlaPolicies policies;
    private final Clock clock;
    private final jakarta.enterprise.inject.Instance<org.supportdesk.ticket.sessions.SessionService> sessions;
    private final jakarta.enterprise.inject.Instance<org.supportdesk.ticket.escalation.EscalationService> escalations;

    TicketWorkflow(TicketService tickets, TicketRepository repository, SlaService sla, Outbox outbox, DueTimers timers,
            SlaPolicies policies, Clock clock,
            jakarta.enterprise.inject.Instance<org.supportdesk.ticket.sessions.SessionService> sessions,
            jakarta.enterprise.inject.Instance<org.supportdesk.ticket.escalation.EscalationService> escalations) {
        this.sessions = sessions;
        this.escalations = escalations;
        this.tickets = tickets;
        this.repository = repository;
        this.sla = sla;
        this.outbox = outbox;
        this.timers = timers;
        this.policies = policies;
        this.clock = clock;
    }

    @WithTransaction
    public Uni<TicketView> transition(UUID ticketId, TransitionRequest request, Caller caller) {
        return tickets.visible(ticketId, caller, true).chain(ticket -> {
            Actor actor = caller.isStaff() ? Actor.STAFF : Actor.CUSTOMER;
            String reason = request.reason() == null || request.reason().isBlank() ? null : request.reason().strip();
            if (request.to() == Status.PENDING_VENDOR) {
                if (request.vendorTicketNumber() == null || request.vendorTicketNumber().isBlank()) {
                    throw ProblemException.unprocessable("vendor-ticket-number-required", "Vendor ticket number required",
                            "R-T5: a ticket waits on the vendor under the vendor's ticket number")
                            .with("field", "vendorTicketNumber");
                }
                ticket.vendorTicketNumber = request.vendorTicketNumber().strip();
            }
            if (request.to() == Status.CANCELLED && actor == Actor.STAFF && ticket.status != Status.NEW && reason == null) {
                throw ProblemException.unprocessable("reason-required", "Reason required",
                        "R-T3: an agent cancels a ticket in handling at the customer's request; say so in the reason")
                        .with("field", "reason");
            }
            // R-T5: waiting on the vendor is the vendor tier (T4), recorded and told as the escalation is
            return move(ticket, request.to(), actor, caller.name(), TicketService.roleOf(caller), reason)
                    .chain(() -> request.to() == Status.PENDING_VENDOR
                            ? escalations.get().movedToVendor(ticket, reason, caller).replaceWithVoid()
                            : Uni.createFrom().voidItem())
                    .chain(() -> tickets.viewOf(ticket));
        });
    }

    /**
     * Moves a ticket if the status model lets this actor do it, records the transition, publishes it,
     * and resets the status clocks. Runs in the caller's transaction.
     */
    Uni<Void> move(Ticket ticket, Status to, Actor actor, String actorName, String actorRole, String reason) {
        switch (TicketStatusPolicy.decide(ticket.status, to, actor)) {
            case TicketStatusPolicy.Decision.NoSuchTransition refused ->
                throw ProblemException.conflict("transition-not-allowed", "Transition not allowed", refused.detail())
                        .with("status", ticket.status.name());
            case TicketStatusPolicy.Decision.NotYours refused ->
                throw new ProblemException(403, "transition-forbidden", "Not your transition", refused.detail());
            case TicketStatusPolicy.Decision.Allowed allowed -> {
            }
        }
        Instant now = Instant.now(clock);
        Status from = ticket.status;
        TicketTransition transition = new TicketTransition();
        transition.id = TimeOrderedIds.next();
        transition.ticketId = ticket.id;
        transition.fromStatus = from;
        transition.toStatus = to;
        transition.actor = actorName;
        transition.actorRole = actorRole;
        transition.reason = reason;
        transition.at = now;
        ticket.status = to;
        ticket.statusSince = now;
        ticket.updatedAt = now;
        // R-B11, R-B12: handling that ends ends the ticket's running session, told first
        boolean ends = TicketStatusPolicy.isFinished(to) && !TicketStatusPolicy.isFinished(from);
        return Panache.getSession().chain(session -> session.persist(transition))
                .chain(() -> ends ? sessions.get().endWithTicket(ticket, now) : Uni.createFrom().voidItem())
                .chain(() -> outbox.append(TicketEvents.STATUS_CHANGED, ticket.id.toString(), ticket.accountId.toString(),
                        TicketEvents.TicketStatusChanged.of(ticket, transition)))
                .chain(() -> resetClocks(ticket, from, to, now))
                .chain(() -> slaClocks(ticket, from, to, actor, now));
    }

    /** R-L5: how a move affects the SLA clocks. */
    private Uni<Void> slaClocks(Ticket ticket, Status from, Status to, Actor actor, Instant now) {
        Uni<Void> step = Uni.createFrom().voidItem();
        if (to == Status.IN_PROGRESS && from == Status.NEW) {
            step = step.chain(() -> sla.handlingStarted(ticket, now));
        }
        if (TicketStatusPolicy.isFinished(from) && !TicketStatusPolicy.isFinished(to)) {
            // R-E1: a ticket re-opened while an emergency covers its account stands still with the others
            // (the declaration paused only the tickets then open); the emergency's end resumes it
            step = step.chain(() -> repository.coveredByEmergency(ticket.accountId))
                    .invoke(covered -> ticket.pausedForEmergency = covered).replaceWithVoid();
        }
        if (actor == Actor.STAFF || from == Status.RESOLVED) {
            // a staff move answers the customer; a re-opened ticket owes its next update from now
            step = step.chain(() -> sla.responded(ticket, now));
        }
        if (to == Status.PENDING_CUSTOMER) {
            ticket.pausedForCustomer = true;
            step = step.chain(() -> sla.pause(ticket, now));
        } else if (from == Status.PENDING_CUSTOMER) {
            ticket.pausedForCustomer = false;
            step = step.chain(() -> sla.resume(ticket, now));
        }
        if (TicketStatusPolicy.isFinished(to)) {
            // a finished ticket's clocks stop; it stands still for no emergency (a re-opening asks again),
            // so an emergency's end never waits for it
            ticket.pausedForEmergency = false;
            step = step.chain(() -> sla.stopped(ticket, now));
        }
        return step;
    }

    private Uni<Void> resetClocks(Ticket ticket, Status from, Status to, Instant now) {
        String subject = ticket.id.toString();
        Uni<Void> cancel = Uni.createFrom().voidItem();
        if (from == Status.PENDING_CUSTOMER) {
            cancel = timers.cancel(PENDING_CUSTOMER_TIMER, subject).replaceWithVoid();
        } else if (from == Status.RESOLVED) {
            cancel = timers.cancel(RESOLVED_TIMER, subject).replaceWithVoid();
        }
        return cancel.chain(() -> policies.of(ticket)).chain(governing -> switch (to) {
            case PENDING_CUSTOMER -> timers.schedule(PENDING_CUSTOMER_TIMER, subject,
                    governing.calendar().addBusinessDays(now, 2), "1");
            case RESOLVED -> timers.schedule(RESOLVED_TIMER, subject, governing.calendar().addBusinessDays(now, 2), "1");
            default -> Uni.createFrom().voidItem();
        });
    }

    /** A move by a person (staff or customer), in the caller's transaction. */
    public Uni<Void> moveBy(Ticket ticket, Status to, Caller caller, String reason) {
        return move(ticket, to, caller.isStaff() ? Actor.STAFF : Actor.CUSTOMER, caller.name(),
                TicketService.roleOf(caller), reason);
    }

    /** R-T4: the customer has not replied; stage 1 and 2 are contact attempts, stage 3 resolves the ticket. */
    Uni<Void> pendingCustomerDue(UUID ticketId, int stage) {
        return locked(ticketId).chain(ticket -> {
            if (ticket == null || ticket.status != Status.PENDING_CUSTOMER) {
                return Uni.createFrom().voidItem();
            }
            if (stage >= 3) {
                return move(ticket, Status.RESOLVED, Actor.SYSTEM, SYSTEM, SYSTEM,
                        "R-T4: no reply from the customer within 6 business days");
            }
            return prompt(ticket, "CONTACT_ATTEMPT", stage).chain(() -> policies.of(ticket))
                    .chain(governing -> timers.schedule(PENDING_CUSTOMER_TIMER, ticketId.toString(),
                            governing.calendar().addBusinessDays(ticket.statusSince, 2 * (stage + 1)),
                            String.valueOf(stage + 1)));
        });
    }

    /** R-T6: stage 1 asks the customer to confirm, stage 2 reminds, stage 3 closes the ticket. */
    Uni<Void> resolvedDue(UUID ticketId, int stage) {
        return locked(ticketId).chain(ticket -> {
            if (ticket == null || ticket.status != Status.RESOLVED) {
                return Uni.createFrom().voidItem();
            }
            if (stage >= 3) {
                return move(ticket, Status.CLOSED, Actor.SYSTEM, SYSTEM, SYSTEM,
                        "R-T6: not confirmed within 6 business days of resolution");
            }
            return prompt(ticket, stage == 1 ? "CONFIRMATION_REQUEST" : "CONFIRMATION_REMINDER", stage)
                    .chain(() -> policies.of(ticket))
                    .chain(governing -> timers.schedule(RESOLVED_TIMER, ticketId.toString(),
                            governing.calendar().addBusinessDays(ticket.statusSince, 2 * (stage + 1)),
                            String.valueOf(stage + 1)));
        });
    }

    private Uni<Void> prompt(Ticket ticket, String prompt, int attempt) {
        return outbox.append(TicketEvents.CUSTOMER_PROMPTED, ticket.id.toString(), ticket.accountId.toString(),
                new TicketEvents.CustomerPrompted(ticket.id, ticket.number, ticket.accountId, ticket.partnerId, prompt,
                        attempt, Instant.now(clock))).replaceWithVoid();
    }

    private Uni<Ticket> locked(UUID ticketId) {
        return Panache.getSession().chain(session -> session.find(Ticket.class, ticketId,
                org.hibernate.LockMode.PESSIMISTIC_WRITE));
    }

    /**
     * A comment on a ticket the caller may see. R-T4: the customer's reply ends its wait; internal
     * comments are for staff only.
     */
    @WithTransaction
    public Uni<CommentView> comment(UUID ticketId, CommentRequest request, Caller caller) {
        return tickets.visible(ticketId, caller, true).chain(ticket -> {
            if (request.internal() && !caller.isStaff()) {
                throw new ProblemException(403, "internal-comment-forbidden", "Not allowed",
                        "Only staff write internal comments");
            }
            Comment comment = new Comment();
            comment.id = TimeOrderedIds.next();
            comment.ticketId = ticketId;
            comment.author = caller.name();
            comment.authorRole = TicketService.roleOf(caller);
            comment.visibility = request.internal() ? Comment.Visibility.INTERNAL : Comment.Visibility.PUBLIC;
            comment.body = request.body().strip();
            comment.at = Instant.now(clock);
            Uni<Void> reply = !caller.isStaff() && ticket.status == Status.PENDING_CUSTOMER
                    ? customerReplied(ticket, caller, "R-T4: the customer replied")
                    : caller.isStaff() && comment.visibility == Comment.Visibility.PUBLIC
                            ? sla.responded(ticket, comment.at) // R-L5: a public answer stops the response clock
                            : Uni.createFrom().voidItem();
            return Panache.getSession().chain(session -> session.persist(comment)).chain(() -> reply)
                    .replaceWith(CommentView.of(comment));
        });
    }

    /**
     * R-T4: what the customer adds to a ticket waiting on them (a comment, an attachment: the screenshot
     * asked for) is their reply, and the wait ends: IN_PROGRESS, the contact attempts cancelled. The
     * ticket is the caller's, locked; staff adding to it change nothing here.
     */
    public Uni<Void> customerReplied(Ticket ticket, Caller caller, String reason) {
        return !caller.isStaff() && ticket.status == Status.PENDING_CUSTOMER
                ? move(ticket, Status.IN_PROGRESS, Actor.CUSTOMER, caller.name(), TicketService.roleOf(caller), reason)
                : Uni.createFrom().voidItem();
    }

    /** The comments the caller may read, oldest first. */
    @WithSession
    public Uni<List<CommentView>> comments(UUID ticketId, Caller caller) {
        return tickets.visible(ticketId, caller, false).chain(ticket -> Panache.getSession().chain(session -> session
                .createSelectionQuery("from Comment where ticketId = :ticket" + (caller.isStaff() ? ""
                        : " and visibility = 'PUBLIC'") + " order by at, id", Comment.class)
                .setParameter("ticket", ticketId).getResultList()))
                .map(list -> list.stream().map(CommentView::of).toList());
    }

    public record CommentView(UUID id, String author, String authorRole, Comment.Visibility visibility, String body,
            Instant at) {
        static CommentView of(Comment c) {
            return new CommentView(c.id, c.author, c.authorRole, c.visibility, c.body, c.at);
        }
    }
}
