package org.supportdesk.billing.wallet;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** R-B6: one append-only change of a wallet, with its source and reason. */
@Entity
@Table(name = "wallet_entry")
public class WalletEntry {
    @Id
    public UUID id;
    @Column(name = "account_id")
    public UUID accountId;
    public int minutes;
    public BigDecimal cash;
    public String source;
    public String reason;
    @Column(name = "ticket_id")
    public UUID ticketId;
    @Column(name = "event_id")
    public UUID eventId;
    public Instant at;
}
