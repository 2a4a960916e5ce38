package org.supportdesk.subscription.promotion;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hibernate.reactive.mutiny.Mutiny;
import org.supportdesk.platform.PlatformConfig;
import org.supportdesk.platform.money.Money;
import org.supportdesk.platform.outbox.Outbox;
import org.supportdesk.platform.persistence.TimeOrderedIds;
import org.supportdesk.platform.problem.ProblemException;
import org.supportdesk.platform.security.Caller;
import org.supportdesk.platform.timer.DueTimers;
import org.supportdesk.subscription.account.Account;
import org.supportdesk.subscription.account.AccountRepository;
import org.supportdesk.subscription.freeze.AccountFreeze;
import org.supportdesk.subscription.plan.PlanService;
import org.supportdesk.subscription.plan.VatConfig;
import org.supportdesk.subscription.subscription.CommitmentPolicy;
import org.supportdesk.subscription.subscription.SubscriptionPeriod;
import org.supportdesk.subscription.subscription.SubscriptionService;
import org.supportdesk.subscription.wallet.WalletEvents;

/** R-B14: joining promotions, from enrolment at joining to the credit a month later. */
@ApplicationScoped
public class PromotionService {

    /** The due timer that decides an account's joining promotion (subject: the account id). */
    public static final String EVALUATION_TIMER = "promotion-evaluation";

    public record PromotionView(UUID id, String name, LocalDate startsOn, LocalDate endsOn, Set<UUID> planIds,
            Integer minutes, Money cash) {

        static PromotionView of(Promotion p) {
            return new PromotionView(p.id, p.name, p.startsOn, p.endsOn, Set.copyOf(p.planIds), p.minutes,
                    p.cash == null ? null : Money.of(p.cash, p.currency));
        }
    }

    private final PlanService plans;
    private final AccountRepository accounts;
    private final Outbox outbox;
    private final DueTimers timers;
    private final VatConfig catalogue;
    private final PlatformConfig config;
    private final Clock clock;

    PromotionService(PlanService plans, AccountRepository accounts, Outbox outbox, DueTimers timers, VatConfig catalogue,
            PlatformConfig config, Clock clock) {
        this.plans = plans;
        this.accounts = accounts;
        this.outbox = outbox;
        this.timers = timers;
        this.catalogue = catalogue;
        this.config = config;
        this.clock = clock;
    }

    @WithTransaction
    public Uni<PromotionView> create(PromotionRequest request, Caller caller) {
        org.supportdesk.subscription.wallet.WalletCurrency.require(request.cash(), catalogue.defaultCurrency());
        return Panache.getSession().chain(session -> session
                .createSelectionQuery("select count(*) from Plan where id in :ids", Long.class)
                .setParameter("ids", request.planIds()).getSingleResult()
                .chain(found -> {
                    if (found != request.planIds().size()) {
                        throw ProblemException.unprocessable("unknown-plan", "Unknown plan",
                                "Every plan of a promotion must be in the catalogue");
                    }
                    Promotion promotion = new Promotion();
                    promotion.id = TimeOrderedIds.next();
                    promotion.name = request.name().strip();
                    promotion.startsOn = request.startsOn();
                    promotion.endsOn = request.endsOn();
                    promotion.planIds.addAll(request.planIds());
                    promotion.minutes = request.minutes();
                    promotion.cash = request.cash() == null ? null : request.cash().amount();
                    promotion.currency = request.cash() == null ? catalogue.defaultCurrency() : request.cash().currency();
                    promotion.createdBy = caller.name();
                    promotion.createdAt = Instant.now(clock);
                    return session.persist(promotion).chain(session::flush)
                            .chain(() -> enrolSince(session, promotion))
                            .replaceWith(PromotionView.of(promotion));
                }));
    }

