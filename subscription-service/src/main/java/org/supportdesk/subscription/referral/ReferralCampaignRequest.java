package org.supportdesk.subscription.referral;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.LocalDate;

/** R-B13: a referral campaign: the percentage of the new account's monthly fee, and when links may be made. */
public record ReferralCampaignRequest(
        @NotBlank @Size(max = 200) String name,
        @NotNull @DecimalMin(value = "0", inclusive = false) @DecimalMax("100") @Digits(integer = 3, fraction = 2) BigDecimal percent,
        @NotNull LocalDate startsOn,
        @NotNull LocalDate endsOn) {

    @AssertTrue(message = "must not end before it starts")
    public boolean isEndsOn() {
        return startsOn == null || endsOn == null || !endsOn.isBefore(startsOn);
    }
}
