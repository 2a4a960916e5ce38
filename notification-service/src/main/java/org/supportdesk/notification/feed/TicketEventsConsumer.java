package org.supportdesk.notification.feed;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.supportdesk.platform.inbox.IdempotentConsumer;

/** Tells accounts in their feed what happened to their tickets and sessions (R-N1). */
@ApplicationScoped
public class TicketEventsConsumer {

    private final IdempotentConsumer consumer;
    private final FeedWriter feed;

    TicketEventsConsumer(IdempotentConsumer consumer, FeedWriter feed) {
        this.consumer = consumer;
        this.feed = feed;
    }

    @Incoming("ticket-events")
    Uni<Void> onTicketEvent(Message<String> message) {
        return consumer.consume("notification.feed", message, feed::tell);
    }
}
