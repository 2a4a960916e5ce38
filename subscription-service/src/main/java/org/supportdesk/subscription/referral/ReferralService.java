package org.supportdesk.subscription.referral;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.supportdesk.platform.PlatformConfig;
import org.supportdesk.platform.money.Money;
import org.supportdesk.platform.outbox.Outbox;
import org.supportdesk.platform.persistence.TimeOrderedIds;
import org.supportdesk.platform.problem.ProblemException;
import org.supportdesk.platform.security.Caller;
import org.supportdesk.platform.timer.DueTimers;
import org.supportdesk.subscription.account.Account;
import org.supportdesk.subscription.closure.ClosureService;
import org.supportdesk.subscription.freeze.AccountFreeze;
import org.supportdesk.subscription.plan.PlanService;
import org.supportdesk.subscription.subscription.CommitmentPolicy;
import org.supportdesk.subscription.subscription.SubscriptionPeriod;
import org.supportdesk.subscription.subscription.SubscriptionService;
import org.supportdesk.subscription.wallet.WalletEvents;

/** R-B13: referral campaigns and links, and the member's credit once the new account paid a month's fee. */
@ApplicationScoped
public class ReferralService {

    /** The due timer that looks at a referred account's month (subject: the referred account id). */
    public static final String EVALUATION_TIMER = "referral-evaluation";

    private static final String CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    public record CampaignView(UUID id, String name, BigDecimal percent, LocalDate startsOn, LocalDate endsOn) {
        static CampaignView of(ReferralCampaign c) {
            return new CampaignView(c.id, c.name, c.percent, c.startsOn, c.endsOn);
        }
    }

    public record LinkView(String code, UUID campaignId, UUID accountId, Instant createdAt) {
        static LinkView of(ReferralLink l) {
            return new LinkView(l.code, l.campaignId, l.memberAccountId, l.createdAt);
        }
    }

    public record ReferralView(UUID referredAccountId, UUID campaignId, String code, LocalDate joinedOn,
            Referral.Status status, Money credit, YearMonth creditedFor) {
        static ReferralView of(Referral r) {
            return new ReferralView(r.referredAccountId, r.campaignId, r.code, r.joinedOn, r.status,
                    r.credit == null ? null : Money.of(r.credit, r.currency),
                    r.creditedMonth == null ? null : YearMonth.from(r.creditedMonth));
        }
    }

    private final PlanService plans;
    private final ClosureService closures;
    private final Outbox outbox;
    private final DueTimers timers;
    private final PlatformConfig config;
    private final Clock clock;

    ReferralService(PlanService plans, ClosureService closures, Outbox outbox, DueTimers timers,
            PlatformConfig config, Clock clock) {
        this.plans = plans;
        this.closures = closures;
        this.outbox = outbox;
        this.timers = timers;
        this.config = config;
        this.clock = clock;
    }

    @WithTransaction
    public Uni<CampaignView> createCampaign(ReferralCampaignRequest request, Caller caller) {
        ReferralCampaign campaign = new ReferralCampaign();
        campaign.id = TimeOrderedIds.next();
        campaign.name = request.name().strip();
        campaign.percent = request.percent();
        campaign.startsOn = request.startsOn();
        campaign.endsOn = request.endsOn();
        campaign.createdBy = caller.name();
        campaign.createdAt = Instant.now(clock);
        return Panache.getSession().chain(session -> session.persist(campaign)).replaceWith(CampaignView.of(campaign));
    }

    /** One campaign (where its creation's Location points). */
    @WithSession
    public Uni<CampaignView> campaign(UUID id) {
        return Panache.getSession().chain(session -> session.find(ReferralCampaign.class, id)).map(c -> {
            if (c == null) {
                throw ProblemException.notFound("Referral campaign", id);
            }
            return CampaignView.of(c);
        });
    }

    @WithSession
    public Uni<List<CampaignView>> campaigns() {
        return Panache.getSession().chain(session -> session
                .createSelectionQuery("from ReferralCampaign order by startsOn desc, id desc", ReferralCampaign.class)
                .getResultList()).map(list -> list.stream().map(CampaignView::of).toList());
    }

