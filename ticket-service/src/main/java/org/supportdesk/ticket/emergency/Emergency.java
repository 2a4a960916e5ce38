package org.supportdesk.ticket.emergency;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** R-E1: an emergency as notification-service declared it: all accounts, or the listed ones. */
@Entity
@Table(name = "emergency")
public class Emergency {
    @Id
    public UUID id;
    @Column(name = "all_accounts")
    public boolean allAccounts;
    @Column(name = "account_ids")
    public UUID[] accountIds;
    public String title;
    @Column(name = "starts_at")
    public Instant startsAt;
    /** When its clocks paused: at the declaration, or at its start if declared ahead (null: not yet). */
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "ended_at")
    public Instant endedAt;

    boolean covers(UUID accountId) {
        if (allAccounts) {
            return true;
        }
        for (UUID id : accountIds) {
            if (id.equals(accountId)) {
                return true;
            }
        }
        return false;
    }
}
