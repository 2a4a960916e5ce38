package org.supportdesk.subscription.wallet;

import java.util.UUID;
import org.supportdesk.platform.money.Money;

/** Credits subscription-service grants; billing-service applies them to the wallet (R-B6). */
public final class WalletEvents {

    public static final String CREDITED = "org.supportdesk.subscription.wallet-credited.v1";

    private WalletEvents() {
    }

    /**
     * Minutes and/or money credited to an account's wallet from a source (gift card, service card,
     * coupon, promotion, referral); {@code reference} names it. Credit is spent on service only.
     */
    public record WalletCredited(UUID accountId, UUID creditId, String source, String reference, Integer minutes,
            Money cash) {
    }
}