    /** A member's link in a running campaign; asking again answers the same link. */
    @WithTransaction
    public Uni<LinkView> link(UUID memberId, UUID campaignId, Caller caller) {
        LocalDate today = today();
        return Panache.getSession().chain(session -> member(memberId, caller)
                .chain(member -> session.find(ReferralCampaign.class, campaignId))
                .chain(campaign -> {
                    if (campaign == null) {
                        throw ProblemException.unprocessable("unknown-campaign", "Unknown campaign",
                                "No referral campaign has id " + campaignId);
                    }
                    if (!campaign.runsOn(today)) {
                        throw ProblemException.unprocessable("campaign-not-running", "Campaign not running",
                                "Campaign " + campaign.name + " runs from " + campaign.startsOn + " to " + campaign.endsOn);
                    }
                    return session.createSelectionQuery(
                            "from ReferralLink where campaignId = :campaign and memberAccountId = :member", ReferralLink.class)
                            .setParameter("campaign", campaignId).setParameter("member", memberId)
                            .getSingleResultOrNull();
                })
                .chain(existing -> {
                    if (existing != null) {
                        return Uni.createFrom().item(LinkView.of(existing));
                    }
                    ReferralLink link = new ReferralLink();
                    link.code = newCode();
                    link.campaignId = campaignId;
                    link.memberAccountId = memberId;
                    link.createdAt = Instant.now(clock);
                    return session.persist(link).replaceWith(LinkView.of(link));
                }));
    }

    /** The accounts that joined through the member's links, with what each earned. */
    @WithSession
    public Uni<List<ReferralView>> referralsOf(UUID memberId, Caller caller) {
        return member(memberId, caller).chain(member -> Panache.getSession().chain(session -> session
                .createSelectionQuery("from Referral where memberAccountId = :member order by joinedOn desc, referredAccountId",
                        Referral.class)
                .setParameter("member", memberId).getResultList()))
                .map(list -> list.stream().map(ReferralView::of).toList());
    }

    /**
     * At registration, in its transaction: the new account joined through {@code code}. An unknown code,
     * a finished campaign or a closed member refuses the registration (nothing is stored).
     */
    public Uni<Void> recordJoin(UUID referredId, String code) {
        LocalDate today = today();
        return Panache.getSession().chain(session -> session.find(ReferralLink.class, code)
                .chain(link -> {
                    if (link == null) {
                        throw ProblemException.unprocessable("unknown-referral-code", "Unknown referral code",
                                "No referral link has code " + code).with("field", "referralCode");
                    }
                    // the member read without a lock (a sign-up decides nothing by its status that the
                    // evaluation does not decide again, R-B13: a member closed first loses the referral),
                    // so sign-ups through one member's link never queue on its row
                    return session.find(ReferralCampaign.class, link.campaignId)
                            .chain(campaign -> session.find(Account.class, link.memberAccountId).chain(member -> {
                                if (!campaign.runsOn(today) || member.status == Account.Status.CLOSED) {
                                    throw ProblemException.unprocessable("referral-code-expired", "Referral code expired",
                                            "Referral code " + code + " is no longer valid").with("field", "referralCode");
                                }
                                Referral referral = new Referral();
                                referral.referredAccountId = referredId;
                                referral.memberAccountId = link.memberAccountId;
                                referral.campaignId = link.campaignId;
                                referral.code = code;
                                referral.joinedOn = today;
                                referral.nextMonth = ReferralPolicy.firstFullMonth(today).atDay(1);
                                referral.status = Referral.Status.PENDING;
                                return session.persist(referral).chain(() -> scheduleAfter(referral));
                            }));
                }));
    }

    /** Fired after a month of the referred account has ended: credit, look again next month, or lose it. */
    Uni<Void> evaluate(UUID referredId) {
        return Panache.getSession().chain(session -> session.find(Referral.class, referredId,
                org.hibernate.LockMode.PESSIMISTIC_WRITE).chain(referral -> {
                    YearMonth month = referral == null ? null : YearMonth.from(referral.nextMonth);
                    if (referral == null || referral.status != Referral.Status.PENDING
                            || !today().isAfter(month.atEndOfMonth())) {
                        return Uni.createFrom().voidItem();
                    }
                    // R-B13: lost if the member closed first; a closure effective by the month's end is
                    // settled before the member is looked at, whichever of the two timers fired first
                    return closures.settleBy(referral.memberAccountId, month.atEndOfMonth())
                            .chain(() -> ClosureService.awaitsHandlingBy(session, referral.memberAccountId, month.atEndOfMonth()))
                            .chain(closing -> session.find(Account.class, referral.memberAccountId).chain(member -> {
                        if (member.status == Account.Status.CLOSED) {
                            settle(referral, Referral.Status.LOST);
                            return Uni.createFrom().voidItem();
                        }
                        if (closing) {
                            // R-S8: the member's closure, effective by the month's end, waits for its last
                            // session: it closes when that ends (the credit lost) or is postponed (R-S5);
                            // judged again then, never credited meanwhile
                            return timers.schedule(EVALUATION_TIMER, referral.referredAccountId.toString(),
                                    Instant.now(clock).plus(java.time.Duration.ofHours(1)), null);
                        }
                        // the referred account's month is read once its changes and closures of the
                        // month have happened, whichever timer fires first (R-S4, R-S8)
                        return session.find(Account.class, referredId).chain(referred -> SubscriptionService
                                .stillToHappen(session, referred, Instant.now(clock), today(), month.plusMonths(1).atDay(1))
                                .chain(wait -> wait != null
                                        ? timers.schedule(EVALUATION_TIMER, referredId.toString(),
                                                Instant.now(clock).plus(wait), null)
                                        : averageFee(referredId, month).chain(fee -> {
                                    if (fee.amount().signum() == 0) {
                                        if (referred.status == Account.Status.CLOSED) {
                                            settle(referral, Referral.Status.LOST); // it will never pay a fee
                                            return Uni.createFrom().voidItem();
                                        }
                                        referral.nextMonth = month.plusMonths(1).atDay(1); // check again next month
                                        return scheduleAfter(referral);
                                    }
                                    return session.find(ReferralCampaign.class, referral.campaignId)
                                            .chain(campaign -> credit(referral, campaign, fee, month));
                                })));
                    }));
                }));
    }

