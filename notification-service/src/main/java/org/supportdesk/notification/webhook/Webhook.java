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
    /**
     * Whether the HMAC key is the secret's base64 decoded (the Standard Webhooks scheme: every endpoint
     * created since V9); an endpoint created before keys with its secret's text, as its partner verifies.
     */
    @Column(name = "standard_key")
    public boolean standardKey;
    @Column(name = "event_types")
    public String[] eventTypes;
    public boolean active;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public Instant createdAt;
}
