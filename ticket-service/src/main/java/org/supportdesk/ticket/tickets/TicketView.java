package org.supportdesk.ticket.tickets;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.supportdesk.ticket.sla.SlaService;

/** A ticket as the API shows it, with its audit trail (R-T2). */
public record TicketView(UUID id, long number, UUID accountId, UUID partnerId, String kind, String severity,
        String origin, String responsibility, String title, String description, String status, String openedBy,
        Instant openedAt, UUID planId, Integer planVersion, String planType, UUID reopenedFrom,
        String vendorTicketNumber, String tier, String externalLevel, Instant arisenAt, Sla sla,
        List<Transition> transitions) {

    /** R-L5: the ticket's SLA targets, and whether (and why) its clocks are paused. */
    public record Sla(boolean paused, boolean pausedForCustomer, boolean pausedForEmergency,
            List<SlaService.TargetView> targets) {
        /** Paused while waiting on the customer or under a declared emergency, either (R-L5, R-E1). */
        static Sla of(boolean pausedForCustomer, boolean pausedForEmergency, List<SlaService.TargetView> targets) {
            return new Sla(pausedForCustomer || pausedForEmergency, pausedForCustomer, pausedForEmergency, targets);
        }
    }

    public record Transition(String from, String to, String actor, String actorRole, String reason, Instant at) {
    }

    static TicketView of(Ticket t, List<TicketTransition> transitions, List<SlaService.TargetView> targets) {
        return new TicketView(t.id, t.number, t.accountId, t.partnerId, t.kind.name(), name(t.severity),
                name(t.origin), name(t.responsibility), t.title, t.description, t.status.name(), t.openedBy,
                t.openedAt, t.planId, t.planVersion, t.planType, t.reopenedFrom, t.vendorTicketNumber, t.tier, t.externalLevel,
                t.arisenAt, Sla.of(t.pausedForCustomer, t.pausedForEmergency, targets),
                transitions.stream()
                        .map(tr -> new Transition(name(tr.fromStatus), tr.toStatus.name(), tr.actor, tr.actorRole,
                                tr.reason, tr.at))
                        .toList());
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }
}
