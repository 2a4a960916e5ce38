package org.supportdesk.ticket.tickets;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A comment on a ticket: public (the customer reads it) or internal (staff only). */
@Entity
@Table(name = "ticket_comment")
public class Comment {

    public enum Visibility { PUBLIC, INTERNAL }

    @Id
    public UUID id;
    @Column(name = "ticket_id")
    public UUID ticketId;
    public String author;
    @Column(name = "author_role")
    public String authorRole;
    @Enumerated(EnumType.STRING)
    public Visibility visibility;
    public String body;
    public Instant at;
}