    /**
     * R-B14: a promotion created after it started: the accounts that joined one of its plans since its
     * start (as {@link #enrol} would have taken them on joining) are its candidates, each decided a
     * month after joining; one statement for the candidacies, one for their timers.
     */
    private Uni<Void> enrolSince(Mutiny.Session session, Promotion promotion) {
        LocalDate today = LocalDate.now(clock.withZone(config.zone()));
        if (promotion.startsOn.isAfter(today)) {
            return Uni.createFrom().voidItem();
        }
        LocalDate until = promotion.endsOn.isBefore(today) ? promotion.endsOn : today;
        return session.createNativeQuery("""
                insert into promotion_candidacy (account_id, promotion_id, joined_on, joined_plan, status)
                select p.account_id, :promotion, p.starts_on, p.plan_id, 'PENDING'
                from subscription_period p
                where p.plan_id = any(cast(:plans as uuid[])) and p.starts_on between :from and :until
                on conflict do nothing
                returning account_id, joined_on
                """, Object[].class)
                .setParameter("promotion", org.supportdesk.platform.persistence.NativeSelects.uncached(promotion.id))
                .setParameter("plans", promotion.planIds.toArray(UUID[]::new))
                .setParameter("from", promotion.startsOn).setParameter("until", until)
                .getResultList()
                .chain(enrolled -> {
                    Map<String, Instant> due = new java.util.HashMap<>();
                    enrolled.forEach(row -> due.merge(row[0].toString(),
                            CommitmentPolicy.startOf(((LocalDate) row[1]).plusMonths(1), config.zone()),
                            (a, b) -> a.isBefore(b) ? a : b));
                    return due.isEmpty() ? Uni.createFrom().voidItem() : timers.scheduleEach(EVALUATION_TIMER, due, null);
                });
    }

    /** One promotion (where its creation's Location points). */
    @WithSession
    public Uni<PromotionView> find(UUID id) {
        return Panache.getSession().chain(session -> session.find(Promotion.class, id)).map(p -> {
            if (p == null) {
                throw org.supportdesk.platform.problem.ProblemException.notFound("Promotion", id);
            }
            return PromotionView.of(p);
        });
    }

    @WithSession
    public Uni<List<PromotionView>> list() {
        return Panache.getSession().chain(session -> session
                .createSelectionQuery("from Promotion order by startsOn desc, id desc", Promotion.class).getResultList())
                .map(list -> list.stream().map(PromotionView::of).toList());
    }

    /** On joining: a candidacy for every campaign running that day with the plan; decided a month later. */
    public Uni<Void> enrol(UUID accountId, UUID planId, LocalDate joinedOn) {
        return Panache.getSession().chain(session -> session.createSelectionQuery("""
                select p from Promotion p join p.planIds plan
                where plan = :plan and p.startsOn <= :day and p.endsOn >= :day
                """, Promotion.class)
                .setParameter("plan", planId).setParameter("day", joinedOn).getResultList()
                .chain(running -> running.isEmpty() ? Uni.createFrom().voidItem()
                        : Multi.createFrom().iterable(running).onItem().transformToUniAndConcatenate(p -> {
                            PromotionCandidacy candidacy = new PromotionCandidacy();
                            candidacy.accountId = accountId;
                            candidacy.promotionId = p.id;
                            candidacy.joinedOn = joinedOn;
                            candidacy.joinedPlan = planId;
                            candidacy.status = PromotionCandidacy.Status.PENDING;
                            return session.persist(candidacy);
                        }).collect().last()
                        .chain(() -> timers.schedule(EVALUATION_TIMER, accountId.toString(),
                                CommitmentPolicy.startOf(joinedOn.plusMonths(1), config.zone()), null))));
    }

