package org.supportdesk.ticket.tickets;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.UUID;

/** R-T1: a ticket of an account, with its kind, severity, origin, responsibility and status (R-T2). */
@Entity
public class Ticket {

    public enum Kind { INCIDENT, SERVICE_REQUEST }

    public enum Severity { URGENT, HIGH, NORMAL }

    public enum Origin { VENDOR, APPLICATION }

    public enum Responsibility { PROVIDER, CUSTOMER }

    public enum Status { NEW, IN_PROGRESS, PENDING_CUSTOMER, PENDING_VENDOR, RESOLVED, CLOSED, CANCELLED }

    @Id
    public UUID id;
    public long number;
    @Column(name = "account_id")
    public UUID accountId;
    /** R-P2/R-T9: set when a partner opened it for its customer. */
    @Column(name = "partner_id")
    public UUID partnerId;
    @Enumerated(EnumType.STRING)
    public Kind kind;
    @Enumerated(EnumType.STRING)
    public Severity severity;
    @Enumerated(EnumType.STRING)
    public Origin origin;
    @Enumerated(EnumType.STRING)
    public Responsibility responsibility;
    public String title;
    public String description;
    @Enumerated(EnumType.STRING)
    public Status status;
    @Column(name = "opened_by")
    public String openedBy;
    @Column(name = "opened_at")
    public Instant openedAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
