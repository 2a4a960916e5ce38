package org.supportdesk.subscription.promotion;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/** R-B14: a joining promotion campaign. */
@Entity
public class Promotion {
    @Id
    public UUID id;
    public String name;
    @Column(name = "starts_on")
    public LocalDate startsOn;
    @Column(name = "ends_on")
    public LocalDate endsOn;
    public Integer minutes;
    public BigDecimal cash;
    public String currency;
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "promotion_plan", joinColumns = @JoinColumn(name = "promotion_id"))
    @Column(name = "plan_id")
    public Set<UUID> planIds = new HashSet<>();
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public Instant createdAt;
}
