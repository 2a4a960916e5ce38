package org.supportdesk.subscription.subscription;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.supportdesk.platform.PlatformConfig;
import org.supportdesk.platform.inbox.IdempotentConsumer;
import org.supportdesk.platform.inbox.IncomingEvent;
import org.supportdesk.platform.inbox.PoisonMessageException;
import org.supportdesk.subscription.closure.ClosureService;

/**
 * Reads ticket-service's session events: R-S5, the day an account last received service, on the plan
 * period it fell in (the commitment follows it); R-S8, which sessions are being handled, so a closure
 * waits until all handling ends.
 */
@ApplicationScoped
public class TicketSessionsConsumer {

    static final String SESSION_STARTED = "org.supportdesk.ticket.session-started.v1";
    static final String SESSION_CLOSED = "org.supportdesk.ticket.session-closed.v1";

    @JsonIgnoreProperties(ignoreUnknown = true)
    record SessionStarted(UUID sessionId, UUID accountId, Instant startedAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record SessionClosed(UUID sessionId, UUID accountId, Instant endedAt, Long seconds) {
    }

    private final IdempotentConsumer consumer;
    private final ObjectMapper json;
    private final PlatformConfig config;

    private final ClosureService closures;

    TicketSessionsConsumer(IdempotentConsumer consumer, ObjectMapper json, PlatformConfig config,
            ClosureService closures) {
        this.consumer = consumer;
        this.json = json;
        this.config = config;
        this.closures = closures;
    }

    @Incoming("ticket-events")
    Uni<Void> onTicketEvents(KafkaRecordBatch<String, String> batch) {
        return consumer.consumeBatch("subscription.service-received", batch, IdempotentConsumer.eachInOrder(this::apply),
                this::apply);
    }

    Uni<Void> apply(IncomingEvent event) {
        if (SESSION_STARTED.equals(event.type())) {
            return started(event);
        }
        if (!SESSION_CLOSED.equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        SessionClosed closed = event.dataAs(json, SessionClosed.class);
        if (closed.accountId() == null || closed.endedAt() == null) {
            throw new PoisonMessageException("session-closed " + event.id() + " lacks accountId or endedAt");
        }
        Uni<Void> handled = closed.sessionId() == null ? Uni.createFrom().voidItem()
                : Panache.getSession().chain(session -> session
                        .createNativeQuery("delete from active_session where session_id = :session")
                        .setParameter("session", closed.sessionId()).executeUpdate())
                        .chain(() -> closures.handlingEnded(closed.accountId()));
        if (closed.seconds() != null && closed.seconds() <= 0) {
            return handled; // no service was given
        }
        return serviceReceived(closed).chain(() -> handled);
    }

    private Uni<Void> started(IncomingEvent event) {
        SessionStarted started = event.dataAs(json, SessionStarted.class);
        if (started.sessionId() == null || started.accountId() == null || started.startedAt() == null) {
            throw new PoisonMessageException("session-started " + event.id() + " lacks sessionId, accountId or startedAt");
        }
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                insert into active_session (session_id, account_id, started_at) values (:session, :account, :at)
                on conflict do nothing
                """)
                .setParameter("session", started.sessionId()).setParameter("account", started.accountId())
                .setParameter("at", started.startedAt()).executeUpdate()).replaceWithVoid();
    }

    private Uni<Void> serviceReceived(SessionClosed closed) {
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
