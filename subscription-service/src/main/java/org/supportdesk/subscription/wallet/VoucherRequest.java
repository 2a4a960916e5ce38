package org.supportdesk.subscription.wallet;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.time.LocalDate;
import org.supportdesk.platform.money.Money;

/** Issue a voucher; the code is generated when absent. Cards are single use. */
public record VoucherRequest(
        @NotNull Voucher.Kind kind,
        @Pattern(regexp = "[A-Z0-9-]{6,64}", message = "must be 6 to 64 of A-Z, 0-9 and -") String code,
        @Positive Integer minutes,
        @Valid Money cash,
        @Positive @Max(1_000_000) Integer maxRedemptions,
        LocalDate expiresOn) {

    @AssertTrue(message = "a voucher is worth minutes or money, and money given is positive")
    public boolean isWorthSomething() {
        return Money.positiveIfGiven(minutes, cash);
    }

    @AssertTrue(message = "gift and service cards are single use")
    public boolean isMaxRedemptions() {
        return kind == null || kind == Voucher.Kind.COUPON || maxRedemptions == null || maxRedemptions == 1;
    }
}
