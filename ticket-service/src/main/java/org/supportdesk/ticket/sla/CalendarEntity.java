package org.supportdesk.ticket.sla;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** R-L1: a business calendar as stored (immutable once created). */
@Entity(name = "BusinessCalendarRow")
@Table(name = "business_calendar")
public class CalendarEntity {
    @Id
    public UUID id;
    public String name;
    @Column(name = "time_zone")
    public String timeZone;
    public String[] hours;
    @Column(name = "closed_days")
    public LocalDate[] closedDays;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public Instant createdAt;

    BusinessCalendar calendar() {
        return BusinessCalendar.parse(ZoneId.of(timeZone), List.of(hours), Set.of(closedDays));
    }
}
