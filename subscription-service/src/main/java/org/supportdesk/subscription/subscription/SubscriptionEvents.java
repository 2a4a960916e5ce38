package org.supportdesk.subscription.subscription;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.supportdesk.subscription.plan.PlanTerms;

/** Events of subscriptions on {@code subscription-events}; see docs/events/asyncapi.yaml. */
public final class SubscriptionEvents {

    public static final String CHANGED = "org.supportdesk.subscription.subscription-changed.v1";
    public static final String CHANGE_SCHEDULED = "org.supportdesk.subscription.plan-change-scheduled.v1";
    public static final String CHANGE_POSTPONED = "org.supportdesk.subscription.plan-change-postponed.v1";

    private SubscriptionEvents() {
    }

    /**
     * The account is in a plan from the start of {@code effectiveOn}: joined, or changed. Carries the
     * plan's full terms for the read models of ticket- and billing-service. R-S6: when the change is
     * not an upgrade and {@code previousPlanCommitting}, tickets opened but not started under the
     * previous plan are closed and opened again under the new one.
     */
    public record SubscriptionChanged(UUID accountId, String kind, UUID planId, int planVersion, String planCode,
            String planName, PlanTerms terms, UUID previousPlanId, Integer previousPlanVersion,
            boolean previousPlanCommitting, LocalDate effectiveOn, Instant effectiveAt, String accountStatus,
            UUID partnerId, LocalDate commitmentEndsOn) {
    }

    /** A change was accepted to take effect at the start of {@code effectiveOn} (R-S4). */
    public record PlanChangeScheduled(UUID accountId, UUID changeId, UUID toPlanId, String kind,
            LocalDate effectiveOn) {
    }

    /** R-S5: service received since the request extended the commitment; the change moved. */
    public record PlanChangePostponed(UUID accountId, UUID changeId, UUID toPlanId, LocalDate postponedFrom,
            LocalDate effectiveOn) {
    }
}
