package org.supportdesk.subscription.subscription;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.supportdesk.subscription.plan.PlanType;
import org.supportdesk.subscription.plan.Tier;

/** One stay of an account in a plan version, from {@code startsOn} to the day before {@code endsOn}. */
@Entity
@Table(name = "subscription_period")
public class SubscriptionPeriod {
    @Id
    public UUID id;
    @Column(name = "account_id")
    public UUID accountId;
    @Column(name = "plan_id")
    public UUID planId;
    @Column(name = "plan_version")
    public int planVersion;
    @Enumerated(EnumType.STRING)
    @Column(name = "plan_type")
    public PlanType planType;
    @Enumerated(EnumType.STRING)
    @Column(name = "plan_tier")
    public Tier planTier;
    @Column(name = "starts_on")
    public LocalDate startsOn;
    @Column(name = "ends_on")
    public LocalDate endsOn;
    @Column(name = "last_service_on")
    public LocalDate lastServiceOn;
    @Column(name = "created_at")
    public Instant createdAt;

    CommitmentPolicy.Period asPolicyPeriod() {
        return new CommitmentPolicy.Period(new CommitmentPolicy.PlanRef(planType, planTier), startsOn, endsOn,
                lastServiceOn);
    }
}
