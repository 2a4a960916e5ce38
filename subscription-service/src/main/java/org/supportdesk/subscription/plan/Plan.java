package org.supportdesk.subscription.plan;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.UUID;

/** A plan of the catalogue; its terms are in {@link PlanVersion}s. */
@Entity
public class Plan {
    @Id
    public UUID id;
    public String code;
    public String name;
    @Enumerated(EnumType.STRING)
    public PlanType type;
    @Enumerated(EnumType.STRING)
    public Tier tier;
    @Column(name = "current_version")
    public int currentVersion;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
