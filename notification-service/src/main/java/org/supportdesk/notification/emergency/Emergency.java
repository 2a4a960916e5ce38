package org.supportdesk.notification.emergency;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** R-E1: a declared emergency: all accounts or the listed ones, from its start until ops end it. */
@Entity
@Table(name = "emergency")
public class Emergency {
    @Id
    public UUID id;
    public String title;
    public String message;
    @Column(name = "all_accounts")
    public boolean allAccounts;
    @Column(name = "account_ids")
    public UUID[] accountIds;
    @Column(name = "starts_at")
    public Instant startsAt;
    @Column(name = "expected_end_at")
    public Instant expectedEndAt;
    @Column(name = "declared_by")
    public String declaredBy;
    @Column(name = "ended_at")
    public Instant endedAt;
    @Column(name = "ended_by")
    public String endedBy;
}
