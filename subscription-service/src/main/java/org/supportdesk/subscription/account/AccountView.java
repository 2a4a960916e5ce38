package org.supportdesk.subscription.account;

import java.time.Instant;
import java.util.UUID;

/** An account as the API shows it. */
public record AccountView(UUID id, String displayName, String contactName, String email, String phone,
        String timeZone, String language, UUID partnerId, boolean hasPaymentMethod, String status,
        Instant registeredAt) {

    public static AccountView of(Account a) {
        return new AccountView(a.id, a.displayName, a.contactName, a.email, a.phone, a.timeZone, a.language,
                a.partnerId, a.paymentMethodRef != null, a.status.name(), a.registeredAt);
    }
}
