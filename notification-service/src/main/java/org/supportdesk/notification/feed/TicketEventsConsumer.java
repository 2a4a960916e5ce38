package org.supportdesk.notification.feed;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.supportdesk.notification.recipients.Recipient;
import org.supportdesk.platform.inbox.IdempotentConsumer;
import org.supportdesk.platform.inbox.IncomingEvent;
import org.supportdesk.platform.inbox.PoisonMessageException;

/** Tells accounts in their feed what happened to their tickets (R-N1). */
@ApplicationScoped
public class TicketEventsConsumer {

    static final String TICKET_OPENED = "org.supportdesk.ticket.ticket-opened.v1";
    static final String IN_APP = "IN_APP";

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TicketOpened(UUID ticketId, Long number, UUID accountId, String title) {
    }

    private final IdempotentConsumer consumer;
    private final ObjectMapper json;
    private final Clock clock;

    TicketEventsConsumer(IdempotentConsumer consumer, ObjectMapper json, Clock clock) {
        this.consumer = consumer;
        this.json = json;
        this.clock = clock;
    }

    @Incoming("ticket-events")
    Uni<Void> onTicketEvent(Message<String> message) {
        return consumer.consume("notification.feed", message, this::apply);
    }

    Uni<Void> apply(IncomingEvent event) {
        if (!TICKET_OPENED.equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        TicketOpened opened = event.dataAs(json, TicketOpened.class);
        if (opened.ticketId() == null || opened.accountId() == null || opened.number() == null) {
            throw new PoisonMessageException("ticket-opened " + event.id() + " lacks ticketId, accountId or number");
        }
        return Panache.getSession().chain(session -> session.find(Recipient.class, opened.accountId())
                .chain(recipient -> {
                    // the account's registration may still be on its way: Hebrew is the default
                    String language = recipient == null ? "he" : recipient.language;
                    FeedMessages.Message words = FeedMessages.ticketOpened(language, opened.number(),
                            opened.title() == null ? "" : opened.title());
                    Notification notification = new Notification();
                    notification.id = UUID.randomUUID();
                    notification.accountId = opened.accountId();
                    notification.eventId = event.id();
                    notification.channel = IN_APP;
                    notification.kind = "ticket-opened";
                    notification.subjectId = opened.ticketId().toString();
                    notification.title = words.title();
                    notification.body = words.body();
                    notification.createdAt = Instant.now(clock);
                    return session.persist(notification);
                }));
    }
}
