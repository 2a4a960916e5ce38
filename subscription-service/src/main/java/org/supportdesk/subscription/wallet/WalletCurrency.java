package org.supportdesk.subscription.wallet;

import org.supportdesk.platform.money.Money;
import org.supportdesk.platform.problem.ProblemException;

/**
 * R-B6: money credited to a wallet (a gift card's, a service card's, a coupon's or a promotion's) is in
 * the wallet's currency, the catalogue's default one (billing keeps wallets in it): cash in another
 * would be credited at face value in it, so it is refused before anything is written.
 */
public final class WalletCurrency {

    private WalletCurrency() {
    }

    public static void require(Money cash, String walletCurrency) {
        if (cash != null && !walletCurrency.equals(cash.currency())) {
            throw ProblemException.unprocessable("currency-not-accepted", "Currency not accepted",
                    "Wallet credits are in " + walletCurrency + "; " + cash.currency() + " would be credited at face value")
                    .with("field", "cash.currency");
        }
    }
}
