package org.supportdesk.ticket.accounts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/** The subscription-service events this service reads, with only the fields it needs. */
public final class SubscriptionEvents {

    public static final String ACCOUNT_REGISTERED = "org.supportdesk.subscription.account-registered.v1";

    private SubscriptionEvents() {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AccountRegistered(UUID accountId, String displayName, String timeZone, String language,
            UUID partnerId, String status, Instant registeredAt) {
    }
}
