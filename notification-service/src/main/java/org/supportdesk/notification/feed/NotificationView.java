package org.supportdesk.notification.feed;

import java.time.Instant;
import java.util.UUID;

public record NotificationView(UUID id, String kind, String subjectId, String title, String body, Instant createdAt,
        Instant readAt) {

    static NotificationView of(Notification n) {
        return new NotificationView(n.id, n.kind, n.subjectId, n.title, n.body, n.createdAt, n.readAt);
    }
}
