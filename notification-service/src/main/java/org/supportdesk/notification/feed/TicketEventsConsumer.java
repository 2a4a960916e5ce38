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
    private final org.supportdesk.notification.report.TicketReports reports;

    TicketEventsConsumer(IdempotentConsumer consumer, FeedWriter feed,
            org.supportdesk.notification.report.TicketReports reports) {
        this.consumer = consumer;
        this.feed = feed;
        this.reports = reports;
    }

    @Incoming("ticket-events")
    Uni<Void> onTicketEvents(KafkaRecordBatch<String, String> batch) {
        // R-T10's read model event by event (only the events it keeps: each is flushed on its own), then
        // R-N1 for the whole batch at once
        return consumer.consumeBatch("notification.feed", batch,
                events -> IdempotentConsumer.eachInOrder(reports::track)
                        .apply(events.stream().filter(TicketReports::tracks).toList()).chain(() -> feed.tellAll(events)),
                this::apply);
    }

    private Uni<Void> apply(org.supportdesk.platform.inbox.IncomingEvent event) {
        return reports.track(event).chain(() -> feed.tell(event)); // R-T10's read model, then R-N1
    }
}
