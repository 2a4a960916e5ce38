package org.supportdesk.billing.wallet;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Billing's own settings. */
@ConfigMapping(prefix = "billing")
public interface BillingConfig {

    /** The currency of every wallet and invoice (ISO 4217); the suite's default is ILS. */
    @WithDefault("ILS")
    String currency();
}
