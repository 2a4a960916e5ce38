package org.supportdesk.ticket.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.supportdesk.ticket.sla.BusinessCalendarTest.JERUSALEM;
import static org.supportdesk.ticket.sla.BusinessCalendarTest.at;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.supportdesk.ticket.sla.SlaPolicy.Category;

/** The ticket-service part of each shipped preset (deploy/presets/*.ticket.properties) says what domain.md says. */
class PresetPoliciesTest {

    record Preset(BusinessCalendar calendar, SlaPolicy policy) {
        Instant firstResponse(String openedAt, Category category, boolean critical) {
            SlaPolicy.Deadline d = policy.firstResponse(calendar, at(openedAt), category, critical).orElseThrow();
            return d.dueAt();
        }
    }

    static Preset load(String name) throws Exception {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(Path.of("../deploy/presets/" + name + ".ticket.properties").toUri().toURL()))
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(CalendarConfig.class).withMapping(SlaConfig.class)
                .build();
        return new Preset(Calendars.calendar(config.getConfigMapping(CalendarConfig.class), JERUSALEM),
                Calendars.policy(config.getConfigMapping(SlaConfig.class)));
    }

    @Test
    void supportOnlineAnswersAnyTicketWithinAnHourAroundTheClockExceptYomKippur() throws Exception {
        Preset online = load("support-online");
        assertThat(online.firstResponse("2026-11-27T23:30", Category.INCIDENT_NORMAL, false)).isEqualTo(at("2026-11-28T00:30"));
        assertThat(online.calendar().isBusinessDay(LocalDate.of(2026, 9, 21))).isFalse();
    }

    @Test
    void theCharterCountsSundayToThursdayWithItsSeverityMatrixAndHolidays() throws Exception {
        Preset charter = load("charter");
        assertThat(charter.firstResponse("2026-11-26T15:00", Category.INCIDENT_URGENT, true)).isEqualTo(at("2026-11-29T09:30"));
        assertThat(charter.firstResponse("2026-11-22T09:00", Category.INCIDENT_HIGH, false)).isEqualTo(at("2026-11-22T13:30"));
        assertThat(charter.firstResponse("2026-11-22T11:00", Category.SERVICE_REQUEST, false)).isEqualTo(at("2026-11-22T17:00"));
        assertThat(charter.policy().nextUpdate(charter.calendar(), at("2026-11-22T09:00"), Category.INCIDENT_NORMAL)
                .orElseThrow().budget()).isEqualTo(Duration.ofHours(120));
        assertThat(charter.calendar().isBusinessDay(LocalDate.of(2026, 9, 13))).isFalse(); // Rosh Hashana (Sunday)
        assertThat(charter.calendar().isBusinessDay(LocalDate.of(2026, 9, 20))).isFalse(); // Yom Kippur eve (Sunday)
    }

    @Test
    void theWebshopTriagesInThreeHoursAndServesCriticalIncidentsAtNight() throws Exception {
        Preset webshop = load("webshop");
        assertThat(webshop.firstResponse("2026-11-22T16:00", Category.INCIDENT_NORMAL, false)).isEqualTo(at("2026-11-23T11:00"));
        assertThat(webshop.firstResponse("2026-11-27T22:00", Category.INCIDENT_URGENT, true)).isEqualTo(at("2026-11-28T00:00"));
        assertThat(webshop.policy().handlingStart(webshop.calendar(), at("2026-11-22T14:30"), false).orElseThrow().dueAt())
                .isEqualTo(at("2026-11-23T09:00"));
    }
}
