package org.supportdesk.subscription.freeze;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.supportdesk.subscription.subscription.CommitmentPolicy;

/** R-S7: one freeze of an account, from {@code startsAt} until released. */
@Entity
@Table(name = "account_freeze")
public class AccountFreeze {
    @Id
    public UUID id;
    @Column(name = "account_id")
    public UUID accountId;
    @Enumerated(EnumType.STRING)
    public FreezeReason reason;
    public String note;
    @Column(name = "starts_on")
    public LocalDate startsOn;
    @Column(name = "starts_at")
    public Instant startsAt;
    @Column(name = "ends_on")
    public LocalDate endsOn;
    @Column(name = "ends_at")
    public Instant endsAt;
    @Column(name = "requested_by")
    public String requestedBy;
    @Column(name = "released_by")
    public String releasedBy;
    @Column(name = "created_at")
    public Instant createdAt;
    /** R-S7: the invoice whose failed payment froze the account, when paying it lifts the freeze. */
    @Column(name = "invoice_id")
    public UUID invoiceId;

    public CommitmentPolicy.Freeze asPolicyFreeze() {
        return new CommitmentPolicy.Freeze(startsOn, endsOn);
    }
}
