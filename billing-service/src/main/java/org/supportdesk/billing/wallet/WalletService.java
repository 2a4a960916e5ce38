package org.supportdesk.billing.wallet;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.supportdesk.billing.accounts.BillingAccount;
import org.supportdesk.billing.plans.PlanTermsReader;
import org.supportdesk.billing.plans.PlanVersionRow;
import org.supportdesk.billing.rating.RatingEngine;
import org.supportdesk.platform.outbox.Outbox;
import org.supportdesk.platform.persistence.TimeOrderedIds;
import org.supportdesk.platform.problem.ProblemException;
import org.supportdesk.platform.rest.Page;
import org.supportdesk.platform.security.Caller;

@ApplicationScoped
public class WalletService {

    /** R-B7: how long a PREPAID account's sessions may run; ticket-service stops them there. */
    public static final String PREPAID_BALANCE_CHANGED = "org.supportdesk.billing.prepaid-balance-changed.v1";

    public record PrepaidBalanceChanged(UUID accountId, long availableSeconds, Instant asOf) {
    }

    private final BillingConfig config;
    private final Outbox outbox;
    private final ObjectMapper json;
    private final Clock clock;

    WalletService(BillingConfig config, Outbox outbox, ObjectMapper json, Clock clock) {
        this.config = config;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
    }

    /** R-B6: credit minutes and/or money into the wallet, with its ledger entry, in the caller's transaction. */
    public Uni<Void> credit(UUID accountId, int minutes, BigDecimal cash, String source, String reason, UUID eventId) {
        return change(accountId, minutes, cash, source, reason, null, eventId);
    }

    /** Debit what a rated session took from the wallet (never below zero), with its ledger entry. */
    public Uni<Void> debit(UUID accountId, int minutes, BigDecimal cash, UUID ticketId, String reason, UUID eventId) {
        if (minutes == 0 && cash.signum() == 0) {
            return Uni.createFrom().voidItem();
        }
        return change(accountId, -minutes, cash.negate(), "RATING", reason, ticketId, eventId);
    }

    /** The wallet, locked for the caller's transaction. */
    public Uni<Wallet> locked(UUID accountId) {
        return Panache.getSession().chain(s -> s.find(Wallet.class, accountId, org.hibernate.LockMode.PESSIMISTIC_WRITE));
    }

    private Uni<Void> change(UUID accountId, int minutes, BigDecimal cash, String source, String reason, UUID ticketId,
            UUID eventId) {
        Instant now = Instant.now(clock);
        return locked(accountId).chain(wallet -> {
            WalletEntry entry = take(wallet, accountId, minutes, cash, source, reason, ticketId, eventId, now);
            return Panache.getSession().chain(s -> s.persist(entry)).chain(() -> balanceChanged(accountId, now));
        });
    }

    /**
     * Changes a locked wallet (never below zero) and returns its ledger entry, to be persisted by the
     * caller: the one change a credit, a debit and a batch of rated sessions all make.
     */
    public static WalletEntry take(Wallet wallet, UUID accountId, int minutes, BigDecimal cash, String source, String reason,
            UUID ticketId, UUID eventId, Instant now) {
        if (wallet == null) {
            throw new IllegalStateException("account " + accountId + " has no wallet");
        }
        wallet.minuteCredit += minutes;
        wallet.cashCredit = wallet.cashCredit.add(cash);
        if (wallet.minuteCredit < 0 || wallet.cashCredit.signum() < 0) {
            throw new IllegalStateException("wallet of " + accountId + " would go below zero");
        }
        wallet.updatedAt = now;
        WalletEntry entry = new WalletEntry();
        entry.id = TimeOrderedIds.next();
        entry.accountId = accountId;
        entry.minutes = minutes;
        entry.cash = cash;
        entry.source = source;
        entry.reason = reason.length() > 500 ? reason.substring(0, 500) : reason;
        entry.ticketId = ticketId;
        entry.eventId = eventId;
        entry.at = now;
        return entry;
    }

