package org.supportdesk.ticket.tickets;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** R-T2: move a ticket to {@code to}; R-T5: waiting on the vendor needs the vendor's ticket number. */
public record TransitionRequest(
        @NotNull Ticket.Status to,
        @Size(max = 500) String reason,
        @Size(max = 100) String vendorTicketNumber) {
}
