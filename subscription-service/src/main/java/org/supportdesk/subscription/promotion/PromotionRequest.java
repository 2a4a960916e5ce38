package org.supportdesk.subscription.promotion;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;
import org.supportdesk.platform.money.Money;

/** R-B14: a campaign: joining dates, its plans, and the credit it gives. */
public record PromotionRequest(
        @NotBlank @Size(max = 200) String name,
        @NotNull LocalDate startsOn,
        @NotNull LocalDate endsOn,
        @NotEmpty @Size(max = 50) Set<@NotNull UUID> planIds,
        @Positive Integer minutes,
        @Valid Money cash) {

    @AssertTrue(message = "a promotion credits minutes or money, and money given is positive")
    public boolean isCredit() {
        return Money.positiveIfGiven(minutes, cash);
    }

    @AssertTrue(message = "must not end before it starts")
    public boolean isEndsOn() {
        return startsOn == null || endsOn == null || !endsOn.isBefore(startsOn);
    }
}
