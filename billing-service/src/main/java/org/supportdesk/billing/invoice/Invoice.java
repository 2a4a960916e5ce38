package org.supportdesk.billing.invoice;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** An invoice (or credit note): draft → issued → paid / void; an issued one is never edited. */
@Entity
@Table(name = "invoice")
public class Invoice {

    public enum Status { DRAFT, ISSUED, PAID, VOID }

    @Id
    public UUID id;
    public String series;
    public Long number;
    /** MONTHLY (R-B11), TICKET (R-B12) or CREDIT_NOTE. */
    public String kind;
    @Column(name = "account_id")
    public UUID accountId;
    /** R-P2: set (instead of the account) on a partner's invoice for its customers' tickets it opened. */
    @Column(name = "partner_id")
    public UUID partnerId;
    @Column(name = "period_start")
    public LocalDate periodStart;
    @Column(name = "period_end")
    public LocalDate periodEnd;
    @Column(name = "ticket_id")
    public UUID ticketId;
    public UUID corrects;
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public Status status;
    public String currency;
    public BigDecimal total;
    public BigDecimal vat;
    /** Paid back to the payer's payment method: what this credit (a credit note, a negative total) returned. */
    public BigDecimal refunded = BigDecimal.ZERO;
    @Column(name = "refund_attempts")
    public int refundAttempts;
    @Column(name = "payment_attempts")
    public int paymentAttempts;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "issued_at")
    public Instant issuedAt;
    @Column(name = "paid_at")
    public Instant paidAt;
    @Column(name = "voided_at")
    public Instant voidedAt;

    /** Who pays it, or is paid back: its account, else its partner (R-P2). */
    public UUID payer() {
        return accountId != null ? accountId : partnerId;
    }

    /** The column that names {@link #payer}. */
    public String payerColumn() {
        return accountId != null ? "account_id" : "partner_id";
    }
}
