package org.supportdesk.subscription.plan;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/** R-S2: the VAT schedule a plan gets when its request names none. */
@ConfigMapping(prefix = "subscription.vat")
public interface VatConfig {

    /** {@code <effective-from>=<rate>} pairs; Israel: 17% from 2015-10-01, 18% from 2025-01-01. */
    @WithDefault("2015-10-01=0.17,2025-01-01=0.18")
    List<String> rates();

    /** The currency of plans that name none. */
    @WithDefault("ILS")
    String defaultCurrency();
}
