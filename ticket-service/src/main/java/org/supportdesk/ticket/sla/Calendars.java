package org.supportdesk.ticket.sla;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.HashSet;
import java.util.List;
import org.supportdesk.platform.PlatformConfig;

/** The configured business calendar, built (and validated) once at start. */
public class Calendars {

    @Produces
    @Singleton
    BusinessCalendar supportCenter(CalendarConfig config, PlatformConfig platform) {
        return BusinessCalendar.parse(platform.zone(), config.hours(),
                new HashSet<>(config.closedDays().orElse(List.of())));
    }
}
