package org.supportdesk.subscription.subscription;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.supportdesk.platform.PlatformConfig;
import org.supportdesk.platform.inbox.IdempotentConsumer;
import org.supportdesk.platform.inbox.IncomingEvent;
import org.supportdesk.platform.inbox.PoisonMessageException;

/**
 * R-S5: records the day an account last received service, on the plan period it fell in, from
 * ticket-service's {@code session-closed} events. The commitment follows it.
 */
@ApplicationScoped
public class ServiceReceivedConsumer {

    static final String SESSION_CLOSED = "org.supportdesk.ticket.session-closed.v1";

    @JsonIgnoreProperties(ignoreUnknown = true)
    record SessionClosed(UUID accountId, Instant endedAt, Long seconds) {
    }

    private final IdempotentConsumer consumer;
    private final ObjectMapper json;
    private final PlatformConfig config;

    ServiceReceivedConsumer(IdempotentConsumer consumer, ObjectMapper json, PlatformConfig config) {
        this.consumer = consumer;
        this.json = json;
        this.config = config;
    }

    @Incoming("ticket-events")
    Uni<Void> onTicketEvent(Message<String> message) {
        return consumer.consume("subscription.service-received", message, this::apply);
    }

    Uni<Void> apply(IncomingEvent event) {
        if (!SESSION_CLOSED.equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        SessionClosed closed = event.dataAs(json, SessionClosed.class);
        if (closed.accountId() == null || closed.endedAt() == null) {
            throw new PoisonMessageException("session-closed " + event.id() + " lacks accountId or endedAt");
        }
        if (closed.seconds() != null && closed.seconds() <= 0) {
            return Uni.createFrom().voidItem(); // no service was given
        }
        LocalDate day = LocalDate.ofInstant(closed.endedAt(), config.zone());
        return Panache.getSession().chain(session -> session.createMutationQuery("""
                update SubscriptionPeriod set lastServiceOn = :day
                where accountId = :account and startsOn <= :day and (endsOn is null or endsOn > :day)
                  and (lastServiceOn is null or lastServiceOn < :day)
                """)
                .setParameter("day", day).setParameter("account", closed.accountId())
                .executeUpdate()).replaceWithVoid();
    }
}
