package org.supportdesk.notification.recipients;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.UUID;

/** An account as notification-service knows it, from subscription-service's events. */
@Entity
public class Recipient {
    @Id
    @Column(name = "account_id")
    public UUID accountId;
    @Column(name = "partner_id")
    public UUID partnerId;
    @Column(name = "display_name")
    public String displayName;
    public String email;
    public String language;
    @Column(name = "time_zone")
    public String timeZone;
    @Column(name = "updated_at")
    public Instant updatedAt;
    /** When the account closed (R-S8), null while it is open. */
    @Column(name = "closed_at")
    public Instant closedAt;
}
