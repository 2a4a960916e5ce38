package org.supportdesk.notification.feed;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.supportdesk.notification.report.TicketReports;
import org.supportdesk.platform.inbox.IdempotentConsumer;

/** Tells accounts in their feed what happened to their tickets and sessions (R-N1). */
@ApplicationScoped
public class TicketEventsConsumer {

    private final IdempotentConsumer consumer;
    private final FeedWriter feed;
    private final TicketReports reports;

    TicketEventsConsumer(IdempotentConsumer consumer, FeedWriter feed, TicketReports reports) {
        this.consumer = consumer;
        this.feed = feed;
        this.reports = reports;
    }

    @Incoming("ticket-events")
    Uni<Void> onTicketEvents(KafkaRecordBatch<String, String> batch) {
        // R-T10's read model, then R-N1, each for the whole batch at once
        return consumer.consumeBatch("notification.feed", batch,
                events -> reports.trackAll(events).chain(() -> feed.tellAll(events)),
                this::apply);
    }

    private Uni<Void> apply(org.supportdesk.platform.inbox.IncomingEvent event) {
        return reports.track(event).chain(() -> feed.tell(event)); // R-T10's read model, then R-N1
    }
}
