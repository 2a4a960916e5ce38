package org.supportdesk.platform.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.supportdesk.platform.PlatformConfig;
import org.supportdesk.platform.persistence.Rows;
import org.supportdesk.platform.persistence.TimeOrderedIds;

/**
 * Appends events to the transactional outbox in the caller's current transaction, so the state change
 * and the events it causes commit together or not at all. Call it inside {@code @WithTransaction}.
 * Every append wakes the {@link OutboxRelay}, which publishes a moment later.
 */
@ApplicationScoped
public class Outbox {

    private final PlatformConfig config;
    private final ObjectMapper json;
    private final Clock clock;
    private final OutboxWakes wakes;

    Outbox(PlatformConfig config, ObjectMapper json, Clock clock, OutboxWakes wakes) {
        this.config = config;
        this.json = json;
        this.clock = clock;
        this.wakes = wakes;
    }

    /**
     * @param type    the CloudEvents type, e.g. {@code org.supportdesk.ticket.ticket-opened.v1}
     * @param subject the aggregate the event is about (its id)
     * @param accountId the Kafka key: one account's events stay ordered in one partition
     * @param data    the event's JSON data (a record)
     * @return the stored row, whose id is the CloudEvents id
     */
    public Uni<OutboxEvent> append(String type, String subject, String accountId, Object data) {
        OutboxEvent event = event(new Pending(type, subject, accountId, data));
        return Panache.getSession().chain(session -> session.persist(event)).invoke(wakes::wake).replaceWith(event);
    }

    /** An event to append: its type, subject, Kafka key and data, as {@link #append}'s arguments. */
    public record Pending(String type, String subject, String accountId, Object data) {
    }

    /**
     * Appends many events with one statement ({@link Rows}), in their order and after everything the
     * transaction appended before: for the set-based paths that cause hundreds of events at once.
     */
    public Uni<Void> appendAll(List<Pending> events) {
        return events.isEmpty() ? Uni.createFrom().voidItem()
                : Panache.getSession().chain(session -> Rows.insertAll(session, json, events.stream().map(this::event).toList()))
                        .invoke(wakes::wake);
    }

    /**
     * New rows of the state change and the events it causes, written with one statement
     * ({@link Rows#insertTogether}: the rows' lists in their order, then the events): for a change that
     * creates its aggregate, as opening a ticket does, one round trip instead of one per table.
     */
    public Uni<Void> appendWith(List<? extends List<?>> rows, List<Pending> events) {
        List<List<?>> tables = new ArrayList<>(rows);
        tables.add(events.stream().map(this::event).toList());
        return Panache.getSession().chain(session -> Rows.insertTogether(session, json, tables)).invoke(wakes::wake);
    }

    private OutboxEvent event(Pending pending) {
        OutboxEvent event = new OutboxEvent();
        event.id = TimeOrderedIds.next();
        event.topic = config.outbox().topic();
        event.source = config.outbox().source();
        event.type = pending.type();
        event.subject = pending.subject();
        event.partitionKey = pending.accountId();
        event.occurredAt = Instant.now(clock);
        event.payload = serialize(pending.data());
        return event;
    }

    private String serialize(Object data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event data of " + data.getClass() + " cannot be written as JSON", e);
        }
    }
}
