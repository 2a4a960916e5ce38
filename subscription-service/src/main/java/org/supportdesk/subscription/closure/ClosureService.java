package org.supportdesk.subscription.closure;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;
import org.supportdesk.platform.PlatformConfig;
import org.supportdesk.platform.outbox.Outbox;
import org.supportdesk.platform.persistence.NativeSelects;
import org.supportdesk.platform.persistence.TimeOrderedIds;
import org.supportdesk.platform.problem.ProblemException;
import org.supportdesk.platform.security.Caller;
import org.supportdesk.platform.timer.DueTimers;
import org.supportdesk.subscription.account.Account;
import org.supportdesk.subscription.account.AccountRepository;
import org.supportdesk.subscription.freeze.FreezeStarts;
import org.supportdesk.subscription.subscription.CommitmentPolicy;
import org.supportdesk.subscription.subscription.SubscriptionService;

/** R-S8: closing accounts, subject to the commitment (R-S5), at the end of a day, after handling ends. */
@ApplicationScoped
public class ClosureService {

    /** The due timer that closes an account at the end of its closure day (subject: the account id). */
    public static final String CLOSURE_TIMER = "closure";

    public record ClosureView(UUID accountId, UUID closureId, LocalDate closesOn, String status,
            LocalDate postponedFrom) {

        static ClosureView of(AccountClosure c) {
            return new ClosureView(c.accountId, c.id, c.closesOn, c.status.name(), c.postponedFrom);
        }
    }

    private final SubscriptionService subscriptions;
    private final Outbox outbox;
    private final AccountRepository accounts;
    private final FreezeStarts freezeStarts;
    private final DueTimers timers;
    private final PlatformConfig config;
    private final Clock clock;

