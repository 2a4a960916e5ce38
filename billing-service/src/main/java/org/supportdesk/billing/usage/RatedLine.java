package org.supportdesk.billing.usage;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

/** One line of a rated session (charges positive, credits negative). */
@Entity
@Table(name = "rated_line")
public class RatedLine {
    @Id
    public UUID id;
    @Column(name = "session_id")
    public UUID sessionId;
    public int position;
    public String kind;
    public LocalDate day;
    public int minutes;
    public int included;
    public int billable;
    public BigDecimal amount;
    public String description;
}
