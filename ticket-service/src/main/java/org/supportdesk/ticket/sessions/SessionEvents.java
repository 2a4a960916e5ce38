package org.supportdesk.ticket.sessions;

import java.time.Instant;
import java.util.UUID;
import org.supportdesk.ticket.tickets.Ticket;

/** Session events on {@code ticket-events}; see docs/events/asyncapi.yaml. */
public final class SessionEvents {

    public static final String STARTED = "org.supportdesk.ticket.session-started.v1";
    public static final String CLOSED = "org.supportdesk.ticket.session-closed.v1";

    private SessionEvents() {
    }

    /** R-T7, R-N1: a session started with the customer's consent. */
    public record SessionStarted(UUID sessionId, UUID ticketId, UUID accountId, String agent, Instant startedAt,
            boolean consent, UUID planId) {

        /** {@code planId}: the plan the ticket is priced under (R-S6), its service's plan (R-S5). */
        static SessionStarted of(RemoteSession s, org.supportdesk.ticket.tickets.Ticket ticket) {
            return new SessionStarted(s.id, s.ticketId, s.accountId, s.agent, s.startedAt, s.consent, ticket.planId);
        }
    }

    /**
     * R-T7, R-B1…R-B15: a session ended; what billing rates. The plan is the one the ticket was opened
     * under (R-S6); {@code partnerId} is set when the partner opened the ticket and pays (R-P2).
     */
    public record SessionClosed(UUID sessionId, UUID ticketId, long ticketNumber, Instant ticketOpenedAt,
            UUID accountId, UUID partnerId, UUID planId, Integer planVersion, String agent, Instant startedAt,
            Instant endedAt, long seconds, boolean outsideBusinessHours, boolean critical, String fixedPriceAction,
            String outcome, boolean recorded, String stoppedBy) {

        static SessionClosed of(RemoteSession s, Ticket t) {
            return new SessionClosed(s.id, t.id, t.number, t.openedAt, t.accountId, t.partnerId, t.planId,
                    t.planVersion, s.agent, s.startedAt, s.endedAt, s.seconds, s.outsideBusinessHours, s.critical,
                    s.fixedPriceAction, s.outcome.name(), s.recordedBy != null, s.stoppedBy);
        }
    }
}
