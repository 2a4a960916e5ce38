package org.supportdesk.subscription.freeze;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.supportdesk.platform.inbox.IdempotentConsumer;
import org.supportdesk.platform.inbox.IncomingEvent;
import org.supportdesk.platform.inbox.PoisonMessageException;
import org.supportdesk.subscription.account.Account;
import org.supportdesk.subscription.account.AccountRepository;
import org.supportdesk.subscription.subscription.SubscriptionPeriod;

/**
 * R-S7: billing's failed payments freeze accounts at once where the rule says so; paying the invoice
 * whose failure alone froze an account lifts the freeze.
 */
@ApplicationScoped
public class PaymentFailedConsumer {

    private static final Logger LOG = Logger.getLogger(PaymentFailedConsumer.class);
    static final String PAYMENT_FAILED = "org.supportdesk.billing.payment-failed.v1";
    static final String INVOICE_PAID = "org.supportdesk.billing.invoice-paid.v1";
    private static final Set<String> HANDLED = Set.of(PAYMENT_FAILED, INVOICE_PAID);

    @JsonIgnoreProperties(ignoreUnknown = true)
    record PaymentFailed(UUID accountId, UUID invoiceId, String reason, Boolean warnedAboutCard,
            Boolean earlierDebtUnpaid) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record InvoicePaid(UUID accountId, UUID invoiceId, Boolean otherDebtUnpaid) {
    }

    private final IdempotentConsumer consumer;
    private final FreezeService freezes;
    private final AccountRepository accounts;
    private final ObjectMapper json;

    PaymentFailedConsumer(IdempotentConsumer consumer, FreezeService freezes, AccountRepository accounts,
            ObjectMapper json) {
        this.consumer = consumer;
        this.freezes = freezes;
        this.accounts = accounts;
        this.json = json;
    }

    @Incoming("billing-events")
    Uni<Void> onBillingEvents(KafkaRecordBatch<String, String> batch) {
        return consumer.consumeBatch("subscription.payment-failures", batch, HANDLED::contains,
                IdempotentConsumer.eachInOrder(this::apply), this::apply);
    }

    Uni<Void> apply(IncomingEvent event) {
        if (INVOICE_PAID.equals(event.type())) {
            InvoicePaid paid = event.dataAs(json, InvoicePaid.class);
            if (paid.invoiceId() == null) {
                throw new PoisonMessageException("invoice-paid " + event.id() + " lacks invoiceId");
            }
            // a partner's invoice has no account and froze none; with other debt unpaid the freeze stays
            // (R-S7: another failure while earlier debt is unpaid freezes), as when billing does not say
            return paid.accountId() == null || !Boolean.FALSE.equals(paid.otherDebtUnpaid()) ? Uni.createFrom().voidItem()
                    : freezes.invoicePaid(paid.accountId(), paid.invoiceId());
        }
        if (!PAYMENT_FAILED.equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        PaymentFailed failed = event.dataAs(json, PaymentFailed.class);
        if (failed.accountId() == null) {
            throw new PoisonMessageException("payment-failed " + event.id() + " lacks accountId");
        }
        // the account locked: a closure or a freeze meanwhile is waited for
        return Panache.getSession().chain(session -> accounts.locked(failed.accountId())
                .chain(account -> {
                    if (account == null || account.status != Account.Status.ACTIVE) {
                        return Uni.createFrom().voidItem(); // unknown, frozen already, or closed
                    }
                    return session.createSelectionQuery(
                            "from SubscriptionPeriod where accountId = :account and endsOn is null", SubscriptionPeriod.class)
                            .setParameter("account", account.id).getResultList()
                            .chain(current -> FreezePolicy.onPaymentFailure(
                                    current.isEmpty() ? null : current.getFirst().planType,
                                    Boolean.TRUE.equals(failed.warnedAboutCard()),
                                    Boolean.TRUE.equals(failed.earlierDebtUnpaid()))
                                    .map(reason -> freezes.freezeNow(account, reason,
                                            "payment failed: " + failed.reason() + " (invoice " + failed.invoiceId() + ")",
                                            "billing-service",
                                            // paying it lifts the freeze, unless earlier debt is unpaid too
                                            Boolean.TRUE.equals(failed.earlierDebtUnpaid()) ? null : failed.invoiceId()))
                                    .orElseGet(() -> {
                                        LOG.infof("payment of %s failed; billing warns before any freeze", account.id);
                                        return Uni.createFrom().voidItem();
                                    }));
                }));
    }
}
