package org.supportdesk.subscription.closure;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** R-S8: a closure, effective at the end of {@code closesOn}. */
@Entity
@Table(name = "account_closure")
public class AccountClosure {

    public enum Status { SCHEDULED, WAITING_FOR_HANDLING, CLOSED, REPLACED }

    @Id
    public UUID id;
    @Column(name = "account_id")
    public UUID accountId;
    @Column(name = "closes_on")
    public LocalDate closesOn;
    @Column(name = "requested_on")
    public LocalDate requestedOn;
    @Enumerated(EnumType.STRING)
    public Status status;
    @Column(name = "postponed_from")
    public LocalDate postponedFrom;
    @Column(name = "requested_by")
    public String requestedBy;
    @Column(name = "requested_at")
    public Instant requestedAt;
    @Column(name = "closed_at")
    public Instant closedAt;
}
