package org.supportdesk.ticket.escalation;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * R-T8: staff escalate to a higher tier ({@code to}: T2, T3, T4 with the vendor's ticket number);
 * a customer asks for the next external level (no {@code to}: Head of Support, then the CCO).
 */
public record EscalationRequest(
        @Pattern(regexp = "T2|T3|T4", message = "must be T2, T3 or T4") String to,
        @Size(max = 500) String reason,
        @Size(max = 100) String vendorTicketNumber) {
}
