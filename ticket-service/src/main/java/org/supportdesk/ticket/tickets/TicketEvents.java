package org.supportdesk.ticket.tickets;

import java.time.Instant;
import java.util.UUID;

/** Events of tickets on {@code ticket-events}; see docs/events/asyncapi.yaml. */
public final class TicketEvents {

    public static final String OPENED = "org.supportdesk.ticket.ticket-opened.v1";

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
}
