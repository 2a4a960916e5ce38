package org.supportdesk.ticket.sla;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalTime;
import java.util.UUID;

/** R-L2…R-L4: an SLA policy as stored (immutable once created); targets as JSON of ISO-8601 durations. */
@Entity(name = "SlaPolicyRow")
@Table(name = "sla_policy")
public class PolicyEntity {
    @Id
    public UUID id;
    public String name;
    @Column(name = "calendar_id")
    public UUID calendarId;
    @Column(name = "first_response")
    public String firstResponse;
    @Column(name = "follow_up")
    public String followUp;
    @Column(name = "service_request_cutoff")
    public LocalTime serviceRequestCutoff;
    @Column(name = "handling_cutoff")
    public LocalTime handlingCutoff;
    @Column(name = "handling_within_seconds")
    public long handlingWithinSeconds;
    @Column(name = "critical_within_seconds")
    public Long criticalWithinSeconds;
    @Column(name = "escalate_on_breach")
    public boolean escalateOnBreach;
    @Column(name = "plan_ids")
    public UUID[] planIds;
    @Column(name = "is_default")
    public boolean isDefault;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public Instant createdAt;
}
