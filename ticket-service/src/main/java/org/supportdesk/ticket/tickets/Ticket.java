package org.supportdesk.ticket.tickets;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** R-T1: a ticket of an account, with its kind, severity, origin, responsibility and status (R-T2). */
@Entity
@Table(name = "ticket")
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
    /** R-L4: when the reported fault arose, if the reporter said so. */
    @Column(name = "arisen_at")
    public Instant arisenAt;
    @Enumerated(EnumType.STRING)
    public Status status;
    /** R-S6: the plan the ticket was opened under prices it. */
    @Column(name = "plan_id")
    public UUID planId;
    @Column(name = "plan_version")
    public Integer planVersion;
    @Column(name = "plan_type")
    public String planType;
    /** R-S6: the ticket this one re-opens under a new plan. */
    @Column(name = "reopened_from")
    public UUID reopenedFrom;
    /** R-S6 with R-L4: when the customer reported it, for a copy re-opened under a new plan (null: openedAt). */
    @Column(name = "reported_at")
    public Instant reportedAt;
    /** R-T5: the vendor's ticket number while the ticket waits on the vendor. */
    @Column(name = "vendor_ticket_number")
    public String vendorTicketNumber;
    /** R-T8: the internal tier working the ticket (T1…T4) and the external level it was raised to. */
    public String tier;
    @Column(name = "external_level")
    public String externalLevel;
    /** R-L5: why the SLA clocks are paused. */
    @Column(name = "paused_for_customer")
    public boolean pausedForCustomer;
    @Column(name = "paused_for_emergency")
    public boolean pausedForEmergency;
    /** R-L2: the SLA policy the ticket was opened under (null: the configured one). */
    @Column(name = "sla_policy_id")
    public UUID slaPolicyId;
    @Column(name = "status_since")
    public Instant statusSince;
    @Column(name = "opened_by")
    public String openedBy;
    @Column(name = "opened_at")
    public Instant openedAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
