package org.supportdesk.billing.accounts;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** What billing knows of an account, from subscription-service's events. */
@Entity
@Table(name = "billing_account")
public class BillingAccount {
    @Id
    @Column(name = "account_id")
    public UUID accountId;
    @Column(name = "partner_id")
    public UUID partnerId;
    public String status;
    @Column(name = "display_name")
    public String displayName;
    /** The current plan (R-B7 reads its minute rate for a PREPAID wallet). */
    @Column(name = "plan_id")
    public UUID planId;
    @Column(name = "plan_version")
    public Integer planVersion;
    @Column(name = "plan_type")
    public String planType;
    /** R-S7: when a failed charge warned the customer about the card (null: never). */
    @Column(name = "card_warned_at")
    public Instant cardWarnedAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
