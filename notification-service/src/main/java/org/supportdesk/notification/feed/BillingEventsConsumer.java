package org.supportdesk.notification.feed;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.supportdesk.platform.inbox.IdempotentConsumer;

/** Tells accounts of invoices issued and payments that failed (R-N1). */
@ApplicationScoped
public class BillingEventsConsumer {

    private final IdempotentConsumer consumer;
    private final FeedWriter feed;

    BillingEventsConsumer(IdempotentConsumer consumer, FeedWriter feed) {
        this.consumer = consumer;
        this.feed = feed;
    }

    @Incoming("billing-events")
    Uni<Void> onBillingEvents(KafkaRecordBatch<String, String> batch) {
        return consumer.consumeBatch("notification.billing", batch, feed::tellAll, feed::tell);
    }
}
