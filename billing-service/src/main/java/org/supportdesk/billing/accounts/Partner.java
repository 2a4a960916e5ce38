package org.supportdesk.billing.accounts;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** R-B9: a partner's customers' discount, as subscription-service last said. */
@Entity
@Table(name = "partner")
public class Partner {
    @Id
    @Column(name = "partner_id")
    public UUID partnerId;
    @Column(name = "discount_percent")
    public BigDecimal discountPercent;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
