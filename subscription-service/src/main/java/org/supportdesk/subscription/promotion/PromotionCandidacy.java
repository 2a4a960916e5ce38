package org.supportdesk.subscription.promotion;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** An account that joined within a campaign, until its month decides (R-B14). */
@Entity
@Table(name = "promotion_candidacy")
@IdClass(PromotionCandidacy.Key.class)
public class PromotionCandidacy {

    public enum Status { PENDING, AWARDED, LOST, SUPERSEDED }

    @Id
    @Column(name = "account_id")
    public UUID accountId;
    @Id
    @Column(name = "promotion_id")
    public UUID promotionId;
    @Column(name = "joined_on")
    public LocalDate joinedOn;
    @Column(name = "joined_plan")
    public UUID joinedPlan;
    @Enumerated(EnumType.STRING)
    public Status status;
    @Column(name = "settled_at")
    public Instant settledAt;

    public record Key(UUID accountId, UUID promotionId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
