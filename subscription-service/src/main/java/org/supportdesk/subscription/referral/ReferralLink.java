package org.supportdesk.subscription.referral;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A member's link (its code) in one campaign; new accounts register with the code. */
@Entity
@Table(name = "referral_link")
public class ReferralLink {
    @Id
    public String code;
    @Column(name = "campaign_id")
    public UUID campaignId;
    @Column(name = "member_account_id")
    public UUID memberAccountId;
    @Column(name = "created_at")
    public Instant createdAt;
}
