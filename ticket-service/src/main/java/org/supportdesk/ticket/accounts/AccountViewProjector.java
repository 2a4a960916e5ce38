package org.supportdesk.ticket.accounts;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.supportdesk.platform.inbox.IdempotentConsumer;
import org.supportdesk.platform.inbox.IncomingEvent;
import org.supportdesk.platform.inbox.PoisonMessageException;
import org.supportdesk.ticket.tickets.PlanChangeReopening;

/**
 * Keeps {@link AccountView} from {@code subscription-events}: registration, the current plan, and
 * the status (frozen, closed). Each event applied once; one account's events arrive in order.
 */
@ApplicationScoped
public class AccountViewProjector {

    private static final Logger LOG = Logger.getLogger(AccountViewProjector.class);

    private final IdempotentConsumer consumer;
    private final AccountViewRepository accounts;
    private final PlanChangeReopening reopening;
    private final ObjectMapper json;

    AccountViewProjector(IdempotentConsumer consumer, AccountViewRepository accounts, PlanChangeReopening reopening,
            ObjectMapper json) {
        this.consumer = consumer;
        this.accounts = accounts;
        this.reopening = reopening;
        this.json = json;
    }

    private static final java.util.Set<String> PROJECTED = java.util.Set.of(SubscriptionEvents.ACCOUNT_REGISTERED,
            SubscriptionEvents.SUBSCRIPTION_CHANGED, SubscriptionEvents.ACCOUNT_FROZEN, SubscriptionEvents.ACCOUNT_UNFROZEN,
            SubscriptionEvents.ACCOUNT_CLOSED);

    @Incoming("subscription-events")
    Uni<Void> onSubscriptionEvents(KafkaRecordBatch<String, String> batch) {
        return consumer.consumeBatch("ticket.account-view", batch, PROJECTED::contains,
                IdempotentConsumer.eachInOrder(this::apply), this::apply);
    }

    Uni<Void> apply(IncomingEvent event) {
        return switch (event.type()) {
            case SubscriptionEvents.ACCOUNT_REGISTERED -> registered(event);
            case SubscriptionEvents.SUBSCRIPTION_CHANGED -> planChanged(event);
            case SubscriptionEvents.ACCOUNT_FROZEN, SubscriptionEvents.ACCOUNT_UNFROZEN,
                    SubscriptionEvents.ACCOUNT_CLOSED -> statusChanged(event);
            default -> {
                LOG.debugf("ignoring %s", event.type());
                yield Uni.createFrom().voidItem();
            }
        };
    }

    private Uni<Void> registered(IncomingEvent event) {
        var registered = event.dataAs(json, SubscriptionEvents.AccountRegistered.class);
        if (registered.accountId() == null || registered.status() == null) {
            throw new PoisonMessageException("account-registered " + event.id() + " lacks accountId or status");
        }
        return accounts.findById(registered.accountId()).chain(existing -> {
            AccountView view = existing != null ? existing : new AccountView();
            view.accountId = registered.accountId();
            view.partnerId = registered.partnerId();
            view.displayName = registered.displayName() == null ? "" : registered.displayName();
            view.status = registered.status();
            view.timeZone = registered.timeZone() == null ? "Asia/Jerusalem" : registered.timeZone();
            view.language = registered.language() == null ? "he" : registered.language();
            view.updatedAt = event.time();
            return accounts.persist(view);
        }).replaceWithVoid();
    }

    /** The account's plan from now on; R-S6 re-opens its not-started tickets when the rule says so. */
    private Uni<Void> planChanged(IncomingEvent event) {
        var changed = event.dataAs(json, SubscriptionEvents.SubscriptionChanged.class);
        if (changed.accountId() == null || changed.planId() == null || changed.planVersion() == null
                || changed.terms() == null || changed.terms().type() == null) {
            throw new PoisonMessageException("subscription-changed " + event.id() + " lacks account or plan terms");
        }
        return known(changed.accountId(), event).chain(view -> {
            view.planId = changed.planId();
            view.planVersion = changed.planVersion();
            view.planType = changed.terms().type();
            view.planTier = changed.terms().tier();
            view.updatedAt = event.time();
            boolean reopen = !"UPGRADE".equals(changed.kind()) && !"JOINED".equals(changed.kind())
                    && Boolean.TRUE.equals(changed.previousPlanCommitting());
            return reopen ? reopening.reopenNotStarted(view, changed.previousPlanId()) : Uni.createFrom().voidItem();
        });
    }

    private Uni<Void> statusChanged(IncomingEvent event) {
        var changed = event.dataAs(json, SubscriptionEvents.StatusChanged.class);
        if (changed.accountId() == null || changed.status() == null) {
            throw new PoisonMessageException(event.type() + " " + event.id() + " lacks accountId or status");
        }
        return known(changed.accountId(), event).chain(view -> {
            view.status = changed.status();
            view.updatedAt = event.time();
            return "CLOSED".equals(view.status) ? reopening.cancelNotStarted(view) : Uni.createFrom().voidItem();
        });
    }

    /**
     * The account's view; its registration comes first on the account's partition, so a missing one
     * is an event this service cannot apply (retried, then dead-lettered with the reason).
     */
    private Uni<AccountView> known(UUID accountId, IncomingEvent event) {
        return accounts.findById(accountId).map(view -> {
            if (view == null) {
                throw new IllegalStateException(event.type() + " " + event.id() + " for unknown account " + accountId);
            }
            return view;
        });
    }
}
