package org.supportdesk.billing.accounts;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.supportdesk.billing.invoice.InvoiceService;
import org.supportdesk.billing.plans.PlanVersionRow;
import org.supportdesk.billing.wallet.WalletService;
import org.supportdesk.platform.inbox.IdempotentConsumer;
import org.supportdesk.platform.inbox.IncomingEvent;
import org.supportdesk.platform.inbox.PoisonMessageException;

/**
 * Billing's read models from {@code subscription-events}: accounts (status, current plan), every
 * plan version, partners' discounts; and the credits subscription-service grants, applied to the
 * wallet (R-B6). Each event applied once.
 */
@ApplicationScoped
public class SubscriptionEventsConsumer {

    private final IdempotentConsumer consumer;
    private final WalletService wallets;
    private final InvoiceService invoices;
    private final ObjectMapper json;
    private final java.time.ZoneId zone;

    SubscriptionEventsConsumer(IdempotentConsumer consumer, WalletService wallets, InvoiceService invoices,
            ObjectMapper json, org.supportdesk.platform.PlatformConfig config) {
        this.consumer = consumer;
        this.wallets = wallets;
        this.invoices = invoices;
        this.json = json;
        this.zone = config.zone();
    }

    private static final java.util.Set<String> PROJECTED = java.util.Set.of(SubscriptionEvents.ACCOUNT_REGISTERED,
            SubscriptionEvents.PLAN_PUBLISHED, SubscriptionEvents.SUBSCRIPTION_CHANGED, SubscriptionEvents.PARTNER_REGISTERED,
            SubscriptionEvents.PARTNER_DISCOUNT_CHANGED, SubscriptionEvents.WALLET_CREDITED, SubscriptionEvents.ACCOUNT_FROZEN,
            SubscriptionEvents.ACCOUNT_UNFROZEN, SubscriptionEvents.ACCOUNT_CLOSED);

    @Incoming("subscription-events")
    Uni<Void> onSubscriptionEvents(KafkaRecordBatch<String, String> batch) {
        return consumer.consumeBatch("billing.accounts", batch, PROJECTED::contains,
                IdempotentConsumer.eachInOrder(this::apply), this::apply);
    }

    Uni<Void> apply(IncomingEvent event) {
        Instant at = event.time();
        return switch (event.type()) {
            case SubscriptionEvents.ACCOUNT_REGISTERED -> registered(event, at);
            case SubscriptionEvents.PLAN_PUBLISHED -> planPublished(event, at);
            case SubscriptionEvents.SUBSCRIPTION_CHANGED -> subscriptionChanged(event, at);
            case SubscriptionEvents.PARTNER_REGISTERED, SubscriptionEvents.PARTNER_DISCOUNT_CHANGED -> partner(event, at);
            case SubscriptionEvents.WALLET_CREDITED -> credited(event);
            case SubscriptionEvents.ACCOUNT_FROZEN, SubscriptionEvents.ACCOUNT_UNFROZEN, SubscriptionEvents.ACCOUNT_CLOSED ->
                    statusChanged(event, at);
            default -> Uni.createFrom().voidItem();
        };
    }

    private Uni<Void> registered(IncomingEvent event, Instant at) {
        var registered = event.dataAs(json, SubscriptionEvents.AccountRegistered.class);
        if (registered.accountId() == null || registered.status() == null) {
            throw new PoisonMessageException("account-registered " + event.id() + " lacks accountId or status");
        }
        return Panache.getSession()
                .chain(session -> session.find(BillingAccount.class, registered.accountId())
                        .chain(existing -> {
                            BillingAccount account = existing != null ? existing : new BillingAccount();
                            account.accountId = registered.accountId();
                            account.partnerId = registered.partnerId();
                            account.status = registered.status();
                            account.displayName = registered.displayName();
                            account.updatedAt = at;
                            return existing != null ? Uni.createFrom().item(account)
                                    : session.persist(account).replaceWith(account);
                        }))
                .chain(account -> wallets.openFor(account.accountId, at));
    }

    /** R-S2: plan versions are immutable; a redelivered or repeated version changes nothing. */
    private Uni<Void> planPublished(IncomingEvent event, Instant at) {
        var published = event.dataAs(json, SubscriptionEvents.PlanPublished.class);
        if (published.planId() == null || published.version() == null || published.terms() == null
                || published.terms().get("type") == null) {
            throw new PoisonMessageException("plan-published " + event.id() + " lacks plan, version or terms");
        }
        return Panache.getSession().chain(s -> s.find(PlanVersionRow.class,
                new PlanVersionRow.Key(published.planId(), published.version())).chain(existing -> {
                    if (existing != null) {
                        return Uni.createFrom().voidItem();
                    }
                    PlanVersionRow row = new PlanVersionRow();
                    row.planId = published.planId();
                    row.version = published.version();
                    row.code = published.code() == null ? "" : published.code();
                    row.type = published.terms().get("type").asText();
                    row.terms = published.terms().toString();
                    row.publishedAt = published.publishedAt() != null ? published.publishedAt() : at;
                    return s.persist(row);
                }));
    }

