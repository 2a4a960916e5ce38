package org.supportdesk.billing.accounts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.UUID;

/** The subscription-service events billing reads, with only the fields it needs. */
public final class SubscriptionEvents {

    public static final String ACCOUNT_REGISTERED = "org.supportdesk.subscription.account-registered.v1";

    private SubscriptionEvents() {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AccountRegistered(UUID accountId, UUID partnerId, String status) {
    }
}
