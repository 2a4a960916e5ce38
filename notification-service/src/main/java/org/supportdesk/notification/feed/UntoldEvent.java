package org.supportdesk.notification.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.UUID;
import org.supportdesk.platform.inbox.IncomingEvent;
import org.supportdesk.platform.persistence.TimeOrderedIds;

/**
 * R-N1, R-N2: an event about an account not registered yet, kept whole until account-registered says
 * where to mail it and which partner to call ({@link FeedWriter#tellRegistered}).
 */
@Entity
@jakarta.persistence.Table(name = "untold_event")
public class UntoldEvent {
    @Id
    public UUID id;
    @Column(name = "account_id")
    public UUID accountId;
    @Column(name = "event_id")
    public UUID eventId;
    @Column(name = "event_type")
    public String eventType;
    public String source;
    public String subject;
    @Column(name = "event_key")
    public String eventKey;
    @Column(name = "occurred_at")
    public Instant occurredAt;
    public String data;
    @Column(name = "created_at")
    public Instant createdAt;

    static UntoldEvent of(IncomingEvent event, UUID accountId, Instant now) {
        UntoldEvent u = new UntoldEvent();
        u.id = TimeOrderedIds.next();
        u.accountId = accountId;
        u.eventId = event.id();
        u.eventType = event.type();
        u.source = event.source();
        u.subject = event.subject();
        u.eventKey = event.key();
        u.occurredAt = event.time();
        u.data = event.data().toString();
        u.createdAt = now;
        return u;
    }

    IncomingEvent event(ObjectMapper json) {
        try {
            return new IncomingEvent(eventId, eventType, source, subject, occurredAt, eventKey, json.readTree(data));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("untold event " + eventId + " does not read back", e);
        }
    }
}
