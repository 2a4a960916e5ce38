package org.supportdesk.ticket.escalation;

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
import org.supportdesk.ticket.sla.SlaPolicies;
import org.supportdesk.ticket.tickets.Ticket;
import org.supportdesk.ticket.tickets.TicketEvents;
import org.supportdesk.ticket.tickets.TicketService;
import org.supportdesk.ticket.tickets.TicketStatusPolicy;
import org.supportdesk.ticket.tickets.TicketWorkflow;

/** R-T8, R-T5: internal escalation by tier, external escalation at the customer's request, and on breach. */
@ApplicationScoped
public class EscalationService {

    public record EscalationView(String kind, String from, String to, String actor, String actorRole, String reason,
            Instant at) {
        static EscalationView of(Escalation e) {
            return new EscalationView(e.kind, e.fromLevel, e.toLevel, e.actor, e.actorRole, e.reason, e.at);
        }
    }

    private final TicketService tickets;
    private final TicketWorkflow workflow;
    private final Outbox outbox;
    private final SlaPolicies policies;
    private final Clock clock;

    EscalationService(TicketService tickets, TicketWorkflow workflow, Outbox outbox, SlaPolicies policies, Clock clock) {
        this.tickets = tickets;
        this.workflow = workflow;
        this.outbox = outbox;
        this.policies = policies;
        this.clock = clock;
    }

    @WithTransaction
    public Uni<EscalationView> escalate(UUID ticketId, EscalationRequest request, Caller caller) {
        return tickets.visible(ticketId, caller, true).chain(ticket -> {
            if (TicketStatusPolicy.isFinished(ticket.status)) {
                throw ProblemException.conflict("ticket-finished", "Ticket finished",
                        "Ticket " + ticket.number + " is " + ticket.status).with("status", ticket.status.name());
            }
            if (request.kind() != EscalationRequest.Kind.EXTERNAL && !caller.isStaff()) {
                throw new ProblemException(403, "escalation-forbidden", "Not allowed",
                        "R-T8: customers ask for an EXTERNAL escalation; tiers are staff's to move");
            }
            String reason = request.reason() == null || request.reason().isBlank() ? null : request.reason().strip();
            return switch (request.kind()) {
                case INTERNAL -> internal(ticket, reason, caller);
                case VENDOR -> vendor(ticket, request.vendorTicket(), reason, caller);
                case EXTERNAL -> external(ticket, reason, caller);
            };
        });
    }

    private Uni<EscalationView> internal(Ticket ticket, String reason, Caller caller) {
        String next = EscalationPolicy.nextTier(ticket.tier).orElseThrow(() -> ProblemException.conflict(
                "no-higher-tier", "No higher tier", "R-T8: the ticket is at " + ticket.tier
                        + "; beyond T3 it goes to the vendor (kind VENDOR)").with("tier", ticket.tier));
        return record(ticket, "INTERNAL", ticket.tier, next, caller.name(), TicketService.roleOf(caller), reason);
    }

    /**
     * R-T5: the vendor (T4) is an outside party: the ticket waits on it under its ticket number. A
     * ticket the vendor gave back (IN_PROGRESS again, still at T4) may go to it again under a new number.
     */
    private Uni<EscalationView> vendor(Ticket ticket, String vendorTicket, String reason, Caller caller) {
        if (vendorTicket == null || vendorTicket.isBlank()) {
            throw ProblemException.unprocessable("vendor-ticket-required", "Vendor ticket required",
                    "R-T5: escalating to the vendor records the vendor's ticket number").with("field", "vendorTicket");
        }
        if (ticket.status == Ticket.Status.PENDING_VENDOR && "T4".equals(ticket.tier)) {
            throw ProblemException.conflict("already-with-vendor", "Already with the vendor",
                    "Ticket " + ticket.number + " waits on vendor ticket " + ticket.vendorTicketNumber);
        }
        Uni<Void> taken = ticket.status == Ticket.Status.NEW
                ? workflow.moveBy(ticket, Ticket.Status.IN_PROGRESS, caller, "taken to escalate to the vendor")
                : Uni.createFrom().voidItem();
        return taken.chain(() -> {
            ticket.vendorTicketNumber = vendorTicket.strip();
            // waiting on the vendor already below T4 (moved there before a transition meant the escalation)
            return ticket.status == Ticket.Status.PENDING_VENDOR ? Uni.createFrom().voidItem()
                    : workflow.moveBy(ticket, Ticket.Status.PENDING_VENDOR, caller,
                            reason == null ? "escalated to the vendor" : reason);
        }).chain(() -> movedToVendor(ticket, reason, caller));
    }

