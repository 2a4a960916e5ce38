package org.supportdesk.ticket.sla;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.supportdesk.platform.PlatformConfig;

/** The configured business calendar and SLA policy, built (and validated) once at start. */
public class Calendars {

    @Produces
    @Singleton
    BusinessCalendar supportCenter(CalendarConfig config, PlatformConfig platform) {
        return calendar(config, platform.zone());
    }

    @Produces
    @Singleton
    SlaPolicy slaPolicy(SlaConfig config) {
        return policy(config);
    }

    public static BusinessCalendar calendar(CalendarConfig config, java.time.ZoneId zone) {
        return BusinessCalendar.parse(zone, config.hours(), new HashSet<>(config.closedDays().orElse(List.of())));
    }

    public static SlaPolicy policy(SlaConfig config) {
        return new SlaPolicy(categories(config.firstResponse()), categories(config.followUp()),
                config.serviceRequestCutoff(), config.handlingCutoff(), config.handlingWithin(), config.criticalWithin());
    }

    private static <V> Map<SlaPolicy.Category, V> categories(Map<String, V> byName) {
        Map<SlaPolicy.Category, V> map = new EnumMap<>(SlaPolicy.Category.class);
        byName.forEach((name, value) -> {
            try {
                map.put(SlaPolicy.Category.valueOf(name.toUpperCase().replace('-', '_')), value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("ticket.sla: unknown category " + name + "; use one of "
                        + List.of(SlaPolicy.Category.values()), e);
            }
        });
        return map;
    }
}
