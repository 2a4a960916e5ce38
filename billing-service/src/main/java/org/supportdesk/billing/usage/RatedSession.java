package org.supportdesk.billing.usage;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A rated session: rated once (its id is the session's), its totals, and the invoice that bills it. */
@Entity
@Table(name = "rated_session")
public class RatedSession {
    @Id
    @Column(name = "session_id")
    public UUID sessionId;
    @Column(name = "account_id")
    public UUID accountId;
    @Column(name = "ticket_id")
    public UUID ticketId;
    @Column(name = "bill_to_partner")
    public UUID billToPartner;
    @Column(name = "plan_id")
    public UUID planId;
    @Column(name = "plan_version")
    public int planVersion;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "ended_at")
    public Instant endedAt;
    /** R-B1: the time that counts toward the ticket's minutes, to the millisecond (0 for an action or on-call work). */
    @Column(name = "duration_ms")
    public long durationMillis;
    public int minutes;
    public int included;
    @Column(name = "minute_credit_used")
    public int minuteCreditUsed;
    @Column(name = "cash_credit_used")
    public BigDecimal cashCreditUsed;
    public BigDecimal discount;
    public BigDecimal payable;
    public BigDecimal vat;
    public String currency;
    @Column(name = "rated_at")
    public Instant ratedAt;
    @Column(name = "invoice_id")
    public UUID invoiceId;
}
