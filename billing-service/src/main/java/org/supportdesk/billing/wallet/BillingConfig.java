package org.supportdesk.billing.wallet;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Billing's own settings. */
@ConfigMapping(prefix = "billing")
public interface BillingConfig {

    /** The currency of every wallet and invoice (ISO 4217); the suite's default is ILS. */
    @WithDefault("ILS")
    String currency();

    /** R-B11: how long after a month ends its invoice run falls due (sessions still closing get in). */
    @WithDefault("1h")
    java.time.Duration invoiceRunDelay();

    /** R-S7: how many times an invoice is charged before billing stops retrying. */
    @WithDefault("3")
    int paymentAttempts();

    /** How long after a failed charge it is tried again. */
    @WithDefault("3d")
    java.time.Duration paymentRetryAfter();

    /** The seller named on invoice documents. */
    @WithDefault("Support Desk")
    String sellerName();
}
