package org.supportdesk.ticket.escalation;

import java.util.List;
import java.util.Optional;

/** R-T8, R-P3, R-P4: the escalation ladders. Pure. */
public final class EscalationPolicy {

    /** Internal tiers: technician, senior technician, senior technical manager / CTO, the software vendor. */
    public static final List<String> TIERS = List.of("T1", "T2", "T3", "T4");
    /** External levels, at the customer's request: Head of Support, then the customer-success executive. */
    public static final List<String> EXTERNAL = List.of("HEAD_OF_SUPPORT", "CCO");

    private EscalationPolicy() {
    }

    /** An internal escalation goes up one tier, to T3 at most; T4 is the vendor (a VENDOR escalation). */
    public static Optional<String> nextTier(String tier) {
        int next = TIERS.indexOf(tier) + 1;
        return next > 0 && next <= TIERS.indexOf("T3") ? Optional.of(TIERS.get(next)) : Optional.empty();
    }

    /** The customer's next external level: Head of Support first, then the CCO; none after. */
    public static Optional<String> nextExternal(String current) {
        int next = current == null ? 0 : EXTERNAL.indexOf(current) + 1;
        return next < EXTERNAL.size() ? Optional.of(EXTERNAL.get(next)) : Optional.empty();
    }

    /**
     * R-T8: a missed target escalates to the next internal tier; T3 is the last automatic step (T4, the
     * vendor, needs the vendor's ticket number, R-T5).
     */
    public static Optional<String> onBreach(String tier) {
        return nextTier(tier);
    }
}
