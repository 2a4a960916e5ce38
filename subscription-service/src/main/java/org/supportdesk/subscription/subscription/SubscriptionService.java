package org.supportdesk.subscription.subscription;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;
import org.supportdesk.platform.PlatformConfig;
import org.supportdesk.platform.outbox.Outbox;
import org.supportdesk.platform.persistence.TimeOrderedIds;
import org.supportdesk.platform.problem.ProblemException;
import org.supportdesk.platform.security.Caller;
import org.supportdesk.platform.timer.DueTimers;
import org.supportdesk.subscription.account.Account;
import org.supportdesk.subscription.account.AccountRepository;
import org.supportdesk.subscription.closure.ClosureService;
import org.supportdesk.subscription.freeze.AccountFreeze;
import org.supportdesk.subscription.freeze.FreezeStarts;
import org.supportdesk.subscription.plan.PlanService;
import org.supportdesk.subscription.plan.PlanType;
import org.supportdesk.subscription.plan.PlanView;
import org.supportdesk.subscription.plan.Tier;
import org.supportdesk.subscription.promotion.PromotionService;
import org.supportdesk.subscription.wallet.VoucherService;
import org.supportdesk.subscription.subscription.CommitmentPolicy.ChangeKind;
import org.supportdesk.subscription.subscription.CommitmentPolicy.Decision;
import org.supportdesk.subscription.subscription.SubscriptionViews.ChangeResult;
import org.supportdesk.subscription.subscription.SubscriptionViews.ChangeView;
import org.supportdesk.subscription.subscription.SubscriptionViews.PeriodView;

/** Joining plans and changing them (R-S3, R-S4, R-S5, R-S6). */
@ApplicationScoped
public class SubscriptionService {

    /** The due timer that applies an account's scheduled plan change (subject: the account id). */
    public static final String PLAN_CHANGE_TIMER = "plan-change";

    private final PlanService plans;
    private final VoucherService vouchers;
    private final PromotionService promotions;
    private final AccountRepository accounts;
    private final FreezeStarts freezeStarts;
    private final Outbox outbox;
    private final DueTimers timers;
    private final PlatformConfig config;
    private final Clock clock;

    SubscriptionService(PlanService plans, VoucherService vouchers, PromotionService promotions,
            AccountRepository accounts, FreezeStarts freezeStarts, Outbox outbox, DueTimers timers, PlatformConfig config,
            Clock clock) {
        this.plans = plans;
        this.accounts = accounts;
        this.freezeStarts = freezeStarts;
        this.vouchers = vouchers;
        this.promotions = promotions;
        this.outbox = outbox;
        this.timers = timers;
        this.config = config;
        this.clock = clock;
    }

    /** Today, as a service day in the support center's zone (R-S4). */
    LocalDate today() {
        return LocalDate.now(clock.withZone(config.zone()));
    }

    @WithTransaction
    public Uni<ChangeResult> request(UUID accountId, ChangeRequest request, Caller caller) {
        // the account locked: a closure or a freeze meanwhile is waited for
        return accounts.locked(accountId).map(account -> visible(account, accountId, caller)).chain(account -> {
            if (account.status != Account.Status.ACTIVE) {
                throw ProblemException.conflict("account-not-active", "Account not active",
                        "Account " + accountId + " is " + account.status + "; its plan cannot change now (R-S7, R-S8)");
            }
            return Panache.getSession().chain(session -> ClosureService.refuseWhileClosing(session, accountId))
                    .chain(() -> plans.find(request.planId(), null)
                            .onFailure(ProblemException.class).transform(e -> ProblemException.unprocessable("unknown-plan",
                                    "Unknown plan", "Plan " + request.planId() + " does not exist")))
                    .chain(plan -> periods(accountId).chain(periods -> freezes(accountId).chain(freezes -> {
                        Optional<SubscriptionPeriod> current = periods.stream().filter(p -> p.endsOn == null).findFirst();
                        return current.isEmpty()
                                ? join(account, plan, request, caller)
                                : change(account, current.get(), periods, freezes, plan, request, caller);
                    })));
        });
    }

    /** A first plan: effective at once. R-S3: only holders of a gift or service card may join PREPAID. */
    private Uni<ChangeResult> join(Account account, PlanView plan, ChangeRequest request, Caller caller) {
        return prepaidCard(account, plan, request, caller).chain(() -> startPeriod(account, plan));
    }