    private Uni<Void> subscriptionChanged(IncomingEvent event, Instant at) {
        var changed = event.dataAs(json, SubscriptionEvents.SubscriptionChanged.class);
        if (changed.accountId() == null || changed.planId() == null || changed.terms() == null) {
            throw new PoisonMessageException("subscription-changed " + event.id() + " lacks account or plan");
        }
        return known(changed.accountId(), event).chain(account -> {
            // R-S9: leaving MONTHLY for PREPAID opens the old plan's minute bank for the month
            boolean toPrepaidFromMonthly = "MONTHLY".equals(account.planType) && "PREPAID".equals(changed.terms().type())
                    && account.planId != null;
            UUID oldPlan = account.planId;
            Integer oldVersion = account.planVersion;
            account.planId = changed.planId();
            account.planVersion = changed.planVersion();
            account.planType = changed.terms().type();
            account.updatedAt = at;
            java.time.LocalDate effectiveOn = changed.effectiveOn() != null ? changed.effectiveOn()
                    : at.atZone(zone).toLocalDate();
            Uni<Void> bank = !toPrepaidFromMonthly ? Uni.createFrom().voidItem()
                    : Panache.getSession().chain(s -> s.find(PlanVersionRow.class, new PlanVersionRow.Key(oldPlan,
                            oldVersion == null ? 1 : oldVersion))).chain(plan -> {
                                if (plan == null) {
                                    return Uni.createFrom().voidItem();
                                }
                                var terms = org.supportdesk.billing.plans.PlanTermsReader.read(json, plan.terms, effectiveOn);
                                Integer perMonth = terms.allowances().perMonth();
                                // the bank of the last MONTHLY day's month, which that month's run settles
                                java.time.YearMonth month = java.time.YearMonth.from(effectiveOn.minusDays(1));
                                return perMonth == null || perMonth == 0 ? Uni.createFrom().voidItem()
                                        : org.supportdesk.billing.bank.MinuteBanks.open(account.accountId, month,
                                                perMonth, terms.minuteRate());
                            });
            return bank.chain(() -> invoices.planChanged(account.accountId, changed.planId(),
                    changed.planVersion() == null ? 1 : changed.planVersion(), changed.terms().type(), effectiveOn))
                    // R-B7: a new minute rate, a new PREPAID limit
                    .chain(() -> wallets.balanceChanged(account.accountId, at));
        });
    }

    /** R-B9: the discount may change or end at any time; rating uses the one in force. */
    private Uni<Void> partner(IncomingEvent event, Instant at) {
        var partner = event.dataAs(json, SubscriptionEvents.PartnerDiscount.class);
        if (partner.partnerId() == null || partner.discountPercent() == null) {
            throw new PoisonMessageException(event.type() + " " + event.id() + " lacks partner or discount");
        }
        return Panache.getSession().chain(s -> s.find(Partner.class, partner.partnerId()).chain(existing -> {
            Partner row = existing != null ? existing : new Partner();
            row.partnerId = partner.partnerId();
            row.discountPercent = partner.discountPercent();
            row.updatedAt = at;
            return existing != null ? Uni.createFrom().voidItem() : s.persist(row);
        }));
    }

    /** R-B6: a credit subscription-service granted (card, coupon, promotion, referral) into the wallet. */
    private Uni<Void> credited(IncomingEvent event) {
        var credited = event.dataAs(json, SubscriptionEvents.WalletCredited.class);
        if (credited.accountId() == null || (credited.minutes() == null && credited.cash() == null)) {
            throw new PoisonMessageException("wallet-credited " + event.id() + " lacks account or credit");
        }
        int minutes = credited.minutes() == null ? 0 : credited.minutes();
        BigDecimal cash = credited.cash() == null ? BigDecimal.ZERO : credited.cash().amount();
        if (minutes < 0 || cash.signum() < 0) {
            throw new PoisonMessageException("wallet-credited " + event.id() + " credits a negative amount");
        }
        return known(credited.accountId(), event).chain(account -> wallets.credit(account.accountId, minutes, cash,
                credited.source() == null ? "CREDIT" : credited.source(),
                (credited.source() == null ? "credit" : credited.source().toLowerCase().replace('_', ' '))
                        + (credited.reference() == null ? "" : " " + credited.reference()),
                event.id()));
    }

    private Uni<Void> statusChanged(IncomingEvent event, Instant at) {
        var changed = event.dataAs(json, SubscriptionEvents.StatusChanged.class);
        if (changed.accountId() == null || changed.status() == null) {
            throw new PoisonMessageException(event.type() + " " + event.id() + " lacks account or status");
        }
        return known(changed.accountId(), event).chain(account -> {
            account.status = changed.status();
            account.updatedAt = at;
            // R-S7, R-B11: freeze days carry no monthly fee; R-S8: none after the last day either
            return switch (event.type()) {
                case SubscriptionEvents.ACCOUNT_FROZEN -> invoices.frozen(account.accountId,
                        (changed.frozenAt() != null ? changed.frozenAt() : at).atZone(zone).toLocalDate());
                case SubscriptionEvents.ACCOUNT_UNFROZEN -> invoices.unfrozen(account.accountId,
                        (changed.releasedAt() != null ? changed.releasedAt() : at).atZone(zone).toLocalDate());
                case SubscriptionEvents.ACCOUNT_CLOSED -> invoices.closed(account.accountId,
                        changed.closedOn() != null ? changed.closedOn() : at.atZone(zone).toLocalDate());
                default -> Uni.createFrom().voidItem();
            };
        });
    }

    /** The account's registration comes first on its partition; a missing one is retried, then dead-lettered. */
    private Uni<BillingAccount> known(UUID accountId, IncomingEvent event) {
        return Panache.getSession().chain(s -> s.find(BillingAccount.class, accountId)).map(account -> {
            if (account == null) {
                throw new IllegalStateException(event.type() + " " + event.id() + " for unknown account " + accountId);
            }
            return account;
        });
    }
}
