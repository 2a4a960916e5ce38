package org.supportdesk.billing.bank;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** R-S9: the old MONTHLY plan's minute bank of the month an account moved to PREPAID. */
@Entity
@Table(name = "minute_bank")
@IdClass(MinuteBank.Key.class)
public class MinuteBank {
    @Id
    @Column(name = "account_id")
    public UUID accountId;
    @Id
    @Column(name = "period_start")
    public LocalDate periodStart;
    public int minutes;
    @Column(name = "minute_rate")
    public BigDecimal minuteRate;
    @Column(name = "used_by_prepaid")
    public int usedByPrepaid;
    @Column(name = "apply_to_debt")
    public boolean applyToDebt;
    @Column(name = "settled_at")
    public Instant settledAt;

    public record Key(UUID accountId, LocalDate periodStart) implements Serializable {
        public Key() {
            this(null, null);
        }
    }

    /** Minutes the new PREPAID tickets may still use. */
    public int left() {
        return Math.max(0, minutes - usedByPrepaid);
    }
}