    /**
     * R-T5: a ticket just moved to PENDING_VENDOR (by this escalation or by a transition carrying the
     * vendor's ticket number) is at the vendor tier: recorded, and told with the vendor's number.
     */
    public Uni<EscalationView> movedToVendor(Ticket ticket, String reason, Caller caller) {
        return record(ticket, "VENDOR", ticket.tier, "T4", caller.name(), TicketService.roleOf(caller), reason);
    }

    private Uni<EscalationView> external(Ticket ticket, String reason, Caller caller) {
        String next = EscalationPolicy.nextExternal(ticket.externalLevel).orElseThrow(() -> ProblemException.conflict(
                "no-higher-level", "No higher level", "R-T8: the ticket is already with the CCO"));
        return record(ticket, "EXTERNAL", ticket.externalLevel, next, caller.name(), TicketService.roleOf(caller), reason);
    }

    /** R-T8: a missed target moves the ticket up one internal tier (to T3 at most), by the system. */
    public Uni<Void> onBreach(UUID ticketId, String target) {
        return Panache.getSession().chain(s -> s.find(Ticket.class, ticketId, org.hibernate.LockMode.PESSIMISTIC_WRITE))
                .chain(ticket -> policies.of(ticket).chain(governing -> !governing.escalateOnBreach()
                        ? Uni.createFrom().voidItem() : EscalationPolicy.onBreach(ticket.tier)
                        .filter(next -> !TicketStatusPolicy.isFinished(ticket.status))
                        .map(next -> record(ticket, "INTERNAL", ticket.tier, next, TicketWorkflow.SYSTEM, TicketWorkflow.SYSTEM,
                                "R-T8: " + target + " target missed").replaceWithVoid())
                        .orElse(Uni.createFrom().voidItem())));
    }

    private Uni<EscalationView> record(Ticket ticket, String kind, String from, String to, String actor, String role,
            String reason) {
        Instant now = Instant.now(clock);
        Escalation escalation = new Escalation();
        escalation.id = TimeOrderedIds.next();
        escalation.ticketId = ticket.id;
        escalation.kind = kind;
        escalation.fromLevel = from;
        escalation.toLevel = to;
        escalation.actor = actor;
        escalation.actorRole = role;
        escalation.reason = reason;
        escalation.at = now;
        if (!"EXTERNAL".equals(kind)) {
            ticket.tier = to;
        } else {
            ticket.externalLevel = to;
        }
        ticket.updatedAt = now;
        return Panache.getSession().chain(s -> s.persist(escalation))
                .chain(() -> outbox.append(TicketEvents.ESCALATED, ticket.id.toString(), ticket.accountId.toString(),
                        new TicketEvents.TicketEscalated(ticket.id, ticket.number, ticket.accountId, ticket.partnerId, kind,
                                from, to, actor, reason, "T4".equals(to) ? ticket.vendorTicketNumber : null, now)))
                .replaceWith(EscalationView.of(escalation));
    }

    @WithSession
    public Uni<List<EscalationView>> list(UUID ticketId, Caller caller) {
        return tickets.visible(ticketId, caller, false).chain(ticket -> Panache.getSession().chain(s -> s
                .createSelectionQuery("from Escalation where ticketId = :ticket order by at, id", Escalation.class)
                .setParameter("ticket", ticketId).getResultList()))
                .map(list -> list.stream().map(EscalationView::of).toList());
    }
}
