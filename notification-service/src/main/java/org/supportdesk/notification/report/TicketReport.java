package org.supportdesk.notification.report;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** R-T10: an account's periodic ticket report subscription (free). */
@Entity
@Table(name = "ticket_report")
public class TicketReport {

    public enum Frequency { DAILY, WEEKLY, MONTHLY }

    @Id
    @Column(name = "account_id")
    public UUID accountId;
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public Frequency frequency;
    @Column(name = "next_at")
    public Instant nextAt;
    @Column(name = "created_at")
    public Instant createdAt;
}
