package org.supportdesk.billing.accounts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.UUID;

/** The subscription-service events billing reads, with only the fields it needs. */
public final class SubscriptionEvents {

    public static final String ACCOUNT_REGISTERED = "org.supportdesk.subscription.account-registered.v1";
    public static final String PLAN_PUBLISHED = "org.supportdesk.subscription.plan-published.v1";
    public static final String SUBSCRIPTION_CHANGED = "org.supportdesk.subscription.subscription-changed.v1";
    public static final String PARTNER_REGISTERED = "org.supportdesk.subscription.partner-registered.v1";
    public static final String PARTNER_DISCOUNT_CHANGED = "org.supportdesk.subscription.partner-discount-changed.v1";
    public static final String WALLET_CREDITED = "org.supportdesk.subscription.wallet-credited.v1";
    public static final String ACCOUNT_FROZEN = "org.supportdesk.subscription.account-frozen.v1";
    public static final String ACCOUNT_UNFROZEN = "org.supportdesk.subscription.account-unfrozen.v1";
    public static final String ACCOUNT_CLOSED = "org.supportdesk.subscription.account-closed.v1";

    private SubscriptionEvents() {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AccountRegistered(UUID accountId, UUID partnerId, String status, String displayName) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PlanPublished(UUID planId, String code, Integer version, com.fasterxml.jackson.databind.JsonNode terms,
            java.time.Instant publishedAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Terms(String type) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SubscriptionChanged(UUID accountId, UUID planId, Integer planVersion, Terms terms,
            java.time.LocalDate effectiveOn) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PartnerDiscount(UUID partnerId, java.math.BigDecimal discountPercent) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Money(java.math.BigDecimal amount, String currency) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record WalletCredited(UUID accountId, UUID creditId, String source, String reference, Integer minutes,
            Money cash) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StatusChanged(UUID accountId, String status, java.time.Instant frozenAt, java.time.Instant releasedAt,
            java.time.LocalDate closedOn) {
    }
}
