package org.supportdesk.platform.money;

import com.fasterxml.jackson.annotation.JsonFormat;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The REST convention for money: an exact decimal amount, written as a string ("12.50", never a
 * float), with its ISO 4217 currency. Amounts carry at most two decimals (agorot, cents).
 */
public record Money(
        @NotNull @DecimalMin("0.00") @Digits(integer = 15, fraction = 2) @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
        @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as ILS") String currency) {

    public static Money of(BigDecimal amount, String currency) {
        return new Money(amount.setScale(2, RoundingMode.HALF_EVEN), currency);
    }

    public static Money zero(String currency) {
        return of(BigDecimal.ZERO, currency);
    }

    /**
     * What a credit (a voucher, a promotion) is worth is valid: minutes or money given, and money given
     * positive (0.00 credits nothing; the wallet's ledger refuses it).
     */
    public static boolean positiveIfGiven(Integer minutes, Money cash) {
        boolean cashGiven = cash != null && cash.amount() != null;
        return (minutes != null || cashGiven) && (!cashGiven || cash.amount().signum() > 0);
    }
}
