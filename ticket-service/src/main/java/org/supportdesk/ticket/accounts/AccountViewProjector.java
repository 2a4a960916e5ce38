package org.supportdesk.ticket.accounts;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.supportdesk.platform.inbox.IdempotentConsumer;
import org.supportdesk.platform.inbox.IncomingEvent;
import org.supportdesk.platform.inbox.PoisonMessageException;

/** Keeps {@link AccountView} from {@code subscription-events}; each event applied once. */
@ApplicationScoped
public class AccountViewProjector {

    private static final Logger LOG = Logger.getLogger(AccountViewProjector.class);

    private final IdempotentConsumer consumer;
    private final AccountViewRepository accounts;
    private final ObjectMapper json;

    AccountViewProjector(IdempotentConsumer consumer, AccountViewRepository accounts, ObjectMapper json) {
        this.consumer = consumer;
        this.accounts = accounts;
        this.json = json;
    }

    @Incoming("subscription-events")
    Uni<Void> onSubscriptionEvent(Message<String> message) {
        return consumer.consume("ticket.account-view", message, this::apply);
    }

    Uni<Void> apply(IncomingEvent event) {
        if (!SubscriptionEvents.ACCOUNT_REGISTERED.equals(event.type())) {
            LOG.debugf("ignoring %s", event.type());
            return Uni.createFrom().voidItem();
        }
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
            view.updatedAt = event.time() != null ? event.time() : java.time.Instant.now();
            return accounts.persist(view);
        }).replaceWithVoid();
    }
}
