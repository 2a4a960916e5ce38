package org.supportdesk.billing.wallet;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.supportdesk.billing.accounts.BillingAccount;
import org.supportdesk.platform.problem.ProblemException;
import org.supportdesk.platform.security.Caller;

@ApplicationScoped
public class WalletService {

    private final BillingConfig config;

    WalletService(BillingConfig config) {
        this.config = config;
    }

    /** Opens an empty wallet for a new account, in the caller's transaction; an open wallet stays as it is. */
    public Uni<Void> openFor(UUID accountId, Instant at) {
        return Panache.getSession().chain(session -> session.find(Wallet.class, accountId).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().voidItem();
            }
            Wallet wallet = new Wallet();
            wallet.accountId = accountId;
            wallet.currency = config.currency();
            wallet.minuteCredit = 0;
            wallet.cashCredit = BigDecimal.ZERO;
            wallet.openedAt = at;
            wallet.updatedAt = at;
            return session.persist(wallet);
        }));
    }

    /** The wallet and its ledger, if the caller may see the account; otherwise "not found". */
    @WithSession
    public Uni<WalletView> find(UUID accountId, Caller caller) {
        return Panache.getSession().chain(session -> session.find(BillingAccount.class, accountId)
                .chain(account -> {
                    if (account == null || !caller.maySee(account.accountId, account.partnerId)) {
                        throw ProblemException.notFound("Account", accountId);
                    }
                    return session.find(Wallet.class, accountId);
                })
                .chain(wallet -> {
                    if (wallet == null) {
                        throw ProblemException.notFound("Wallet of account", accountId);
                    }
                    return session.createSelectionQuery("from WalletEntry where accountId = :id order by at, id",
                            WalletEntry.class).setParameter("id", accountId).getResultList()
                            .map(entries -> WalletView.of(wallet, entries));
                }));
    }

}
