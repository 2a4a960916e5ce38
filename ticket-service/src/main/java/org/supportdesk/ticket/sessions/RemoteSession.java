package org.supportdesk.ticket.sessions;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** R-T7: one remote-support session of an agent on a ticket, with the customer's consent. */
@Entity
@Table(name = "remote_session")
public class RemoteSession {

    /**
     * How the session left the problem: still being worked, solved, (R-B10) not solved after the
     * process was exhausted and not because the customer stopped it (no fix, no pay), or (R-B15) no
     * fault at all, a user error (the investigation is billed).
     */
    public enum Outcome { CONTINUING, SOLVED, UNSOLVED, NO_FAULT }

    @Id
    public UUID id;
    @Column(name = "ticket_id")
    public UUID ticketId;
    @Column(name = "account_id")
    public UUID accountId;
    public String agent;
    public boolean consent;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "ended_at")
    public Instant endedAt;
    public Long seconds;
    @Column(name = "outside_business_hours")
    public boolean outsideBusinessHours;
    public boolean critical;
    @Enumerated(EnumType.STRING)
    public Outcome outcome;
    @Column(name = "fixed_price_action")
    public String fixedPriceAction;
    /** Set when an agent recorded a past session by hand (a correction, audited). */
    @Column(name = "recorded_by")
    public String recordedBy;
    @Column(name = "recorded_reason")
    public String recordedReason;
    /** Who or what ended the session when not its agent (R-B7: the wallet ran out). */
    @Column(name = "stopped_by")
    public String stoppedBy;
    @Column(name = "created_at")
    public Instant createdAt;
}
