package org.supportdesk.billing.plans;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** A plan version as published by subscription-service (its terms as the published JSON). */
@Entity
@Table(name = "plan_version")
@IdClass(PlanVersionRow.Key.class)
public class PlanVersionRow {
    @Id
    @Column(name = "plan_id")
    public UUID planId;
    @Id
    public int version;
    public String code;
    public String type;
    public String terms;
    @Column(name = "published_at")
    public Instant publishedAt;

    public record Key(UUID planId, int version) implements Serializable {
        public Key() {
            this(null, 0);
        }
    }
}
