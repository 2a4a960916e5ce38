package org.supportdesk.ticket.escalation;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * R-T8: {@code INTERNAL} moves the ticket up one tier (T1 → T2 → T3); {@code VENDOR} hands it to the
 * software vendor (T4) under the vendor's ticket number (R-T5); {@code EXTERNAL}, at the customer's
 * request, raises it to the Head of Support, then the CCO.
 */
public record EscalationRequest(
        @NotNull Kind kind,
        @Size(max = 100) String vendorTicket,
        @Size(max = 500) String reason) {

    public enum Kind { INTERNAL, VENDOR, EXTERNAL }
}
