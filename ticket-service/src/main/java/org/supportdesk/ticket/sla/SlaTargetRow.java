package org.supportdesk.ticket.sla;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** One SLA target of a ticket as stored: its clock, and whether it was met, stopped or breached. */
@Entity
@Table(name = "sla_target")
@IdClass(SlaTargetRow.Key.class)
public class SlaTargetRow {
    @Id
    @Column(name = "ticket_id")
    public UUID ticketId;
    @Id
    @Enumerated(EnumType.STRING)
    public SlaPolicy.Target target;
    @Column(name = "around_the_clock")
    public boolean aroundTheClock;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "budget_seconds")
    public long budgetSeconds;
    @Column(name = "paused_seconds")
    public long pausedSeconds;
    @Column(name = "paused_since")
    public Instant pausedSince;
    @Column(name = "due_at")
    public Instant dueAt;
    @Column(name = "met_at")
    public Instant metAt;
    @Column(name = "stopped_at")
    public Instant stoppedAt;
    @Column(name = "breached_at")
    public Instant breachedAt;

    public record Key(UUID ticketId, SlaPolicy.Target target) implements Serializable {
        public Key() {
            this(null, null);
        }
    }

    boolean isRunning() {
        return metAt == null && stoppedAt == null;
    }

    SlaClock clock() {
        return new SlaClock(startedAt, Duration.ofSeconds(budgetSeconds), Duration.ofSeconds(pausedSeconds), pausedSince,
                dueAt);
    }

    void set(SlaClock clock, BusinessCalendar counting) {
        pausedSeconds = clock.paused().toSeconds();
        pausedSince = clock.pausedSince();
        dueAt = clock.dueAt(counting);
    }
}
