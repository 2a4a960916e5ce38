package org.supportdesk.subscription.freeze;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.supportdesk.platform.PlatformConfig;
import org.supportdesk.platform.outbox.Outbox;
import org.supportdesk.platform.persistence.TimeOrderedIds;
import org.supportdesk.platform.problem.ProblemException;
import org.supportdesk.platform.security.Caller;
import org.supportdesk.platform.timer.DueTimers;
import org.supportdesk.subscription.account.Account;
import org.supportdesk.subscription.account.AccountRepository;
import org.supportdesk.subscription.closure.ClosureService;
import org.supportdesk.subscription.subscription.SubscriptionService;

/** R-S7: freezing and releasing accounts. */
@ApplicationScoped
public class FreezeService {

    /** The due timer that starts a freeze given with notice (subject: the freeze id). */
    public static final String FREEZE_START_TIMER = "freeze-start";

    public record FreezeView(UUID accountId, UUID freezeId, String reason, String status, Instant startsAt,
            Instant endsAt) {
    }

    private final SubscriptionService subscriptions;
    private final ClosureService closures;
    private final AccountRepository accounts;
    private final FreezeStarts starts;
    private final Outbox outbox;
    private final DueTimers timers;
    private final PlatformConfig config;
    private final Clock clock;

    FreezeService(SubscriptionService subscriptions, ClosureService closures, AccountRepository accounts,
            FreezeStarts starts, Outbox outbox, DueTimers timers, PlatformConfig config, Clock clock) {
        this.subscriptions = subscriptions;
        this.accounts = accounts;
        this.starts = starts;
        this.closures = closures;
        this.outbox = outbox;
        this.timers = timers;
        this.config = config;
        this.clock = clock;
    }

    @WithTransaction
    public Uni<FreezeView> freeze(UUID accountId, FreezeRequest request, Caller caller) {
        return account(accountId).chain(account -> openFreeze(accountId).chain(open -> {
            if (account.status == Account.Status.CLOSED) {
                throw ProblemException.conflict("account-closed", "Account closed", "Account " + accountId + " is closed");
            }
            Instant now = Instant.now(clock);
            if (open != null && open.startsAt.isAfter(now) && request.reason().noticeDays() == 0) {
                // R-S7: a reason to freeze at once does not wait for a freeze given with notice
                return bringForward(account, open, request.reason(), now).map(ignored -> view(account, open));
            }
            if (open != null) {
                throw ProblemException.conflict("already-frozen", "Already frozen",
                        "Account " + accountId + " has a freeze " + (account.status == Account.Status.FROZEN
                                ? "in force" : "starting at " + open.startsAt));
            }
            AccountFreeze freeze = new AccountFreeze();
            freeze.id = TimeOrderedIds.next();
            freeze.accountId = accountId;
            freeze.reason = request.reason();
            freeze.note = request.note();
            // R-S7: days of notice are calendar days in the center's zone (a change of daylight saving
            // inside them makes one of them 23 or 25 hours), not multiples of 24 hours
            freeze.startsAt = now.atZone(config.zone()).plusDays(request.reason().noticeDays()).toInstant();
            freeze.startsOn = LocalDate.ofInstant(freeze.startsAt, config.zone());
            freeze.requestedBy = caller.name();
            freeze.createdAt = now;
            Uni<Void> effect = request.reason().noticeDays() == 0
                    ? start(account, freeze)
                    : timers.schedule(FREEZE_START_TIMER, freeze.id.toString(), freeze.startsAt, null)
                            .chain(() -> outbox.append(FreezeEvents.SCHEDULED, accountId.toString(), accountId.toString(),
                                    new FreezeEvents.FreezeScheduled(accountId, freeze.id, freeze.reason.name(),
                                            freeze.startsAt, freeze.startsOn)))
                            .replaceWithVoid();
            return Panache.getSession().chain(session -> session.persist(freeze)).chain(() -> effect)
                    .map(ignored -> view(account, freeze));
        }));
    }

    /**
     * R-S7: freezes an active account without an open freeze, in the caller's transaction (billing's
     * payment failures). An account frozen already stays as it is.
     */
    Uni<Void> freezeNow(Account account, FreezeReason reason, String note, String actor, UUID invoiceId) {
        return openFreeze(account.id).chain(open -> {
            Instant now = Instant.now(clock);
            if (open != null && open.startsAt.isAfter(now)) {
                return bringForward(account, open, reason, now); // R-S7: at once, not after the notice
            }
            if (open != null) {
                return Uni.createFrom().voidItem();
            }
            AccountFreeze freeze = new AccountFreeze();
            freeze.id = TimeOrderedIds.next();
            freeze.accountId = account.id;
            freeze.reason = reason;
            freeze.note = note.length() > 500 ? note.substring(0, 500) : note;
            freeze.startsAt = now;
            freeze.startsOn = LocalDate.ofInstant(now, config.zone());
            freeze.requestedBy = actor;
            freeze.createdAt = now;
            freeze.invoiceId = invoiceId;
            return Panache.getSession().chain(session -> session.persist(freeze)).chain(() -> start(account, freeze));
        });
    }