    /**
     * R-S3: a PREPAID plan is only for holders of a gift or service card, whether joined or changed to;
     * the card is redeemed into the wallet in the same transaction as the request.
     */
    private Uni<Void> prepaidCard(Account account, PlanView plan, ChangeRequest request, Caller caller) {
        if (plan.terms().type() != PlanType.PREPAID) {
            return Uni.createFrom().voidItem();
        }
        if (request.cardCode() == null || request.cardCode().isBlank()) {
            throw ProblemException.unprocessable("prepaid-needs-card", "A card is needed",
                    "Only holders of a gift or service card may join a PREPAID plan (R-S3): give its cardCode");
        }
        return vouchers.redeemFor(account.id, request.cardCode().strip(), caller, true).replaceWithVoid();
    }

    private Uni<ChangeResult> startPeriod(Account account, PlanView plan) {
        LocalDate today = today();
        SubscriptionPeriod period = newPeriod(account.id, plan, today);
        return Panache.getSession().chain(session -> session.persist(period))
                .chain(() -> promotions.enrol(account.id, plan.id(), today))
                .chain(() -> publishChanged(account.id, "JOINED", plan, null, today))
                .replaceWith(new ChangeResult(account.id, null, "JOINED", plan.id(), plan.version(), today, "APPLIED"));
    }

    private Uni<ChangeResult> change(Account account, SubscriptionPeriod current, List<SubscriptionPeriod> periods,
            List<AccountFreeze> freezes, PlanView plan, ChangeRequest request, Caller caller) {
        if (current.planId.equals(plan.id())) {
            throw ProblemException.conflict("already-on-plan", "Already on this plan",
                    "Account " + account.id + " is on plan " + plan.code() + " already");
        }
        LocalDate today = today();
        if (request.effectiveDate() != null && !request.effectiveDate().isAfter(today)) {
            throw ProblemException.unprocessable("effective-date-not-future", "Effective date must be a later day",
                    "A plan change takes effect at the start of a later day (R-S4); today is " + today);
        }
        CommitmentPolicy.notTooFar(request.effectiveDate(), today, "effective-date");
        Decision decision = CommitmentPolicy.decide(current.asPolicyPeriod().plan(), ref(plan), today,
                request.effectiveDate(), commitmentEnd(periods, freezes, today));
        if (decision instanceof Decision.Blocked blocked) {
            throw ProblemException.conflict("commitment", "The commitment blocks this change",
                    "A " + blocked.kind().name().toLowerCase().replace('_', '-') + " is possible from "
                            + blocked.possibleFrom() + ", when the commitment of the plan last served under ends (R-S5)")
                    .with("possibleFrom", blocked.possibleFrom().toString());
        }
        Decision.Allowed allowed = (Decision.Allowed) decision;
        PlanChange change = new PlanChange();
        change.id = TimeOrderedIds.next();
        change.accountId = account.id;
        change.toPlanId = plan.id();
        change.toPlanVersion = plan.version();
        change.kind = allowed.kind();
        change.effectiveOn = allowed.effectiveOn();
        change.requestedOn = request.effectiveDate();
        change.status = PlanChange.Status.SCHEDULED;
        change.requestedBy = caller.name();
        change.requestedAt = Instant.now(clock);
        return prepaidCard(account, plan, request, caller)
                .chain(() -> Panache.getSession())
                .chain(session -> replaceScheduled(session, account.id)
                        .chain(() -> session.persist(change))
                        .chain(session::flush))
                .chain(() -> timers.schedule(PLAN_CHANGE_TIMER, account.id.toString(),
                        CommitmentPolicy.startOf(change.effectiveOn, config.zone()), null))
                .chain(() -> outbox.append(SubscriptionEvents.CHANGE_SCHEDULED, account.id.toString(),
                        account.id.toString(), new SubscriptionEvents.PlanChangeScheduled(account.id, change.id,
                                plan.id(), change.kind.name(), change.effectiveOn)))
                .replaceWith(new ChangeResult(account.id, change.id, change.kind.name(), plan.id(), plan.version(),
                        change.effectiveOn, change.status.name()));
    }

