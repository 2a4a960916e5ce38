package org.supportdesk.subscription.freeze;

import java.util.Optional;
import org.supportdesk.subscription.plan.PlanType;

/** R-S7: when a failed payment freezes an account at once. Pure. */
public final class FreezePolicy {

    private FreezePolicy() {
    }

    /**
     * @param planType            the account's plan type (null: no plan)
     * @param warnedAboutCard     the customer was warned about invalid card details before this failure
     * @param earlierDebtUnpaid   an earlier debt is still unpaid
     * @return the freeze reason, or empty when billing warns first
     */
    public static Optional<FreezeReason> onPaymentFailure(PlanType planType, boolean warnedAboutCard,
            boolean earlierDebtUnpaid) {
        if (planType == PlanType.OCCASIONAL) {
            return Optional.of(FreezeReason.OCCASIONAL_PAYMENT_FAILURE); // no warning needed
        }
        if (earlierDebtUnpaid) {
            return Optional.of(FreezeReason.REPEATED_PAYMENT_FAILURE); // no warning needed
        }
        if (warnedAboutCard) {
            return Optional.of(FreezeReason.PAYMENT_FAILURE_AFTER_WARNING);
        }
        return Optional.empty();
    }
}
