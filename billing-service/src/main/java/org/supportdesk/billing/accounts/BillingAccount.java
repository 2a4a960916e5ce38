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
    @Column(name = "updated_at")
    public Instant updatedAt;
}
