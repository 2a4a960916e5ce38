package org.supportdesk.billing.invoice;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** R-B11: an invoice run an admin requested for a month (the scheduler runs each month by itself). */
@Entity
@Table(name = "invoice_run")
public class InvoiceRun {
    @Id
    public UUID id;
    @Column(name = "period_start")
    public LocalDate periodStart;
    public int accounts;
    @Column(name = "requested_by")
    public String requestedBy;
    @Column(name = "requested_at")
    public Instant requestedAt;
}
