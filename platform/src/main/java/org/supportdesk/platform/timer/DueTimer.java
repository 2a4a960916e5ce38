package org.supportdesk.platform.timer;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * Something that must happen at a time: an SLA target, a pending-customer reminder, a plan change at
 * day start, an invoice run. Owned by the service's database, so a restart loses none.
 */
@Entity
@Table(name = "due_timer")
public class DueTimer {

    @Id
    public UUID id;
    /** Which {@link TimerHandler} fires it, e.g. {@code sla-first-response}. */
    public String kind;
    /** The aggregate it is about; one pending timer per kind and subject. */
    public String subject;
    @Column(name = "due_at")
    public Instant dueAt;
    /** Optional handler-specific data (JSON). */
    public String payload;
    public int attempts;
    @Column(name = "last_error")
    public String lastError;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "fired_at")
    public Instant firedAt;
    @Column(name = "failed_at")
    public Instant failedAt;
}
