package org.supportdesk.ticket.tickets;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** R-T2: one status transition of a ticket, with actor and time. */
@Entity
@Table(name = "ticket_transition")
public class TicketTransition {
    @Id
    public UUID id;
    @Column(name = "ticket_id")
    public UUID ticketId;
    @Enumerated(EnumType.STRING)
    @Column(name = "from_status")
    public Ticket.Status fromStatus;
    @Enumerated(EnumType.STRING)
    @Column(name = "to_status")
    public Ticket.Status toStatus;
    public String actor;
    @Column(name = "actor_role")
    public String actorRole;
    public String reason;
    public Instant at;
}
