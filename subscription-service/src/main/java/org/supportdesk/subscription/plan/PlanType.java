package org.supportdesk.subscription.plan;

/** R-S1: how an account pays. */
public enum PlanType {
    /** Card credit only; service only within the wallet (R-B7). */
    PREPAID,
    /** Pay as you go: an invoice per ticket (R-B12). */
    OCCASIONAL,
    /** A monthly summary invoice; may carry a commitment (R-S5). */
    MONTHLY
}