    /** How soon a judgement that found a plan change or closure of the account still to happen looks again. */
    public static final java.time.Duration RECHECK = java.time.Duration.ofMinutes(1);
    /** How soon one that found a closure waiting for the account's last session to end looks again (R-S8). */
    public static final java.time.Duration RECHECK_WAITING = java.time.Duration.ofHours(1);

    /**
     * Whether the account's periods before {@code until} are not all written yet, for what judges a
     * past month by them (R-B14 joining promotions, R-B13 referral fees), and how soon to look again
     * (null: they are). RECHECK while a plan change's or closure's timer of the account has yet to do
     * its work: due and not fired (late after an outage, or another worker's at this moment), waiting
     * to be retried after a failure, or, the account ACTIVE, a change whose day has come or a closure
     * of a past day still SCHEDULED (its timer claimed in this very batch, to run after this); never
     * for one whose timer was parked as failed. RECHECK_WAITING while a closure of a day before
     * {@code until} waits for the account's last session to end. Judged before they happen, the month
     * would read as a stay they cut short. A change a frozen account's timer let wait (R-S7) happens
     * after the release and is not waited for. Read before the periods: what such a timer commits
     * meanwhile is either seen here or in them.
     */
    public static Uni<java.time.Duration> stillToHappen(Mutiny.Session session, Account account, Instant now,
            LocalDate today, LocalDate until) {
        List<String> kinds = List.of(PLAN_CHANGE_TIMER, ClosureService.CLOSURE_TIMER);
        String subject = account.id.toString();
        Uni<Boolean> pendingTimer = session.createSelectionQuery("select count(*) from DueTimer where subject = :subject "
                + "and kind in :kinds and firedAt is null and failedAt is null and (dueAt <= :now or attempts > 0)", Long.class)
                .setParameter("subject", subject).setParameter("kinds", kinds).setParameter("now", now)
                .getSingleResult().map(n -> n > 0);
        Uni<Boolean> overdue = account.status != Account.Status.ACTIVE ? Uni.createFrom().item(false) : session
                .createSelectionQuery("select count(*) from PlanChange where accountId = :account "
                        + "and status = :scheduled and effectiveOn <= :today", Long.class)
                .setParameter("account", account.id).setParameter("scheduled", PlanChange.Status.SCHEDULED)
                .setParameter("today", today).getSingleResult()
                .chain(changes -> session.createSelectionQuery("select count(*) from AccountClosure where accountId = :account "
                        + "and status = :scheduled and closesOn < :today", Long.class)
                        .setParameter("account", account.id)
                        .setParameter("scheduled", org.supportdesk.subscription.closure.AccountClosure.Status.SCHEDULED)
                        .setParameter("today", today).getSingleResult().map(closures -> changes + closures > 0))
                .chain(scheduled -> !scheduled ? Uni.createFrom().item(false) : session
                        .createSelectionQuery("select count(*) from DueTimer where subject = :subject and kind in :kinds "
                                + "and firedAt is null and failedAt is not null", Long.class)
                        .setParameter("subject", subject).setParameter("kinds", kinds)
                        .getSingleResult().map(parked -> parked == 0));
        return pendingTimer.chain(pending -> pending ? Uni.createFrom().item(true) : overdue)
                .chain(soon -> soon ? Uni.createFrom().item(RECHECK) : ClosureService
                        .awaitsHandlingBy(session, account.id, until.minusDays(1))
                        .map(waiting -> waiting ? RECHECK_WAITING : null));
    }

    /** A new request replaces the one still waiting (one scheduled change per account). */
    private Uni<Void> replaceScheduled(Mutiny.Session session, UUID accountId) {
        return session.createMutationQuery(
                "update PlanChange set status = :replaced, settledAt = :now where accountId = :account and status = :scheduled")
                .setParameter("replaced", PlanChange.Status.REPLACED)
                .setParameter("now", Instant.now(clock))
                .setParameter("account", accountId)
                .setParameter("scheduled", PlanChange.Status.SCHEDULED)
                .executeUpdate().replaceWithVoid();
    }

