package org.supportdesk.ticket.accounts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/** The subscription-service events this service reads, with only the fields it needs. */
public final class SubscriptionEvents {

    public static final String ACCOUNT_REGISTERED = "org.supportdesk.subscription.account-registered.v1";
    public static final String SUBSCRIPTION_CHANGED = "org.supportdesk.subscription.subscription-changed.v1";
    public static final String ACCOUNT_FROZEN = "org.supportdesk.subscription.account-frozen.v1";
    public static final String ACCOUNT_UNFROZEN = "org.supportdesk.subscription.account-unfrozen.v1";
    public static final String ACCOUNT_CLOSED = "org.supportdesk.subscription.account-closed.v1";

    private SubscriptionEvents() {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AccountRegistered(UUID accountId, String displayName, String timeZone, String language,
            UUID partnerId, String status, Instant registeredAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PlanTerms(String type, String tier) {
    }

    /** R-S4, R-S6: the account is in a plan from {@code effectiveAt}; {@code kind} says how it got there. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SubscriptionChanged(UUID accountId, String kind, UUID planId, Integer planVersion, PlanTerms terms,
            UUID previousPlanId, Boolean previousPlanCommitting, Instant effectiveAt) {
    }

    /** account-frozen, account-unfrozen and account-closed: the account's status from then on. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StatusChanged(UUID accountId, String status) {
    }
}
