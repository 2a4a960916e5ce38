package org.supportdesk.notification.report;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** R-T10: a ticket as the customer's report lists it, kept from ticket-events. */
@Entity
@Table(name = "ticket_summary")
public class TicketSummary {
    @Id
    @Column(name = "ticket_id")
    public UUID ticketId;
    @Column(name = "account_id")
    public UUID accountId;
    public long number;
    public String title;
    public String status;
    @Column(name = "opened_at")
    public Instant openedAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
