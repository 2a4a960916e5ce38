package org.supportdesk.subscription.referral;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** An account that joined through a member's link, until the member is credited or the credit is lost (R-B13). */
@Entity
@Table(name = "referral")
public class Referral {

    public enum Status { PENDING, CREDITED, LOST }

    @Id
    @Column(name = "referred_account_id")
    public UUID referredAccountId;
    @Column(name = "member_account_id")
    public UUID memberAccountId;
    @Column(name = "campaign_id")
    public UUID campaignId;
    public String code;
    @Column(name = "joined_on")
    public LocalDate joinedOn;
    /** The first day of the next month to look at for a paid monthly fee. */
    @Column(name = "next_month")
    public LocalDate nextMonth;
    @Enumerated(EnumType.STRING)
    public Status status;
    public BigDecimal credit;
    public String currency;
    @Column(name = "credited_month")
    public LocalDate creditedMonth;
    @Column(name = "settled_at")
    public Instant settledAt;
}
