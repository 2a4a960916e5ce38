package org.supportdesk.ticket.tickets;

import java.time.Instant;
import java.util.UUID;

/** Events of tickets on {@code ticket-events}; see docs/events/asyncapi.yaml. */
public final class TicketEvents {

    public static final String OPENED = "org.supportdesk.ticket.ticket-opened.v1";
    public static final String STATUS_CHANGED = "org.supportdesk.ticket.ticket-status-changed.v1";
    public static final String CUSTOMER_PROMPTED = "org.supportdesk.ticket.customer-prompted.v1";
    public static final String SLA_BREACHED = "org.supportdesk.ticket.sla-breached.v1";
    public static final String ESCALATED = "org.supportdesk.ticket.ticket-escalated.v1";

    private TicketEvents() {
    }

    /** R-N1: a ticket was opened, with the number the customer is told. */
    public record TicketOpened(UUID ticketId, long number, UUID accountId, UUID partnerId, String kind,
            String severity, String title, String status, String openedBy, Instant openedAt) {

        static TicketOpened of(Ticket t) {
            return new TicketOpened(t.id, t.number, t.accountId, t.partnerId, t.kind.name(),
                    t.severity == null ? null : t.severity.name(), t.title, t.status.name(), t.openedBy, t.openedAt);
        }
    }

    /** R-T2, R-N1: a ticket changed status; {@code actor} is "system" when a timer did it (R-T4, R-T6). */
    public record TicketStatusChanged(UUID ticketId, long number, UUID accountId, UUID partnerId, String from,
            String to, String actor, String actorRole, String reason, String vendorTicketNumber, Instant at) {

        static TicketStatusChanged of(Ticket t, TicketTransition tr) {
            return new TicketStatusChanged(t.id, t.number, t.accountId, t.partnerId,
                    tr.fromStatus == null ? null : tr.fromStatus.name(), tr.toStatus.name(), tr.actor, tr.actorRole,
                    tr.reason, t.vendorTicketNumber, tr.at);
        }
    }

    /**
     * R-T4, R-T6, R-N1: the customer is asked to act: another contact attempt while the ticket waits
     * on it, or a request (then a reminder) to confirm a resolved ticket.
     */
    public record CustomerPrompted(UUID ticketId, long number, UUID accountId, UUID partnerId, String prompt,
            int attempt, Instant at) {
    }

    /** R-L5, R-N1: a target was missed; {@code tier} is the tier that had the ticket. */
    public record SlaBreached(UUID ticketId, long number, UUID accountId, UUID partnerId, String target, Instant dueAt,
            Instant breachedAt, String tier) {
    }

    /**
     * R-T8, R-N1: escalated internally (T1 → T2 → T3 → T4, the vendor) or externally at the
     * customer's request (HEAD_OF_SUPPORT, then CCO).
     */
    public record TicketEscalated(UUID ticketId, long number, UUID accountId, UUID partnerId, String kind, String from,
            String to, String actor, String reason, String vendorTicketNumber, Instant at) {
    }
}
