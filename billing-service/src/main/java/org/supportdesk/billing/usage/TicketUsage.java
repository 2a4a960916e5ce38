package org.supportdesk.billing.usage;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** R-B1, R-B4, R-B10: what one ticket used so far, under the plan it was opened under (R-S6). */
@Entity
@Table(name = "ticket_usage")
public class TicketUsage {
    @Id
    @Column(name = "ticket_id")
    public UUID ticketId;
    @Column(name = "account_id")
    public UUID accountId;
    @Column(name = "ticket_number")
    public long ticketNumber;
    @Column(name = "opened_at")
    public Instant openedAt;
    @Column(name = "plan_id")
    public UUID planId;
    @Column(name = "plan_version")
    public int planVersion;
    @Column(name = "bill_to_partner")
    public UUID billToPartner;
    public long seconds;
    public int included;
    @Column(name = "fee_charged")
    public boolean feeCharged;
    @Column(name = "direct_charges")
    public BigDecimal directCharges;
    /** R-B9: the ticket's exact discount so far, and the cents given, so splitting never changes it. */
    @Column(name = "discount_exact")
    public BigDecimal discountExact = BigDecimal.ZERO;
    @Column(name = "discount_given")
    public BigDecimal discountGiven = BigDecimal.ZERO;
    /** R-B15: on-call work so far, and the hours charged for it. */
    @Column(name = "on_call_seconds")
    public long onCallSeconds;
    @Column(name = "on_call_hours")
    public int onCallHours;

    /** What the rating engine needs of this ticket's earlier sessions. */
    public org.supportdesk.billing.rating.RatingEngine.TicketTotals totals() {
        return new org.supportdesk.billing.rating.RatingEngine.TicketTotals(discountExact, discountGiven, onCallSeconds,
                onCallHours);
    }

    /** R-B11, R-B12: when handling ended (null: still handled). */
    @Column(name = "handling_ended_at")
    public Instant handlingEndedAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