    /**
     * R-B7: tells ticket-service how long a PREPAID account's wallet pays for (minute credit plus cash
     * at the plan's minute rate), whenever the wallet or the plan changes. Other accounts: nothing.
     */
    public Uni<Void> balanceChanged(UUID accountId, Instant at) {
        return balanceChanged(accountId, at, () -> org.supportdesk.billing.bank.MinuteBanks.open(accountId));
    }

    /** The same, with the account's open minute bank as the caller knows it. */
    public Uni<Void> balanceChanged(UUID accountId, Instant at,
            java.util.function.Supplier<Uni<org.supportdesk.billing.bank.MinuteBank>> openBank) {
        return Panache.getSession().chain(s -> s.find(BillingAccount.class, accountId).chain(account -> {
            if (account == null || !"PREPAID".equals(account.planType) || account.planId == null) {
                return Uni.createFrom().voidItem();
            }
            return s.find(PlanVersionRow.class, new PlanVersionRow.Key(account.planId, account.planVersion))
                    .chain(plan -> s.find(Wallet.class, accountId).chain(wallet -> {
                        if (plan == null || wallet == null) {
                            return Uni.createFrom().voidItem();
                        }
                        BigDecimal rate = PlanTermsReader.read(json, plan.terms, at.atZone(clock.getZone()).toLocalDate())
                                .minuteRate();
                        return openBank.get().chain(bank -> {
                        // R-S9: the monthly minute bank counts too, before the wallet
                        long seconds = RatingEngine.prepaidSeconds(new RatingEngine.Wallet(
                                wallet.minuteCredit + (bank == null ? 0 : bank.left()), wallet.cashCredit), rate);
                        return outbox.append(PREPAID_BALANCE_CHANGED, accountId.toString(), accountId.toString(),
                                new PrepaidBalanceChanged(accountId, seconds, Instant.now(clock))).replaceWithVoid();
                        });
                    }));
        }));
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

    /** The wallet with its newest entries, if the caller may see the account; otherwise "not found". */
    @WithSession
    public Uni<WalletView> find(UUID accountId, Caller caller) {
        return visibleWallet(accountId, caller).chain(wallet -> Panache.getSession().chain(session -> session
                .createSelectionQuery("from WalletEntry where accountId = :id order by at desc, id desc", WalletEntry.class)
                .setParameter("id", accountId).setMaxResults(WalletView.RECENT).getResultList()
                .chain(newest -> entryCount(session, accountId).map(count -> WalletView.of(wallet,
                        newest.reversed(), count)))));
    }

    /** R-B6: a page of the append-only ledger, oldest first, with how many entries it has in all. */
    @WithSession
    public Uni<Page<WalletView.Entry>> ledger(UUID accountId, int page, int size, Caller caller) {
        return visibleWallet(accountId, caller).chain(wallet -> Panache.getSession().chain(session -> session
                .createSelectionQuery("from WalletEntry where accountId = :id order by at, id", WalletEntry.class)
                .setParameter("id", accountId).setFirstResult(page * size).setMaxResults(size).getResultList()
                .chain(entries -> entryCount(session, accountId).map(count -> new Page<>(
                        entries.stream().map(e -> WalletView.entry(e, wallet)).toList(), page, size, count)))));
    }

    private static Uni<Long> entryCount(org.hibernate.reactive.mutiny.Mutiny.Session session, UUID accountId) {
        return session.createSelectionQuery("select count(*) from WalletEntry where accountId = :id", Long.class)
                .setParameter("id", accountId).getSingleResult();
    }

    private Uni<Wallet> visibleWallet(UUID accountId, Caller caller) {
        return Panache.getSession().chain(session -> session.find(BillingAccount.class, accountId)
                .chain(account -> {
                    if (account == null || !caller.maySee(account.accountId, account.partnerId)) {
                        throw ProblemException.notFound("Account", accountId);
                    }
                    return session.find(Wallet.class, accountId);
                })
                .map(wallet -> {
                    if (wallet == null) {
                        throw ProblemException.notFound("Wallet of account", accountId);
                    }
                    return wallet;
                }));
    }

}
