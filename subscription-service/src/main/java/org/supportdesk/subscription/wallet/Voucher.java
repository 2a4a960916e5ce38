package org.supportdesk.subscription.wallet;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** R-B6: a code worth minutes or money in a wallet. */
@Entity
public class Voucher {

    public enum Kind {
        /** Bought or given as a gift; single use; its holder may join a PREPAID plan (R-S3). */
        GIFT_CARD,
        /** A prepaid service card; single use; its holder may join a PREPAID plan (R-S3). */
        SERVICE_CARD,
        /** A promotional code: a number of uses, once per account. */
        COUPON;

        public boolean isCard() {
            return this != COUPON;
        }
    }

    @Id
    public String code;
    @Enumerated(EnumType.STRING)
    public Kind kind;
    public Integer minutes;
    public BigDecimal cash;
    public String currency;
    @Column(name = "max_redemptions")
    public int maxRedemptions;
    public int redemptions;
    @Column(name = "expires_on")
    public LocalDate expiresOn;
    @Column(name = "issued_by")
    public String issuedBy;
    @Column(name = "issued_at")
    public Instant issuedAt;
}