    /**
     * Fired at the start of the effective day: applies the account's scheduled change, or, when service
     * received since the request extended the commitment, moves it to the commitment's end (R-S5).
     */
    Uni<Void> applyScheduled(UUID accountId) {
        // the account locked first, then the change: a closure or a freeze meanwhile is waited for, and a
        // change a closure replaced is not applied
        return Panache.getSession().chain(session -> accounts.locked(accountId).chain(account -> session
                .createSelectionQuery("from PlanChange where accountId = :account and status = :scheduled",
                        PlanChange.class)
                .setParameter("account", accountId).setParameter("scheduled", PlanChange.Status.SCHEDULED)
                .setLockMode(org.hibernate.LockMode.PESSIMISTIC_WRITE)
                .getResultList()
                // R-S7: a freeze that started before the change's day is in force, its timer fired or not
                .call(changes -> changes.isEmpty() ? Uni.createFrom().voidItem() : freezeStarts.startedBy(account,
                        CommitmentPolicy.startOf(changes.getFirst().effectiveOn, config.zone())))
                .chain(changes -> changes.isEmpty() || account.status != Account.Status.ACTIVE
                        // R-S7: frozen on its day: it happens the day after the release
                        ? Uni.createFrom().voidItem()
                        // a closure effective before the change's day, that is by the day before it
                        : org.supportdesk.subscription.closure.ClosureService.awaitsHandlingBy(session, accountId,
                                changes.getFirst().effectiveOn.minusDays(1)).chain(closing -> closing
                                // R-S8: the account closed before the change's day and waits for its last
                                // session to end: the closure then replaces the change (endForClosure), or,
                                // postponed by the service it waited for (R-S5), lets it be; the change
                                // waits a day at a time meanwhile, its own timer moving it (moved from the
                                // closure's side, it would wait for a batch that claimed it)
                                ? postpone(changes.getFirst(), today().plusDays(1))
                                : periods(accountId).chain(periods -> freezes(accountId)
                                        .chain(freezes -> runningBefore(session, accountId, changes.getFirst().effectiveOn)
                                                .chain(running -> settle(changes.getFirst(), periods, freezes,
                                                        running))))))));
    }

    /**
     * R-S5 with R-S4: the plans (each a running session's ticket's plan, R-S6; null when not told) of
     * the account's sessions that started before {@code day} and are still being handled
     * (ticket-service's session events): service received before the change, though the
     * {@code session-closed} that records its day comes later.
     */
    private Uni<List<UUID>> runningBefore(Mutiny.Session session, UUID accountId, LocalDate day) {
        return session.createNativeQuery("select plan_id from active_session where account_id = :account "
                + "and started_at < :dayStart", UUID.class)
                .setParameter("account", org.supportdesk.platform.persistence.NativeSelects.uncached(accountId))
                .setParameter("dayStart", java.time.OffsetDateTime.ofInstant(CommitmentPolicy.startOf(day, config.zone()),
                        java.time.ZoneOffset.UTC))
                .getResultList();
    }

    /**
     * The periods a running session serves in, as {@code serviceReceived} in TicketSessionsConsumer
     * places service: the latest period of its ticket's plan begun by {@code day}, else the one in force.
     */
    private static java.util.Set<UUID> servedBy(List<UUID> runningPlans, List<SubscriptionPeriod> periods, LocalDate day) {
        java.util.Set<UUID> served = new java.util.HashSet<>();
        for (UUID plan : runningPlans) {
            periods.stream().filter(p -> plan != null && plan.equals(p.planId) && !p.startsOn.isAfter(day))
                    .max(java.util.Comparator.comparing((SubscriptionPeriod p) -> p.startsOn))
                    .or(() -> periods.stream().filter(p -> !p.startsOn.isAfter(day)
                            && (p.endsOn == null || p.endsOn.isAfter(day))).findFirst())
                    .ifPresent(p -> served.add(p.id));
        }
        return served;
    }

