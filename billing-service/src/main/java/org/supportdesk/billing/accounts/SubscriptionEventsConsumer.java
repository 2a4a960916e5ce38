package org.supportdesk.billing.accounts;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.supportdesk.billing.wallet.WalletService;
import org.supportdesk.platform.inbox.IdempotentConsumer;
import org.supportdesk.platform.inbox.IncomingEvent;
import org.supportdesk.platform.inbox.PoisonMessageException;

/** Keeps billing's accounts from {@code subscription-events} and opens each account's wallet. */
@ApplicationScoped
public class SubscriptionEventsConsumer {

    private final IdempotentConsumer consumer;
    private final WalletService wallets;
    private final ObjectMapper json;

    SubscriptionEventsConsumer(IdempotentConsumer consumer, WalletService wallets, ObjectMapper json) {
        this.consumer = consumer;
        this.wallets = wallets;
        this.json = json;
    }

    @Incoming("subscription-events")
    Uni<Void> onSubscriptionEvent(Message<String> message) {
        return consumer.consume("billing.accounts", message, this::apply);
    }

    Uni<Void> apply(IncomingEvent event) {
        if (!SubscriptionEvents.ACCOUNT_REGISTERED.equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        var registered = event.dataAs(json, SubscriptionEvents.AccountRegistered.class);
        if (registered.accountId() == null || registered.status() == null) {
            throw new PoisonMessageException("account-registered " + event.id() + " lacks accountId or status");
        }
        Instant at = event.time() != null ? event.time() : Instant.now();
        return Panache.getSession()
                .chain(session -> session.find(BillingAccount.class, registered.accountId())
                        .chain(existing -> {
                            BillingAccount account = existing != null ? existing : new BillingAccount();
                            account.accountId = registered.accountId();
                            account.partnerId = registered.partnerId();
                            account.status = registered.status();
                            account.updatedAt = at;
                            return existing != null ? Uni.createFrom().item(account)
                                    : session.persist(account).replaceWith(account);
                        }))
                .chain(account -> wallets.openFor(account.accountId, at));
    }
}
