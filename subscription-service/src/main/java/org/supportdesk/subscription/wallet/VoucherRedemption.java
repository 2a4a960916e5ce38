package org.supportdesk.subscription.wallet;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One use of a voucher by an account. */
@Entity
@Table(name = "voucher_redemption")
public class VoucherRedemption {
    @Id
    public UUID id;
    public String code;
    @Column(name = "account_id")
    public UUID accountId;
    @Column(name = "redeemed_by")
    public String redeemedBy;
    @Column(name = "redeemed_at")
    public Instant redeemedAt;
}
