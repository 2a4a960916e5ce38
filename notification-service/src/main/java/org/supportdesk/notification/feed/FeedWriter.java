package org.supportdesk.notification.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.supportdesk.notification.preferences.Preference;
import org.supportdesk.notification.recipients.Recipient;
import org.supportdesk.platform.inbox.IncomingEvent;
import org.supportdesk.platform.inbox.PoisonMessageException;

/**
 * R-N1, R-N2: puts what an event tells its account into the account's in-app feed, in the account's
 * language, and queues it for the account's partner's webhooks; one notification per (event,
 * account, channel) and one delivery per (endpoint, event), so a redelivery tells no one twice.
 * Runs in the consumer's transaction.
 */
@ApplicationScoped
public class FeedWriter {

    public static final String IN_APP = "IN_APP";

    private final org.supportdesk.notification.webhook.WebhookService webhooks;
    private final ObjectMapper json;
    private final Clock clock;

    FeedWriter(org.supportdesk.notification.webhook.WebhookService webhooks, ObjectMapper json, Clock clock) {
        this.webhooks = webhooks;
        this.json = json;
        this.clock = clock;
    }

    public Uni<Void> tell(IncomingEvent event) {
        JsonNode data = event.dataAs(json, JsonNode.class);
        JsonNode account = data.path("accountId");
        if (account.isMissingNode() || account.isNull()) {
            return Uni.createFrom().voidItem(); // not about an account (a plan, a partner)
        }
        UUID accountId;
        try {
            accountId = UUID.fromString(account.asText());
        } catch (IllegalArgumentException e) {
            throw new PoisonMessageException(event.type() + " " + event.id() + " has no valid accountId");
        }
        return Panache.getSession().chain(s -> s.find(Recipient.class, accountId).chain(recipient -> {
            // the account's registration may still be on its way: Hebrew is the default
            String language = recipient == null ? "he" : recipient.language;
            // R-N2: the partner hears of its customers' events by signed webhook
            Uni<Void> partner = webhooks.enqueue(event, recipient);
            return partner.chain(() -> s.find(Preference.class, accountId)).chain(preference -> FeedRules
                    .of(event.type(), data, language)
                    // opt-outs are honoured, except for legally required messages
                    .filter(told -> Preference.wants(preference, told.kind(), IN_APP))
                    .map(told -> {
                        Notification n = new Notification();
                        n.id = UUID.randomUUID();
                        n.accountId = accountId;
                        n.eventId = event.id();
                        n.channel = IN_APP;
                        n.kind = told.kind();
                        n.subjectId = told.subject().isEmpty() ? accountId.toString() : told.subject();
                        n.title = told.message().title();
                        n.body = told.message().body();
                        n.createdAt = Instant.now(clock);
                        return s.persist(n);
                    }).orElse(Uni.createFrom().voidItem()));
        }));
    }
}
