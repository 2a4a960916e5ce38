package org.supportdesk.notification.email;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.supportdesk.platform.persistence.TimeOrderedIds;

/** An email to an account: PENDING → SENDING → SENT, or FAILED after the last attempt. */
@Entity
@Table(name = "email_message")
public class EmailMessage {
    @Id
    public UUID id;
    @Column(name = "account_id")
    public UUID accountId;
    @Column(name = "event_id")
    public UUID eventId;
    public String kind;
    @Column(name = "to_address")
    public String toAddress;
    public String language;
    public String subject;
    public String html;
    @Column(name = "text_body")
    public String textBody;
    public String status;
    public int attempts;
    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;
    @Column(name = "last_error")
    public String lastError;
    @Column(name = "sent_at")
    public Instant sentAt;
    @Column(name = "created_at")
    public Instant createdAt;

    /** A rendered e-mail, waiting to be sent now (R-N1): the one shape of a new e-mail. */
    public static EmailMessage pending(UUID accountId, UUID eventId, String kind, String toAddress, String language,
            EmailTemplates.Rendered rendered, Instant now) {
        EmailMessage m = new EmailMessage();
        m.id = TimeOrderedIds.next();
        m.accountId = accountId;
        m.eventId = eventId;
        m.kind = kind;
        m.toAddress = toAddress;
        m.language = language;
        m.subject = rendered.subject();
        m.html = rendered.html();
        m.textBody = rendered.text();
        m.status = "PENDING";
        m.attempts = 0;
        m.nextAttemptAt = now;
        m.createdAt = now;
        return m;
    }
}
