package org.supportdesk.ticket.escalation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** R-T8: one escalation of a ticket, in its audit trail. */
@Entity
@Table(name = "ticket_escalation")
public class Escalation {
    @Id
    public UUID id;
    @Column(name = "ticket_id")
    public UUID ticketId;
    public String kind;
    @Column(name = "from_level")
    public String fromLevel;
    @Column(name = "to_level")
    public String toLevel;
    public String actor;
    @Column(name = "actor_role")
    public String actorRole;
    public String reason;
    public Instant at;
}
