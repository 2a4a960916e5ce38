package org.supportdesk.ticket.sla;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** R-L5: a missed target, kept for good (a follow-up target restarts; its breach stays). */
@Entity
@Table(name = "sla_breach")
public class SlaBreach {
    @Id
    public UUID id;
    @Column(name = "ticket_id")
    public UUID ticketId;
    @Enumerated(EnumType.STRING)
    public SlaPolicy.Target target;
    @Column(name = "due_at")
    public Instant dueAt;
    @Column(name = "breached_at")
    public Instant breachedAt;
}
