package org.supportdesk.notification.email;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

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
}
