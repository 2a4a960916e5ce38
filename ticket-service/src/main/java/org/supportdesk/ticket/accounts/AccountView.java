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
    @Column(name = "updated_at")
    public Instant updatedAt;
}
