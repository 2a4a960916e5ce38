package org.supportdesk.notification.recipients;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.supportdesk.notification.feed.FeedWriter;
import org.supportdesk.platform.inbox.IdempotentConsumer;
import org.supportdesk.platform.inbox.IncomingEvent;
import org.supportdesk.platform.inbox.PoisonMessageException;

/** Keeps {@link Recipient}s from {@code subscription-events}, and tells them what concerns them there (R-N1). */
@ApplicationScoped
public class RecipientProjector {

    static final String ACCOUNT_REGISTERED = "org.supportdesk.subscription.account-registered.v1";
    static final String ACCOUNT_CLOSED = "org.supportdesk.subscription.account-closed.v1";

    @JsonIgnoreProperties(ignoreUnknown = true)
    record AccountRegistered(UUID accountId, UUID partnerId, String displayName, String email, String language,
            String timeZone) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record AccountClosed(UUID accountId) {
    }

    private final IdempotentConsumer consumer;
    private final org.supportdesk.notification.feed.FeedWriter feed;
    private final org.supportdesk.notification.report.TicketReports reports;
    private final ObjectMapper json;

    RecipientProjector(IdempotentConsumer consumer, org.supportdesk.notification.feed.FeedWriter feed,
            org.supportdesk.notification.report.TicketReports reports, ObjectMapper json) {
        this.consumer = consumer;
        this.feed = feed;
        this.reports = reports;
        this.json = json;
    }

    @Incoming("subscription-events")
    Uni<Void> onSubscriptionEvents(KafkaRecordBatch<String, String> batch) {
        return consumer.consumeBatch("notification.recipients", batch, this::applyAll, this::apply);
    }

    /**
     * A poll's events in order, in one transaction; the accounts it registers locked first, all at once
     * and in order ({@link org.supportdesk.notification.feed.FeedWriter#lockRegistrations}), as a batch
     * of events about unregistered accounts locks them: the two never wait for each other in a circle.
     */
    Uni<Void> applyAll(List<IncomingEvent> events) {
        UUID[] registering = events.stream().filter(e -> ACCOUNT_REGISTERED.equals(e.type()))
                .map(e -> e.dataAs(json, AccountRegistered.class).accountId()).filter(Objects::nonNull)
                .distinct().toArray(UUID[]::new);
        return Panache.getSession().chain(s -> FeedWriter.lockRegistrations(s, registering))
                .chain(() -> IdempotentConsumer.eachInOrder(this::apply).apply(events));
    }

    Uni<Void> apply(IncomingEvent event) {
        if (ACCOUNT_CLOSED.equals(event.type())) {
            // R-S8 with R-T10: a closed account is sent no more ticket reports, and cannot ask again
            AccountClosed closed = event.dataAs(json, AccountClosed.class);
            return closed.accountId() == null ? feed.tell(event)
                    : feed.tell(event).chain(() -> reports.closed(closed.accountId(), event.time()));
        }
        if (!ACCOUNT_REGISTERED.equals(event.type())) {
            return feed.tell(event); // R-N1: freezes, plan changes, wallet credits
        }
        AccountRegistered registered = event.dataAs(json, AccountRegistered.class);
        if (registered.accountId() == null) {
            throw new PoisonMessageException("account-registered " + event.id() + " lacks accountId");
        }
        return Panache.getSession().chain(session -> session.find(Recipient.class, registered.accountId())
                .chain(existing -> {
                    Recipient recipient = existing != null ? existing : new Recipient();
                    recipient.accountId = registered.accountId();
                    recipient.partnerId = registered.partnerId();
                    recipient.displayName = registered.displayName() == null ? "" : registered.displayName();
                    recipient.email = registered.email();
                    recipient.language = "en".equals(registered.language()) ? "en" : "he";
                    recipient.timeZone = registered.timeZone() == null ? "Asia/Jerusalem" : registered.timeZone();
                    recipient.updatedAt = event.time();
                    // R-N1, R-N2: events about the account that came before its registration are told now
                    return existing != null ? Uni.createFrom().voidItem()
                            : session.persist(recipient).chain(session::flush)
                                    .chain(() -> feed.tellRegistered(recipient.accountId));
                }));
    }
}
