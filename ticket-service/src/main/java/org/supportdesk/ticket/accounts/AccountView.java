package org.supportdesk.ticket.accounts;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** What ticket-service knows of an account, from subscription-service's events. */
@Entity
@Table(name = "account_view")
public class AccountView {
    @Id
    @Column(name = "account_id")
    public UUID accountId;
    @Column(name = "partner_id")
    public UUID partnerId;
    @Column(name = "display_name")
    public String displayName;
    public String status;
    @Column(name = "time_zone")
    public String timeZone;
    public String language;
    /** The current plan (null until the account joins one). */
    @Column(name = "plan_id")
    public UUID planId;
    @Column(name = "plan_version")
    public Integer planVersion;
    @Column(name = "plan_type")
    public String planType;
    @Column(name = "plan_tier")
    public String planTier;
    @Column(name = "updated_at")
    public Instant updatedAt;

    /** R-S7, R-S8: a frozen or closed account may open tickets but gets no service. */
    public boolean isServed() {
        return "ACTIVE".equals(status);
    }
}