    private Uni<Void> credit(Referral referral, ReferralCampaign campaign, AverageFee averageFee, YearMonth month) {
        referral.credit = ReferralPolicy.credit(averageFee.amount(), campaign.percent);
        referral.currency = averageFee.currency();
        referral.creditedMonth = month.atDay(1);
        settle(referral, Referral.Status.CREDITED);
        if (referral.credit.signum() == 0) {
            return Uni.createFrom().voidItem(); // a fee too small to give a cent
        }
        UUID member = referral.memberAccountId;
        // a deterministic credit id: a re-fired timer can never credit twice downstream either
        UUID creditId = UUID.nameUUIDFromBytes(("referral:" + referral.referredAccountId).getBytes());
        return outbox.append(WalletEvents.CREDITED, member.toString(), member.toString(),
                new WalletEvents.WalletCredited(member, creditId, "REFERRAL", referral.referredAccountId.toString(),
                        null, Money.of(referral.credit, referral.currency)))
                .replaceWithVoid();
    }

    /** An exact average fee (not yet rounded to the cent) and its currency. */
    private record AverageFee(BigDecimal amount, String currency) {
    }

    /** The referred account's average monthly fee in {@code month}, from its stays and freezes. */
    private Uni<AverageFee> averageFee(UUID accountId, YearMonth month) {
        return Panache.getSession().chain(session -> session
                .createSelectionQuery("from SubscriptionPeriod where accountId = :account order by startsOn",
                        SubscriptionPeriod.class)
                .setParameter("account", accountId).getResultList()
                .chain(periods -> session.createSelectionQuery("from AccountFreeze where accountId = :account",
                        AccountFreeze.class).setParameter("account", accountId).getResultList()
                        .chain(freezes -> {
                            List<ReferralPolicy.FeeStay> stays = new ArrayList<>();
                            String[] currency = { null };
                            return Multi.createFrom().iterable(periods).onItem()
                                    .transformToUniAndConcatenate(p -> plans.find(p.planId, p.planVersion).invoke(plan -> {
                                        stays.add(new ReferralPolicy.FeeStay(plan.terms().monthlyFee().amount(),
                                                p.startsOn, p.endsOn));
                                        currency[0] = plan.terms().currency();
                                    }))
                                    .collect().asList()
                                    .map(ignored -> {
                                        List<CommitmentPolicy.Freeze> frozen = freezes.stream()
                                                .map(AccountFreeze::asPolicyFreeze).toList();
                                        return new AverageFee(ReferralPolicy.averageMonthlyFee(month, stays, frozen),
                                                currency[0] == null ? "ILS" : currency[0]);
                                    });
                        })));
    }

    private Uni<Void> scheduleAfter(Referral referral) {
        LocalDate dayAfterMonth = YearMonth.from(referral.nextMonth).plusMonths(1).atDay(1);
        return timers.schedule(EVALUATION_TIMER, referral.referredAccountId.toString(),
                CommitmentPolicy.startOf(dayAfterMonth, config.zone()), null);
    }

    private void settle(Referral referral, Referral.Status status) {
        referral.status = status;
        referral.settledAt = Instant.now(clock);
    }

    private Uni<Account> member(UUID memberId, Caller caller) {
        return Panache.getSession().chain(session -> session.find(Account.class, memberId)).map(account -> {
            if (account == null || !caller.maySee(account.id, account.partnerId)) {
                throw ProblemException.notFound("Account", memberId);
            }
            return account;
        });
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(config.zone()));
    }

    private static String newCode() {
        StringBuilder code = new StringBuilder(10);
        for (int i = 0; i < 10; i++) {
            code.append(CODE_ALPHABET.charAt(RANDOM.nextInt(CODE_ALPHABET.length())));
        }
        return code.toString();
    }
}
