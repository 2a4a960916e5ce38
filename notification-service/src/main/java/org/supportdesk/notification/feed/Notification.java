package org.supportdesk.notification.feed;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.UUID;

/** R-N1: one thing an account was told, on one channel. */
@Entity
@jakarta.persistence.Table(name = "notification")
public class Notification {
    @Id
    public UUID id;
    @Column(name = "account_id")
    public UUID accountId;
    @Column(name = "event_id")
    public UUID eventId;
    public String channel;
    public String kind;
    @Column(name = "subject_id")
    public String subjectId;
    public String title;
    public String body;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "read_at")
    public Instant readAt;
}