    /** A freeze given with notice starts now, for a reason that freezes at once. */
    private Uni<Void> bringForward(Account account, AccountFreeze freeze, FreezeReason reason, Instant now) {
        String because = "brought forward from a " + freeze.reason + " notice";
        freeze.reason = reason; // the account is frozen for the reason that freezes it now
        freeze.startsAt = now;
        freeze.startsOn = LocalDate.ofInstant(now, config.zone());
        freeze.note = freeze.note == null ? because
                : (freeze.note + "; " + because).substring(0, Math.min(500, freeze.note.length() + 2 + because.length()));
        return timers.cancel(FREEZE_START_TIMER, freeze.id.toString()).chain(() -> start(account, freeze));
    }

    /** Fired when a freeze given with notice starts. */
    Uni<Void> startScheduled(UUID freezeId) {
        return Panache.getSession().chain(session -> session.find(AccountFreeze.class, freezeId).chain(freeze -> freeze == null
                ? Uni.createFrom().voidItem()
                // the account locked first, then the freeze read again: a release or a closure meanwhile is seen
                : account(freeze.accountId).chain(account -> session.refresh(freeze).chain(() -> {
                    if (freeze.endsAt != null) {
                        return Uni.createFrom().voidItem(); // lifted before it started
                    }
                    if (account.status == Account.Status.CLOSED) {
                        // closed during the notice (R-S8): this freeze never starts
                        freeze.endsAt = Instant.now(clock);
                        freeze.endsOn = freeze.startsOn;
                        return Uni.createFrom().voidItem();
                    }
                    return account.status == Account.Status.FROZEN ? Uni.createFrom().voidItem() // in force already
                            : start(account, freeze);
                }))));
    }

    private Uni<Void> start(Account account, AccountFreeze freeze) {
        return starts.start(account, freeze);
    }

    /**
     * Lifts the freeze (or cancels one not started). Scheduled changes whose day passed during the
     * freeze take effect the day after the release (R-S7).
     */
    @WithTransaction
    public Uni<FreezeView> unfreeze(UUID accountId, Caller caller) {
        return account(accountId).chain(account -> openFreeze(accountId).chain(freeze -> {
            if (freeze == null) {
                throw ProblemException.conflict("not-frozen", "Not frozen", "Account " + accountId + " has no freeze");
            }
            if (account.status == Account.Status.CLOSED) {
                // R-S8: closed for good; a freeze given with notice before the closure never starts
                throw ProblemException.conflict("account-closed", "Account closed", "Account " + accountId + " is closed");
            }
            return release(account, freeze, caller.name()).map(ignored -> view(account, freeze));
        }));
    }

    /**
     * R-S7: the invoice whose failed payment froze the account is paid (billing's invoice-paid): the
     * freeze is lifted, as ops would lift it. Any other payment, or a freeze not caused by that one
     * invoice alone, changes nothing.
     */
    Uni<Void> invoicePaid(UUID accountId, UUID invoiceId) {
        return accounts.locked(accountId).chain(account -> account == null || account.status != Account.Status.FROZEN
                ? Uni.createFrom().voidItem()
                : openFreeze(accountId).chain(freeze -> freeze == null || !invoiceId.equals(freeze.invoiceId)
                        ? Uni.createFrom().voidItem()
                        : release(account, freeze, "billing-service: invoice " + invoiceId + " paid")));
    }

    /** Ends the freeze now (lifted, or cancelled before it started), under the account's lock. */
    private Uni<Void> release(Account account, AccountFreeze freeze, String actor) {
        UUID accountId = account.id;
        Instant now = Instant.now(clock);
        LocalDate today = LocalDate.ofInstant(now, config.zone());
        freeze.endsAt = now;
        freeze.releasedBy = actor;
        // started: the account is frozen by it (a start whose time has come but whose timer has not
        // fired yet never froze it)
        boolean started = account.status == Account.Status.FROZEN;
        // the release day is not a frozen day; a freeze that never started froze none
        freeze.endsOn = started ? today : freeze.startsOn;
        Uni<Void> settle = started
                ? subscriptions.afterRelease(accountId, today).chain(() -> closures.afterRelease(accountId, today))
                : timers.cancel(FREEZE_START_TIMER, freeze.id.toString()).replaceWithVoid();
        account.status = Account.Status.ACTIVE;
        return settle.chain(() -> outbox.append(FreezeEvents.UNFROZEN, accountId.toString(), accountId.toString(),
                new FreezeEvents.AccountUnfrozen(accountId, freeze.id, account.status.name(), now, started)))
                .replaceWithVoid();
    }

    /** The account, locked ({@link AccountRepository#locked}): a closure or another freeze meanwhile is waited for. */
    private Uni<Account> account(UUID accountId) {
        return accounts.locked(accountId).map(account -> {
            if (account == null) {
                throw ProblemException.notFound("Account", accountId);
            }
            return account;
        });
    }

    private Uni<AccountFreeze> openFreeze(UUID accountId) {
        return Panache.getSession().chain(session -> session
                .createSelectionQuery("from AccountFreeze where accountId = :account and endsAt is null",
                        AccountFreeze.class)
                .setParameter("account", accountId).getResultList())
                .map(list -> list.isEmpty() ? null : list.getFirst());
    }

    private static FreezeView view(Account account, AccountFreeze freeze) {
        return new FreezeView(account.id, freeze.id, freeze.reason.name(), account.status.name(), freeze.startsAt,
                freeze.endsAt);
    }
}
