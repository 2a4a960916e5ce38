package org.supportdesk.billing.wallet;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** R-B6: an account's minute credit and cash credit. */
@Entity
public class Wallet {
    @Id
    @Column(name = "account_id")
    public UUID accountId;
    public String currency;
    @Column(name = "minute_credit")
    public int minuteCredit;
    @Column(name = "cash_credit")
    public BigDecimal cashCredit;
    @Column(name = "opened_at")
    public Instant openedAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
