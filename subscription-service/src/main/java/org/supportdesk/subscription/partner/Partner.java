package org.supportdesk.subscription.partner;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** R-P2: an employer, reseller or association with a group agreement and its customers' discount. */
@Entity
public class Partner {
    @Id
    public UUID id;
    public String name;
    @Column(name = "contact_email")
    public String contactEmail;
    /** R-B9: applied to the final payable of its customers, after all credits. */
    @Column(name = "discount_percent")
    public BigDecimal discountPercent;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
