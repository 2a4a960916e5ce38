package org.supportdesk.subscription.plan;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** One immutable version of a plan's terms (JSON of {@link PlanTerms}). */
@Entity
@Table(name = "plan_version")
@IdClass(PlanVersion.Key.class)
public class PlanVersion {
    @Id
    @Column(name = "plan_id")
    public UUID planId;
    @Id
    public int version;
    public String name;
    public String terms;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public Instant createdAt;

    public record Key(UUID planId, int version) implements Serializable {
        public Key() {
            this(null, 0);
        }
    }
}
