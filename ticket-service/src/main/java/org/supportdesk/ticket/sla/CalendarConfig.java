package org.supportdesk.ticket.sla;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * R-L1: the support center's business calendar, in the zone of {@code supportdesk.zone}. The default
 * is the support-online preset (`001`): around the clock, closed on Yom Kippur.
 */
@ConfigMapping(prefix = "ticket.calendar")
public interface CalendarConfig {

    /** Working hours, one entry per range of days, e.g. {@code SUN-THU 08:30-17:00}; 24:00 closes at midnight. */
    @WithDefault("SUN-SAT 00:00-24:00")
    List<String> hours();

    /** Holidays and holiday eves, closed all day (ISO dates). */
    @WithDefault("2026-09-21,2027-10-11,2028-09-30")
    Optional<List<LocalDate>> closedDays();
}
