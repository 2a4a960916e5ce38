package org.supportdesk.subscription.partner;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** Events of partners on {@code subscription-events}; see docs/events/asyncapi.yaml. */
public final class PartnerEvents {

    public static final String REGISTERED = "org.supportdesk.subscription.partner-registered.v1";
    public static final String DISCOUNT_CHANGED = "org.supportdesk.subscription.partner-discount-changed.v1";

    private PartnerEvents() {
    }

    /** A partner was registered (R-P2) with its customers' discount (R-B9). */
    public record PartnerRegistered(UUID partnerId, String name,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal discountPercent, Instant registeredAt) {
    }

    /**
     * R-B9: the partner's customers' discount changed (0 ends it) from {@code changedAt} on: what is
     * rated from then on gets the new percentage; what was billed before keeps its own.
     */
    public record PartnerDiscountChanged(UUID partnerId,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal previousPercent,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal discountPercent, Instant changedAt) {
    }
}
