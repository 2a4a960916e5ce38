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

/** A requested plan change; applied at the start of {@code effectiveOn} by a due timer (R-S4). */
@Entity
@Table(name = "plan_change")
public class PlanChange {

    public enum Status { SCHEDULED, APPLIED, REPLACED }

    @Id
    public UUID id;
    @Column(name = "account_id")
    public UUID accountId;
    @Column(name = "to_plan_id")
    public UUID toPlanId;
    @Column(name = "to_plan_version")
    public int toPlanVersion;
    @Enumerated(EnumType.STRING)
    public CommitmentPolicy.ChangeKind kind;
    @Column(name = "effective_on")
    public LocalDate effectiveOn;
    /** The date the customer asked for, if any. */
    @Column(name = "requested_on")
    public LocalDate requestedOn;
    @Enumerated(EnumType.STRING)
    public Status status;
    @Column(name = "requested_by")
    public String requestedBy;
    @Column(name = "requested_at")
    public Instant requestedAt;
    @Column(name = "settled_at")
    public Instant settledAt;
    /** R-S5: set when later service moved the change past its first date. */
    @Column(name = "postponed_from")
    public LocalDate postponedFrom;
}
