package org.supportdesk.ticket.sessions;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** R-B7: how long a PREPAID account's sessions may run, as billing last said. */
@Entity
@Table(name = "prepaid_balance")
public class PrepaidBalance {
    @Id
    @Column(name = "account_id")
    public UUID accountId;
    @Column(name = "available_seconds")
    public long availableSeconds;
    @Column(name = "as_of")
    public Instant asOf;
}