    /**
     * Applies the change, or postpones it to the commitment's end; {@code running}: the plans of
     * sessions begun before the change's day and still running, whose periods have given service.
     */
    private Uni<Void> settle(PlanChange change, List<SubscriptionPeriod> periods, List<AccountFreeze> freezes,
            List<UUID> running) {
        LocalDate today = today();
        LocalDate dayBefore = change.effectiveOn.minusDays(1);
        java.util.Set<UUID> serving = servedBy(running, periods, dayBefore);
        List<CommitmentPolicy.Period> served = periods.stream().map(p -> serving.contains(p.id)
                && (p.lastServiceOn == null || p.lastServiceOn.isBefore(dayBefore))
                ? new CommitmentPolicy.Period(new CommitmentPolicy.PlanRef(p.planType, p.planTier), p.startsOn, p.endsOn,
                        dayBefore)
                : p.asPolicyPeriod()).toList();
        Optional<LocalDate> end = CommitmentPolicy.commitmentEnd(served,
                freezes.stream().map(AccountFreeze::asPolicyFreeze).toList(), today);
        if (change.kind != ChangeKind.UPGRADE && end.isPresent() && change.effectiveOn.isBefore(end.get())) {
            return postpone(change, end.get());
        }
        SubscriptionPeriod current = periods.stream().filter(p -> p.endsOn == null).findFirst().orElseThrow();
        return plans.find(change.toPlanId, change.toPlanVersion).chain(plan -> {
            current.endsOn = change.effectiveOn;
            change.status = PlanChange.Status.APPLIED;
            change.settledAt = Instant.now(clock);
            SubscriptionPeriod next = newPeriod(change.accountId, plan, change.effectiveOn);
            return Panache.getSession().chain(session -> session.flush().chain(() -> session.persist(next)))
                    .chain(() -> publishChanged(change.accountId, change.kind.name(), plan, current, change.effectiveOn));
        });
    }

    /**
     * The change with everything a read model of the account needs: the plan version's terms, the
     * account's status and partner, and the commitment (R-S5) in force from the change on, if any.
     */
    private Uni<Void> publishChanged(UUID accountId, String kind, PlanView plan, SubscriptionPeriod previous,
            LocalDate effectiveOn) {
        return Panache.getSession().chain(session -> session.flush().chain(() -> session.find(Account.class, accountId)))
                .chain(account -> periods(accountId).chain(periods -> freezes(accountId).chain(freezes -> outbox.append(
                        SubscriptionEvents.CHANGED, accountId.toString(), accountId.toString(),
                        new SubscriptionEvents.SubscriptionChanged(accountId, kind, plan.id(), plan.version(), plan.code(),
                                plan.name(), plan.terms(), previous == null ? null : previous.planId,
                                previous == null ? null : previous.planVersion,
                                previous != null && previous.planTier != Tier.SILVER, effectiveOn,
                                CommitmentPolicy.startOf(effectiveOn, config.zone()), account.status.name(),
                                account.partnerId, commitmentEnd(periods, freezes, effectiveOn).orElse(null))))))
                .replaceWithVoid();
    }

    @WithSession
    public Uni<SubscriptionViews.Current> current(UUID accountId, Caller caller) {
        return visibleAccount(accountId, caller).chain(account -> periods(accountId).chain(periods -> freezes(accountId)
                .chain(freezes -> scheduled(accountId).map(scheduled -> new SubscriptionViews.Current(accountId,
                        account.status.name(),
                        periods.stream().filter(p -> p.endsOn == null).findFirst().map(PeriodView::of).orElse(null),
                        commitmentEnd(periods, freezes, today()).orElse(null),
                        scheduled.map(ChangeView::of).orElse(null))))));
    }

    @WithSession
    public Uni<SubscriptionViews.History> history(UUID accountId, Caller caller) {
        return visibleAccount(accountId, caller).chain(account -> periods(accountId).chain(periods -> Panache.getSession()
                .chain(session -> session.createSelectionQuery(
                        "from PlanChange where accountId = :account order by requestedAt, id", PlanChange.class)
                        .setParameter("account", accountId).getResultList())
                .map(changes -> new SubscriptionViews.History(accountId,
                        periods.stream().map(PeriodView::of).toList(),
                        changes.stream().map(ChangeView::of).toList()))));
    }

    private Uni<Optional<PlanChange>> scheduled(UUID accountId) {
        return Panache.getSession().chain(session -> session
                .createSelectionQuery("from PlanChange where accountId = :account and status = :scheduled",
                        PlanChange.class)
                .setParameter("account", accountId).setParameter("scheduled", PlanChange.Status.SCHEDULED)
                .getResultList()).map(list -> list.stream().findFirst());
    }

    private Uni<Account> visibleAccount(UUID accountId, Caller caller) {
        return Panache.getSession().chain(session -> session.find(Account.class, accountId))
                .map(account -> visible(account, accountId, caller));
    }

