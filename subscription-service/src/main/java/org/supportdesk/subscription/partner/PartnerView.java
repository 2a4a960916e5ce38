package org.supportdesk.subscription.partner;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

public record PartnerView(UUID id, String name, String contactEmail,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal discountPercent, Instant createdAt) {

    static PartnerView of(Partner p) {
        return new PartnerView(p.id, p.name, p.contactEmail, p.discountPercent, p.createdAt);
    }
}
