package org.supportdesk.billing.wallet;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.supportdesk.platform.money.Money;

/**
 * A wallet as the API shows it: balances, the newest {@link #RECENT} entries of its ledger (newest last)
 * and how many it has in all; the whole ledger page by page at {@code /wallet/ledger}.
 */
public record WalletView(UUID accountId, int minuteCredit, Money cashCredit, List<Entry> entries, long entryCount) {

    static final int RECENT = 20;

    public record Entry(UUID id, int minutes, Money cash, String source, String reason, UUID ticketId, Instant at) {
    }

    static WalletView of(Wallet wallet, List<WalletEntry> entries, long entryCount) {
        return new WalletView(wallet.accountId, wallet.minuteCredit, Money.of(wallet.cashCredit, wallet.currency),
                entries.stream().map(e -> entry(e, wallet)).toList(), entryCount);
    }

    static Entry entry(WalletEntry e, Wallet wallet) {
        return new Entry(e.id, e.minutes, Money.of(e.cash, wallet.currency), e.source, e.reason, e.ticketId, e.at);
    }
}
