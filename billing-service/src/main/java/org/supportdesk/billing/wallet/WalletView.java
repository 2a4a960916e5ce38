package org.supportdesk.billing.wallet;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.supportdesk.platform.money.Money;

/** A wallet as the API shows it: balances and the ledger, newest last. */
public record WalletView(UUID accountId, int minuteCredit, Money cashCredit, List<Entry> entries) {

    public record Entry(UUID id, int minutes, Money cash, String source, String reason, UUID ticketId, Instant at) {
    }

    static WalletView of(Wallet wallet, List<WalletEntry> entries) {
        return new WalletView(wallet.accountId, wallet.minuteCredit, Money.of(wallet.cashCredit, wallet.currency),
                entries.stream().map(e -> new Entry(e.id, e.minutes, Money.of(e.cash, wallet.currency), e.source,
                        e.reason, e.ticketId, e.at)).toList());
    }
}
