package org.supportdesk.ticket.tickets;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/**
 * A request to open a ticket (R-T1). A customer's ticket is always for its own account; a partner or
 * agent names the account.
 */
public record OpenTicket(
        UUID accountId,
        @NotNull Ticket.Kind kind,
        Ticket.Severity severity,
        Ticket.Origin origin,
        Ticket.Responsibility responsibility,
        @NotBlank @Size(max = 200) String title,
        @NotBlank @Size(max = 10_000) String description,
        java.time.Instant arisenAt) {

    /** A ticket without the moment its fault arose (R-L4 then takes the opening). */
    public OpenTicket(UUID accountId, Ticket.Kind kind, Ticket.Severity severity, Ticket.Origin origin,
            Ticket.Responsibility responsibility, String title, String description) {
        this(accountId, kind, severity, origin, responsibility, title, description, null);
    }

    /** R-T1: severity belongs to incidents only, and every incident has one. */
    @AssertTrue(message = "is required for an INCIDENT and not allowed for a SERVICE_REQUEST")
    public boolean isSeverity() {
        return kind == null || (kind == Ticket.Kind.INCIDENT) == (severity != null);
    }
}
