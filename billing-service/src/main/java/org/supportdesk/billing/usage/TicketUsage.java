package org.supportdesk.billing.usage;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Map;
import java.util.UUID;
import org.supportdesk.billing.rating.RatingEngine;

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
    /** R-B1: the ticket's handling time so far, to the millisecond. */
    @Column(name = "handled_ms")
    public long handledMillis;
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
    @Column(name = "on_call_ms")
    public long onCallMillis;
    @Column(name = "on_call_hours")
    public int onCallHours;
    /** R-B6 with R-B10, R-B15: what the wallet paid of the ticket's handling, minutes and cash. */
    @Column(name = "wallet_minutes")
    public int walletMinutes;
    @Column(name = "wallet_cash")
    public BigDecimal walletCash = BigDecimal.ZERO;
    /** R-S2: what the ticket's sessions cost so far (their VAT is rounded on it). */
    @Column(name = "payable")
    public BigDecimal payable = BigDecimal.ZERO;
    /** R-B10: the ticket's handling ended unsolved (no fix, no pay), by the last session that said how it ended. */
    @Column(name = "unsolved")
    public boolean unsolved;
    /** R-S9: of those minutes, how many the old MONTHLY plan's minute bank paid (they go back to it). */
    @Column(name = "bank_minutes")
    public int bankMinutes;

    /**
     * What the rating engine needs of a ticket's earlier sessions (none for a ticket not rated yet),
     * with the account's included minutes of the days and months the new session touches.
     */
    public static RatingEngine.Usage usage(TicketUsage ticket, Map<LocalDate, Integer> includedByDay,
            Map<YearMonth, Integer> includedByMonth) {
        return ticket == null ? new RatingEngine.Usage(0, 0, false, BigDecimal.ZERO, includedByDay, includedByMonth)
                : new RatingEngine.Usage(ticket.handledMillis, ticket.included, ticket.feeCharged, ticket.directCharges,
                        includedByDay, includedByMonth, new RatingEngine.TicketTotals(ticket.discountExact,
                                ticket.discountGiven, ticket.onCallMillis, ticket.onCallHours, ticket.walletMinutes,
                                ticket.walletCash, ticket.payable));
    }

    /** Keeps the ticket's running totals after a session was rated (R-B9, R-B15, R-B6). */
    public void keep(RatingEngine.TicketTotals totals) {
        discountExact = totals.discountExact();
        discountGiven = totals.discountGiven();
        onCallMillis = totals.onCallMillis();
        onCallHours = totals.onCallHours();
        walletMinutes = totals.walletMinutes();
        walletCash = totals.walletCash();
        payable = totals.payable();
    }

    /** R-B11, R-B12: when handling ended (null: still handled). */
    @Column(name = "handling_ended_at")
    public Instant handlingEndedAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
