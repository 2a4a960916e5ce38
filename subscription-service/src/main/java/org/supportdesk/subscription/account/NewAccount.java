package org.supportdesk.subscription.account;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.supportdesk.platform.validation.TimeZoneId;

/**
 * A request to register an account (R-P1). Payment means are the payment provider's reference only,
 * never a card number. A referral code says the account joined through a member's link (R-B13).
 */
public record NewAccount(
        @NotBlank @Size(max = 200) String displayName,
        @NotBlank @Size(max = 200) String contactName,
        @NotBlank @Email @Size(max = 320) String email,
        @Size(max = 40) @Pattern(regexp = "\\+?[0-9 ()-]{5,40}", message = "must be a phone number") String phone,
        @TimeZoneId String timeZone,
        @Pattern(regexp = "he|en", message = "must be he or en") String language,
        UUID partnerId,
        @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9_:.-]+", message = "must be the payment provider's reference (letters, digits, _ : . -)")
        @NotCardNumber String paymentMethodRef,
        @Size(max = 16) @Pattern(regexp = "[A-Z0-9]+", message = "must be a referral code (capital letters and digits)") String referralCode) {

    /** Calendars are evaluated in the support center's zone unless the account says otherwise. */
    public static final String DEFAULT_TIME_ZONE = "Asia/Jerusalem";

    String timeZoneOrDefault() {
        return timeZone == null ? DEFAULT_TIME_ZONE : timeZone;
    }

    String languageOrDefault() {
        return language == null ? "he" : language;
    }
}