    /**
     * Fired a month after joining (later by the freeze days): credits the most valuable promotion earned.
     * The account is locked first, as a plan change's and a closure's timers lock it, so that one of
     * those of the same moment is waited for and its periods read afterwards; one whose timer has not
     * fired yet is looked again for ({@link SubscriptionService#stillToHappen}).
     */
    Uni<Void> evaluate(UUID accountId) {
        LocalDate today = LocalDate.now(clock.withZone(config.zone()));
        return Panache.getSession().chain(session -> accounts.locked(accountId).chain(account -> session
                .createSelectionQuery("from PromotionCandidacy where accountId = :account", PromotionCandidacy.class)
                .setParameter("account", accountId).getResultList()
                .chain(all -> {
                    List<PromotionCandidacy> pending = all.stream()
                            .filter(c -> c.status == PromotionCandidacy.Status.PENDING).toList();
                    if (pending.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    if (all.stream().anyMatch(c -> c.status == PromotionCandidacy.Status.AWARDED)) {
                        settle(pending, PromotionCandidacy.Status.SUPERSEDED); // one promotion per account
                        return Uni.createFrom().voidItem();
                    }
                    LocalDate joinedOn = pending.getFirst().joinedOn;
                    return session.createSelectionQuery("from AccountFreeze where accountId = :account", AccountFreeze.class)
                            .setParameter("account", accountId).getResultList()
                            .chain(freezes -> {
                                LocalDate monthEnds = JoiningPromotionPolicy.monthEnds(joinedOn,
                                        freezes.stream().map(AccountFreeze::asPolicyFreeze).toList(), today);
                                if (today.isBefore(monthEnds)) {
                                    return timers.schedule(EVALUATION_TIMER, accountId.toString(),
                                            CommitmentPolicy.startOf(monthEnds, config.zone()), null);
                                }
                                Instant now = Instant.now(clock);
                                return SubscriptionService.stillToHappen(session, account, now, today, monthEnds).chain(wait -> wait != null
                                        ? timers.schedule(EVALUATION_TIMER, accountId.toString(), now.plus(wait), null)
                                        : decide(accountId, pending, joinedOn, monthEnds));
                            });
                })));
    }

    private Uni<Void> decide(UUID accountId, List<PromotionCandidacy> pending, LocalDate joinedOn, LocalDate monthEnds) {
        return Panache.getSession().chain(session -> session
                .createSelectionQuery("from SubscriptionPeriod where accountId = :account order by startsOn",
                        SubscriptionPeriod.class)
                .setParameter("account", accountId).getResultList()
                .chain(periods -> session.createSelectionQuery("from Promotion where id in :ids", Promotion.class)
                        .setParameter("ids", pending.stream().map(c -> c.promotionId).toList()).getResultList()
                        .chain(promotions -> plans.find(pending.getFirst().joinedPlan, null).chain(plan -> {
                            Map<UUID, Promotion> byId = promotions.stream()
                                    .collect(Collectors.toMap(p -> p.id, Function.identity()));
                            List<JoiningPromotionPolicy.Stay> stays = periods.stream()
                                    .map(p -> new JoiningPromotionPolicy.Stay(p.planId, p.startsOn, p.endsOn)).toList();
                            BigDecimal minuteRate = plan.terms().minuteRate().amount();
                            List<JoiningPromotionPolicy.Candidate> qualified = promotions.stream()
                                    .filter(p -> JoiningPromotionPolicy.stayed(p.planIds, stays, joinedOn, monthEnds))
                                    .map(p -> new JoiningPromotionPolicy.Candidate(p.id, p.planIds, value(p, minuteRate)))
                                    .toList();
                            Optional<JoiningPromotionPolicy.Candidate> winner = JoiningPromotionPolicy.award(qualified);
                            Instant now = Instant.now(clock);
                            for (PromotionCandidacy c : pending) {
                                boolean won = winner.map(w -> w.promotionId().equals(c.promotionId)).orElse(false);
                                boolean qualifiedToo = qualified.stream().anyMatch(q -> q.promotionId().equals(c.promotionId));
                                c.status = won ? PromotionCandidacy.Status.AWARDED
                                        : qualifiedToo ? PromotionCandidacy.Status.SUPERSEDED : PromotionCandidacy.Status.LOST;
                                c.settledAt = now;
                            }
                            if (winner.isEmpty()) {
                                return Uni.createFrom().voidItem();
                            }
                            Promotion won = byId.get(winner.get().promotionId());
                            return outbox.append(WalletEvents.CREDITED, accountId.toString(), accountId.toString(),
                                    new WalletEvents.WalletCredited(accountId, TimeOrderedIds.next(), "PROMOTION",
                                            won.id.toString(), won.minutes,
                                            won.cash == null ? null : Money.of(won.cash, won.currency)))
                                    .replaceWithVoid();
                        }))));
    }

    private void settle(List<PromotionCandidacy> candidacies, PromotionCandidacy.Status status) {
        Instant now = Instant.now(clock);
        candidacies.forEach(c -> {
            c.status = status;
            c.settledAt = now;
        });
    }

    /** R-B6: minutes and money compare at the plan's minute rate. */
    static BigDecimal value(Promotion p, BigDecimal minuteRate) {
        BigDecimal cash = p.cash == null ? BigDecimal.ZERO : p.cash;
        BigDecimal minutes = p.minutes == null ? BigDecimal.ZERO : minuteRate.multiply(BigDecimal.valueOf(p.minutes));
        return cash.add(minutes);
    }
}