    ClosureService(SubscriptionService subscriptions, AccountRepository accounts, FreezeStarts freezeStarts, Outbox outbox,
            DueTimers timers, PlatformConfig config, Clock clock) {
        this.subscriptions = subscriptions;
        this.accounts = accounts;
        this.freezeStarts = freezeStarts;
        this.outbox = outbox;
        this.timers = timers;
        this.config = config;
        this.clock = clock;
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(config.zone()));
    }

    @WithTransaction
    public Uni<ClosureView> request(UUID accountId, ClosureRequest request, Caller caller) {
        return accounts.locked(accountId).chain(account -> {
            if (account == null || !caller.maySee(account.id, account.partnerId)) {
                throw ProblemException.notFound("Account", accountId);
            }
            if (account.status != Account.Status.ACTIVE) {
                throw ProblemException.conflict("account-not-active", "Account not active",
                        "Account " + accountId + " is " + account.status + " (R-S7, R-S8)");
            }
            LocalDate today = today();
            LocalDate closesOn = request == null || request.date() == null ? today : request.date();
            if (closesOn.isBefore(today)) {
                throw ProblemException.unprocessable("closure-date-past", "Closure date has passed",
                        "An account closes at the end of today (" + today + ") or of a later day");
            }
            CommitmentPolicy.notTooFar(closesOn, today, "closure-date");
            // R-S8: a closure waiting for the account's last session to end is not replaced
            return Panache.getSession().chain(session -> refuseWhileClosing(session, accountId))
                    .chain(() -> scheduled(accountId, closesOn, request, caller));
        });
    }

    /** R-S8, R-S5: the closure scheduled for the end of {@code closesOn}, unless the commitment blocks it. */
    private Uni<ClosureView> scheduled(UUID accountId, LocalDate closesOn, ClosureRequest request, Caller caller) {
        return subscriptions.commitmentEndOf(accountId).chain(end -> {
            Optional<LocalDate> lastCommittedDay = end.map(e -> e.minusDays(1));
            if (lastCommittedDay.isPresent() && closesOn.isBefore(lastCommittedDay.get())) {
                throw ProblemException.conflict("commitment", "The commitment blocks closing",
                        "The account may close at the end of " + lastCommittedDay.get()
                                + ", when the commitment of the plan last served under ends (R-S5)")
                        .with("possibleFrom", lastCommittedDay.get().toString());
            }
            AccountClosure closure = new AccountClosure();
            closure.id = TimeOrderedIds.next();
            closure.accountId = accountId;
            closure.closesOn = closesOn;
            closure.requestedOn = request == null ? null : request.date();
            closure.status = AccountClosure.Status.SCHEDULED;
            closure.requestedBy = caller.name();
            closure.requestedAt = Instant.now(clock);
            return Panache.getSession()
                    .chain(session -> session.createMutationQuery("update AccountClosure set status = :replaced "
                            + "where accountId = :account and status = :scheduled")
                            .setParameter("replaced", AccountClosure.Status.REPLACED)
                            .setParameter("account", accountId)
                            .setParameter("scheduled", AccountClosure.Status.SCHEDULED)
                            .executeUpdate()
                            .chain(() -> session.persist(closure))
                            .chain(session::flush))
                    .chain(() -> schedule(closure))
                    .replaceWith(ClosureView.of(closure));
        });
    }

    private Uni<Void> schedule(AccountClosure closure) {
        // R-S8: effective at the end of the day, that is the start of the next
        return timers.schedule(CLOSURE_TIMER, closure.accountId.toString(),
                CommitmentPolicy.startOf(closure.closesOn.plusDays(1), config.zone()), null)
                .chain(() -> outbox.append(ClosureEvents.SCHEDULED, closure.accountId.toString(),
                        closure.accountId.toString(), new ClosureEvents.ClosureScheduled(closure.accountId, closure.id,
                                closure.closesOn, closure.postponedFrom)))
                .replaceWithVoid();
    }

    /** Fired at the end of the closure day. */
    Uni<Void> due(UUID accountId) {
        return accounts.locked(accountId).chain(account -> pending(accountId, AccountClosure.Status.SCHEDULED)
                .chain(closure -> closure == null ? Uni.createFrom().voidItem() : happen(account, closure, true)));
    }

    /**
     * For what depends on whether the account had closed by the end of {@code day} (R-B13, R-S4): a
     * closure effective by then whose timer has not fired yet (two timer loops fire side by side)
     * happens now, as its timer would make it happen: closed, or waiting for handling; the timer, when it
     * fires, finds it done. One the commitment postpones is left to its timer, due now, which moves it
     * (moving the timer from here would wait for a batch that claimed it and waits for this account).
     * The account is locked only when such a closure exists: most have none (a closure asked for later
     * ends today or after, never by {@code day}), and a month-start batch of referral evaluations then
     * locks no account.
     */
    public Uni<Void> settleBy(UUID accountId, LocalDate day) {
        return Panache.getSession().chain(session -> session.createSelectionQuery("select count(*) from AccountClosure "
                + "where accountId = :account and status = :scheduled and closesOn <= :day", Long.class)
                .setParameter("account", accountId).setParameter("scheduled", AccountClosure.Status.SCHEDULED)
                .setParameter("day", day).getSingleResult())
                .chain(due -> due == 0 ? Uni.createFrom().voidItem() : accounts.locked(accountId)
                        .chain(account -> pending(accountId, AccountClosure.Status.SCHEDULED)
                                .chain(closure -> closure == null || closure.closesOn.isAfter(day)
                                        ? Uni.createFrom().voidItem() : happen(account, closure, false))));
    }

    /**
     * The closure's day has ended; the account (locked) is as it was then: a freeze that started before
     * the day's end is in force even if its timer has not fired yet ({@link FreezeStarts#startedBy}). By
     * its own timer, or not.
     */
    private Uni<Void> happen(Account account, AccountClosure closure, boolean byItsTimer) {
        return freezeStarts.startedBy(account, CommitmentPolicy.startOf(closure.closesOn.plusDays(1), config.zone()))
                .chain(asItWas -> happenTo(asItWas, closure, byItsTimer));
    }

    private Uni<Void> happenTo(Account account, AccountClosure closure, boolean byItsTimer) {
        UUID accountId = account.id;
        if (account.status != Account.Status.ACTIVE) {
            return Uni.createFrom().voidItem(); // R-S7: frozen; it happens the day after the release
        }
        return subscriptions.commitmentEndOf(accountId).chain(end -> {
            if (end.isPresent() && closure.closesOn.isBefore(end.get().minusDays(1))) {
                if (!byItsTimer) {
                    return Uni.createFrom().voidItem(); // postponed: its timer moves it
                }
                // R-S5: service received since the request postpones it again
                if (closure.postponedFrom == null) {
                    closure.postponedFrom = closure.closesOn;
                }
                closure.closesOn = end.get().minusDays(1);
                return schedule(closure);
            }
            return activeSessions(accountId).chain(active -> {
                if (active > 0) {
                    closure.status = AccountClosure.Status.WAITING_FOR_HANDLING;
                    return Uni.createFrom().voidItem();
                }
                return close(account, closure);
            });
        });
    }

    /**
     * R-S8: the last session of an account ended; a closure waiting for it happens now, unless that
     * service committed the account (R-S5: service received before the closure's date, which extends
     * the commitment, postpones it again): then it is scheduled for the commitment's last day, as its
     * timer would have, and the account stays open. The session's service is recorded before this.
     */
    public Uni<Void> handlingEnded(UUID accountId) {
        return accounts.locked(accountId).chain(account -> pending(accountId, AccountClosure.Status.WAITING_FOR_HANDLING)
                .chain(closure -> closure == null ? Uni.createFrom().voidItem()
                        : activeSessions(accountId).chain(active -> active > 0 ? Uni.createFrom().voidItem()
                                : subscriptions.commitmentEndOf(accountId).chain(end -> {
                                    if (end.isPresent() && closure.closesOn.isBefore(end.get().minusDays(1))) {
                                        closure.status = AccountClosure.Status.SCHEDULED;
                                        if (closure.postponedFrom == null) {
                                            closure.postponedFrom = closure.closesOn;
                                        }
                                        closure.closesOn = end.get().minusDays(1);
                                        return schedule(closure);
                                    }
                                    return close(account, closure);
                                }))));
    }

    /**
     * R-S8: whether the account's closure, effective by {@code day}, waits for its last session to end:
     * it closes when that ends, or is postponed if that service committed the account.
     */
    public static Uni<Boolean> awaitsHandlingBy(Mutiny.Session session, UUID accountId, LocalDate day) {
        return session.createSelectionQuery("select count(*) from AccountClosure "
                + "where accountId = :account and status = :waiting and closesOn <= :day", Long.class)
                .setParameter("account", accountId).setParameter("waiting", AccountClosure.Status.WAITING_FOR_HANDLING)
                .setParameter("day", day).getSingleResult().map(waiting -> waiting > 0);
    }

    /**
     * R-S8: whether a closure of one of these accounts waits until its handling ends. The accounts with
     * a pending closure are locked first ({@link AccountRepository#locked}'s rule, in id order): a
     * closure's timer that has just counted a session still running, and is about to wait for it, is
     * waited for, and its decision read afterwards, so the end of that session is not missed.
     */
    public Uni<Boolean> waitingForHandling(java.util.Collection<UUID> accountIds) {
        return accountIds.isEmpty() ? Uni.createFrom().item(false) : Panache.getSession().chain(session -> session
                .createNativeQuery("select a.id from account a where a.id = any(cast(:accounts as uuid[])) and exists "
                        + "(select 1 from account_closure c where c.account_id = a.id "
                        + "and c.status in ('SCHEDULED', 'WAITING_FOR_HANDLING')) order by a.id for no key update", UUID.class)
                .setParameter("accounts", NativeSelects.uncached(accountIds.toArray(UUID[]::new)))
                .getResultList()
                .chain(closing -> closing.isEmpty() ? Uni.createFrom().item(0L) : session.createNativeQuery(
                        "select count(*) from account_closure where account_id = any(cast(:accounts as uuid[])) "
                                + "and status = 'WAITING_FOR_HANDLING'", Long.class)
                        .setParameter("accounts", NativeSelects.uncached(closing.toArray(UUID[]::new)))
                        .getSingleResult()))
                .map(waiting -> waiting > 0);
    }

    /**
     * R-S7: a closure whose day passed during a freeze happens one day after the release: at the end of
     * the release day, when a plan change whose day passed takes effect (the start of the next). One
     * whose day has not passed (the release day or later) keeps it.
     */
    public Uni<Void> afterRelease(UUID accountId, LocalDate releaseDay) {
        return pending(accountId, AccountClosure.Status.SCHEDULED).chain(closure -> {
            if (closure == null || !closure.closesOn.isBefore(releaseDay)) {
                return Uni.createFrom().voidItem();
            }
            closure.closesOn = releaseDay;
            return schedule(closure);
        });
    }

    private Uni<Void> close(Account account, AccountClosure closure) {
        Instant now = Instant.now(clock);
        account.status = Account.Status.CLOSED;
        closure.status = AccountClosure.Status.CLOSED;
        closure.closedAt = now;
        return subscriptions.endForClosure(account.id, closure.closesOn)
                .chain(() -> outbox.append(ClosureEvents.CLOSED, account.id.toString(), account.id.toString(),
                        new ClosureEvents.AccountClosed(account.id, closure.id, closure.closesOn, account.status.name(),
                                now)))
                .replaceWithVoid();
    }

    /**
     * R-S8: refuses (409 {@code closure-in-progress}) while the account's closure day has passed and the
     * closure waits for its last session to end: nothing new is taken for the account meanwhile (another
     * closure, a credit, a plan change). Read under the account's lock, which the closure takes too.
     */
    public static Uni<Void> refuseWhileClosing(Mutiny.Session session, UUID accountId) {
        return session.createSelectionQuery("select count(*) from AccountClosure where accountId = :account "
                + "and status = :waiting", Long.class)
                .setParameter("account", accountId).setParameter("waiting", AccountClosure.Status.WAITING_FOR_HANDLING)
                .getSingleResult().invoke(waiting -> {
                    if (waiting > 0) {
                        throw ProblemException.conflict("closure-in-progress", "Closure in progress",
                                "Account " + accountId + " closes as soon as its last session ends (R-S8)");
                    }
                }).replaceWithVoid();
    }

    /**
     * The account's closure in {@code status}, locked, after the account ({@link AccountRepository#locked}):
     * the timer, the end of the last session, a referral's evaluation and a plan change that settle the
     * same closure take turns, and the one that waited finds it in its new status, not twice closed.
     */
    private Uni<AccountClosure> pending(UUID accountId, AccountClosure.Status status) {
        return Panache.getSession().chain(session -> session
                .createSelectionQuery("from AccountClosure where accountId = :account and status = :status",
                        AccountClosure.class)
                .setParameter("account", accountId).setParameter("status", status)
                .setLockMode(org.hibernate.LockMode.PESSIMISTIC_WRITE).getResultList())
                .map(list -> list.isEmpty() ? null : list.getFirst());
    }

    private Uni<Long> activeSessions(UUID accountId) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("select count(*) from active_session where account_id = :account", Long.class)
                .setParameter("account", NativeSelects.uncached(accountId)).getSingleResult());
    }
}
