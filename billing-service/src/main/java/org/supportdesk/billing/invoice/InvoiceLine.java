package org.supportdesk.billing.invoice;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.util.UUID;

/** One line of an invoice: a monthly fee, a ticket's rated handling, a discount, or a correction. */
@Entity
@Table(name = "invoice_line")
public class InvoiceLine {
    @Id
    public UUID id;
    @Column(name = "invoice_id")
    public UUID invoiceId;
    public int position;
    public String kind;
    public String description;
    public Integer quantity;
    public BigDecimal amount;
    /** The VAT inside the amount (prices include VAT, R-S2). */
    public BigDecimal vat;
    @Column(name = "ticket_id")
    public UUID ticketId;
}