    private static Account visible(Account account, UUID accountId, Caller caller) {
        if (account == null || !caller.maySee(account.id, account.partnerId)) {
            throw ProblemException.notFound("Account", accountId);
        }
        return account;
    }

    private Uni<List<SubscriptionPeriod>> periods(UUID accountId) {
        return Panache.getSession().chain(session -> session
                .createSelectionQuery("from SubscriptionPeriod where accountId = :account order by startsOn, createdAt",
                        SubscriptionPeriod.class)
                .setParameter("account", accountId).getResultList());
    }

    private static Optional<LocalDate> commitmentEnd(List<SubscriptionPeriod> periods, List<AccountFreeze> freezes,
            LocalDate today) {
        return CommitmentPolicy.commitmentEnd(periods.stream().map(SubscriptionPeriod::asPolicyPeriod).toList(),
                freezes.stream().map(AccountFreeze::asPolicyFreeze).toList(), today);
    }

    private Uni<List<AccountFreeze>> freezes(UUID accountId) {
        return Panache.getSession().chain(session -> session
                .createSelectionQuery("from AccountFreeze where accountId = :account", AccountFreeze.class)
                .setParameter("account", accountId).getResultList());
    }

    /** R-S5: the first day the account may leave its commitment, if it has one. */
    public Uni<Optional<LocalDate>> commitmentEndOf(UUID accountId) {
        return periods(accountId).chain(periods -> freezes(accountId)
                .map(freezes -> commitmentEnd(periods, freezes, today())));
    }

    /**
     * R-S8: the account closes at the end of {@code lastDay}: its plan period ends then and a change
     * still waiting is dropped.
     */
    public Uni<Void> endForClosure(UUID accountId, LocalDate lastDay) {
        return periods(accountId).chain(periods -> {
            periods.stream().filter(p -> p.endsOn == null).forEach(p -> p.endsOn = lastDay.plusDays(1));
            // the change's timer is left to fire and find it replaced: cancelling it here would wait for a
            // batch that claimed it and waits for this account (AccountRepository.locked)
            return Panache.getSession().chain(session -> replaceScheduled(session, accountId)).replaceWithVoid();
        });
    }

    /**
     * R-S7: after a freeze is released on {@code releaseDay}, a scheduled change whose day passed
     * during the freeze takes effect one day after the release: moved, its timer set, and told
     * (plan-change-postponed), as a postponement is.
     */
    public Uni<Void> afterRelease(UUID accountId, LocalDate releaseDay) {
        return scheduled(accountId).chain(scheduled -> {
            if (scheduled.isEmpty() || scheduled.get().effectiveOn.isAfter(releaseDay)) {
                return Uni.createFrom().voidItem();
            }
            return postpone(scheduled.get(), releaseDay.plusDays(1));
        });
    }

    /** The change moved to take effect at the start of {@code day}: its timer moved, and told. */
    private Uni<Void> postpone(PlanChange change, LocalDate day) {
        if (change.postponedFrom == null) {
            change.postponedFrom = change.effectiveOn;
        }
        change.effectiveOn = day;
        return timers.schedule(PLAN_CHANGE_TIMER, change.accountId.toString(),
                CommitmentPolicy.startOf(change.effectiveOn, config.zone()), null)
                .chain(() -> outbox.append(SubscriptionEvents.CHANGE_POSTPONED, change.accountId.toString(),
                        change.accountId.toString(), new SubscriptionEvents.PlanChangePostponed(change.accountId,
                                change.id, change.toPlanId, change.postponedFrom, change.effectiveOn)))
                .replaceWithVoid();
    }

    private SubscriptionPeriod newPeriod(UUID accountId, PlanView plan, LocalDate startsOn) {
        SubscriptionPeriod period = new SubscriptionPeriod();
        period.id = TimeOrderedIds.next();
        period.accountId = accountId;
        period.planId = plan.id();
        period.planVersion = plan.version();
        period.planType = plan.terms().type();
        period.planTier = plan.terms().tier();
        period.startsOn = startsOn;
        period.createdAt = Instant.now(clock);
        return period;
    }

    private static CommitmentPolicy.PlanRef ref(PlanView plan) {
        return new CommitmentPolicy.PlanRef(plan.terms().type(), plan.terms().tier());
    }
}
