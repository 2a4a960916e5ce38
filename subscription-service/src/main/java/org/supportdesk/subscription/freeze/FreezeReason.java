package org.supportdesk.subscription.freeze;

/** R-S7: why the company freezes an account, and how much notice it gives. */
public enum FreezeReason {
    /** A payment failed after a warning about invalid card details: at once. */
    PAYMENT_FAILURE_AFTER_WARNING(0),
    /** Money matters left unsettled after a warning: at once. */
    UNSETTLED_AFTER_WARNING(0),
    /** Another payment failed while an earlier debt is unpaid: at once, no warning needed. */
    REPEATED_PAYMENT_FAILURE(0),
    /** Any payment failure of an OCCASIONAL customer: at once, no warning needed. */
    OCCASIONAL_PAYMENT_FAILURE(0),
    /** Bankruptcy or receivership: with 7 days' notice. */
    INSOLVENCY(7);

    private final int noticeDays;

    FreezeReason(int noticeDays) {
        this.noticeDays = noticeDays;
    }

    public int noticeDays() {
        return noticeDays;
    }
}
