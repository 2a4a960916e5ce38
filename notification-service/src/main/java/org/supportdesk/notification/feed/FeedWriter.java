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

    public static final String EMAIL = "EMAIL";

    private final org.supportdesk.notification.webhook.WebhookService webhooks;
    private final org.supportdesk.notification.email.EmailTemplates emails;
    private final ObjectMapper json;
    private final Clock clock;

    FeedWriter(org.supportdesk.notification.webhook.WebhookService webhooks,
            org.supportdesk.notification.email.EmailTemplates emails, ObjectMapper json, Clock clock) {
        this.webhooks = webhooks;
        this.emails = emails;
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
            return partner.chain(() -> s.find(Preference.class, accountId)).chain(preference -> {
                var told = FeedRules.of(event.type(), data, language);
                if (told.isEmpty()) {
                    return Uni.createFrom().voidItem();
                }
                Instant now = Instant.now(clock);
                Uni<Void> inApp = Uni.createFrom().voidItem();
                // opt-outs are honoured, except for legally required messages
                if (Preference.wants(preference, told.get().kind(), IN_APP)) {
                    Notification n = new Notification();
                    n.id = UUID.randomUUID();
                    n.accountId = accountId;
                    n.eventId = event.id();
                    n.channel = IN_APP;
                    n.kind = told.get().kind();
                    n.subjectId = told.get().subject().isEmpty() ? accountId.toString() : told.get().subject();
                    n.title = told.get().message().title();
                    n.body = told.get().message().body();
                    n.createdAt = now;
                    inApp = s.persist(n);
                }
                if (recipient == null || recipient.email == null || !Preference.wants(preference, told.get().kind(), EMAIL)) {
                    return inApp;
                }
                var rendered = emails.render(told.get().message(), language);
                org.supportdesk.notification.email.EmailMessage m = new org.supportdesk.notification.email.EmailMessage();
                m.id = UUID.randomUUID();
                m.accountId = accountId;
                m.eventId = event.id();
                m.kind = told.get().kind();
                m.toAddress = recipient.email;
                m.language = language;
                m.subject = rendered.subject();
                m.html = rendered.html();
                m.textBody = rendered.text();
                m.status = "PENDING";
                m.attempts = 0;
                m.nextAttemptAt = now;
                m.createdAt = now;
                return inApp.chain(() -> s.persist(m));
            });
        }));
    }
}
