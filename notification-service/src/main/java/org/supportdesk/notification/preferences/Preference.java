package org.supportdesk.notification.preferences;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** An account's notification preferences; none stored means every channel, every kind. */
@Entity
@Table(name = "notification_preference")
public class Preference {

    /** Kinds the law (or the contract) requires us to send: no opt-out. */
    public static final Set<String> REQUIRED = Set.of("invoice-issued", "payment-failed", "account-frozen",
            "account-freeze-scheduled", "account-unfrozen", "emergency-declared", "emergency-ended");

    @Id
    @Column(name = "account_id")
    public UUID accountId;
    @Column(name = "in_app")
    public boolean inApp;
    public boolean email;
    @Column(name = "muted_kinds")
    public String[] mutedKinds;
    public String language;
    @Column(name = "updated_at")
    public Instant updatedAt;

    /** Whether a notification of this kind goes out on this channel. Pure. */
    public static boolean wants(Preference p, String kind, String channel) {
        if (p == null || REQUIRED.contains(kind)) {
            return true;
        }
        boolean channelOn = switch (channel) {
            case "IN_APP" -> p.inApp;
            case "EMAIL" -> p.email;
            default -> true;
        };
        return channelOn && !List.of(p.mutedKinds).contains(kind);
    }
}
