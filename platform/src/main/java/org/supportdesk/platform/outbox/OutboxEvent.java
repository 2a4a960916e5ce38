package org.supportdesk.platform.outbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One event waiting in (or already relayed from) the transactional outbox. */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent {

    @Id
    public UUID id;
    public String topic;
    public String type;
    public String source;
    public String subject;
    @Column(name = "partition_key")
    public String partitionKey;
    @Column(name = "occurred_at")
    public Instant occurredAt;
    public String payload;
    @Column(name = "published_at")
    public Instant publishedAt;
}
