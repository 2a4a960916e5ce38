package org.supportdesk.notification.webhook;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** R-N2: a partner's endpoint and its signing secret; no event types means every event. */
@Entity
@Table(name = "webhook")
public class Webhook {
    @Id
    public UUID id;
    @Column(name = "partner_id")
    public UUID partnerId;
    public String url;
    public String secret;
    @Column(name = "event_types")
    public String[] eventTypes;
    public boolean active;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public Instant createdAt;
}
