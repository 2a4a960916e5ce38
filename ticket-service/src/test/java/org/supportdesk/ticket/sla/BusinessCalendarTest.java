package org.supportdesk.ticket.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BusinessCalendarTest {

    static final ZoneId JERUSALEM = ZoneId.of("Asia/Jerusalem");
    /** `003`: Sun–Thu 08:30–17:00, with Rosh Hashana 2026 (Sat 12 – Sun 13 Sep) and its eve (Fri 11 Sep) closed. */
    static final BusinessCalendar CHARTER = BusinessCalendar.parse(JERUSALEM, List.of("SUN-THU 08:30-17:00"),
            Set.of(LocalDate.of(2026, 9, 11), LocalDate.of(2026, 9, 12), LocalDate.of(2026, 9, 13)));
    /** `001`: around the clock except Yom Kippur (Mon 21 Sep 2026). */
    static final BusinessCalendar ONLINE = BusinessCalendar.aroundTheClock(JERUSALEM, Set.of(LocalDate.of(2026, 9, 21)));

    static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(JERUSALEM).toInstant();
    }

    @Test
    void rL1_addsWithinOneWorkingDay() {
        // Sun 22 Nov 2026 09:00 + 3 h
        assertThat(CHARTER.add(at("2026-11-22T09:00"), Duration.ofHours(3))).isEqualTo(at("2026-11-22T12:00"));
    }

    @Test
    void rL1_aTargetMayFallDueExactlyAtClosing() {
        assertThat(CHARTER.add(at("2026-11-22T08:30"), Duration.ofMinutes(510))).isEqualTo(at("2026-11-22T17:00"));
    }

    @Test
    void rL1_carriesOverToTheNextMorning() {
        // Sun 16:00 + 3 h: 1 h on Sunday, 2 h from Monday 08:30
        assertThat(CHARTER.add(at("2026-11-22T16:00"), Duration.ofHours(3))).isEqualTo(at("2026-11-23T10:30"));
    }

    @Test
    void rL1_skipsTheWeekend() {
        // Thu 26 Nov 15:00 + 4.5 h: 2 h Thursday, then Sunday 29 Nov 08:30 + 2.5 h
        assertThat(CHARTER.add(at("2026-11-26T15:00"), Duration.ofMinutes(270))).isEqualTo(at("2026-11-29T11:00"));
    }

    @Test
    void rL1_startsCountingAtOpeningWhenOpenedOutsideHours() {
        assertThat(CHARTER.add(at("2026-11-27T22:00"), Duration.ofHours(1))).isEqualTo(at("2026-11-29T09:30"));
        assertThat(CHARTER.add(at("2026-11-23T06:00"), Duration.ofHours(1))).isEqualTo(at("2026-11-23T09:30"));
        assertThat(CHARTER.nextOpen(at("2026-11-27T22:00"))).isEqualTo(at("2026-11-29T08:30"));
        assertThat(CHARTER.nextOpen(at("2026-11-23T10:00"))).isEqualTo(at("2026-11-23T10:00"));
    }

    @Test
    void rL1_holidaysAndEvesAreClosed() {
        // Thu 10 Sep 16:00 + 2 h: 1 h Thursday; Fri 11 (eve), Sat 12, Sun 13 (holiday) closed → Mon 14 09:30
        assertThat(CHARTER.add(at("2026-09-10T16:00"), Duration.ofHours(2))).isEqualTo(at("2026-09-14T09:30"));
        assertThat(CHARTER.isBusinessDay(LocalDate.of(2026, 9, 13))).isFalse();
        assertThat(CHARTER.isBusinessDay(LocalDate.of(2026, 9, 14))).isTrue();
    }

    @Test
    void rL1_aroundTheClockCountsNightsButNotYomKippur() {
        assertThat(ONLINE.add(at("2026-11-27T23:30"), Duration.ofHours(1))).isEqualTo(at("2026-11-28T00:30"));
        assertThat(ONLINE.add(at("2026-09-20T23:30"), Duration.ofHours(1))).isEqualTo(at("2026-09-22T00:30"));
        assertThat(ONLINE.isOpen(at("2026-09-21T12:00"))).isFalse();
        assertThat(ONLINE.isOpen(at("2026-11-28T03:00"))).isTrue();
    }

    @Test
    void rL1_dstDaysHaveTheirTrueLength() {
        // Israel: summer time ends Sun 25 Oct 2026 at 02:00 (clocks back to 01:00): that day has 25 hours
        assertThat(ONLINE.between(at("2026-10-25T00:00"), at("2026-10-26T00:00"))).isEqualTo(Duration.ofHours(25));
        assertThat(ONLINE.add(at("2026-10-24T23:00"), Duration.ofHours(4))).isEqualTo(at("2026-10-25T02:00"));
        // summer time starts Fri 27 Mar 2026 at 02:00 (clocks forward to 03:00): 23 hours
        assertThat(ONLINE.between(at("2026-03-27T00:00"), at("2026-03-28T00:00"))).isEqualTo(Duration.ofHours(23));
        assertThat(ONLINE.add(at("2026-03-27T01:30"), Duration.ofHours(1))).isEqualTo(at("2026-03-27T03:30"));
        // a working-hours calendar is untouched by a change at 02:00
        assertThat(CHARTER.between(at("2026-10-25T00:00"), at("2026-10-26T00:00"))).isEqualTo(Duration.ofMinutes(510));
    }

    @Test
    void rL1_elapsedBusinessTimeSkipsNightsWeekendsAndHolidays() {
        assertThat(CHARTER.between(at("2026-11-26T16:00"), at("2026-11-29T09:30"))).isEqualTo(Duration.ofHours(2));
        assertThat(CHARTER.between(at("2026-11-22T08:30"), at("2026-11-29T08:30"))).isEqualTo(Duration.ofMinutes(5 * 510));
        assertThat(CHARTER.between(at("2026-09-10T16:00"), at("2026-09-14T09:30"))).isEqualTo(Duration.ofHours(2));
        assertThat(CHARTER.between(at("2026-11-29T10:00"), at("2026-11-29T09:00"))).isZero();
    }

    @Test
    void rL1_addAndBetweenAgree() {
        Instant from = at("2026-11-26T15:47");
        for (int minutes : new int[] { 0, 1, 59, 73, 510, 511, 2000, 10_000 }) {
            Instant due = CHARTER.add(from, Duration.ofMinutes(minutes));
            assertThat(CHARTER.between(from, due)).as("%d minutes", minutes).isEqualTo(Duration.ofMinutes(minutes));
        }
    }

    @Test
    void rT4_rT6_businessDaysKeepTheWallClockTimeAndSkipClosedDays() {
        // Thu 26 Nov 11:00 + 2 business days → Mon 30 Nov 11:00
        assertThat(CHARTER.addBusinessDays(at("2026-11-26T11:00"), 2)).isEqualTo(at("2026-11-30T11:00"));
        // Thu 10 Sep + 1 business day → Mon 14 Sep (eve, Saturday and holiday skipped)
        assertThat(CHARTER.addBusinessDays(at("2026-09-10T11:00"), 1)).isEqualTo(at("2026-09-14T11:00"));
        assertThat(ONLINE.addBusinessDays(at("2026-09-20T11:00"), 1)).isEqualTo(at("2026-09-22T11:00"));
    }

    @Test
    void rL3_rL4_theNextBusinessMorning() {
        assertThat(CHARTER.nextBusinessMorning(at("2026-11-26T14:30"))).isEqualTo(at("2026-11-29T08:30"));
        assertThat(CHARTER.nextBusinessMorning(at("2026-11-22T14:30"))).isEqualTo(at("2026-11-23T08:30"));
        assertThat(CHARTER.closingOf(LocalDate.of(2026, 11, 22))).isEqualTo(at("2026-11-22T17:00"));
        assertThat(CHARTER.closingOf(LocalDate.of(2026, 11, 27))).isNull();
    }

    @Test
    void rL1_splitHoursAndShortDaysParse() {
        BusinessCalendar webshop = BusinessCalendar.parse(JERUSALEM,
                List.of("SUN-THU 09:00-13:00", "SUN-THU 14:00-17:00", "FRI 09:00-12:00"), Set.of());
        assertThat(webshop.add(at("2026-11-22T12:30"), Duration.ofHours(1))).isEqualTo(at("2026-11-22T14:30"));
        assertThat(webshop.add(at("2026-11-26T16:00"), Duration.ofHours(2))).isEqualTo(at("2026-11-27T10:00"));
        assertThat(webshop.isOpen(at("2026-11-22T13:30"))).isFalse();
    }

    /** R-L1: hours given on two lines that overlap count once: Thursday is 08:30-20:00, 11.5 hours. */
    @Test
    void rL1_overlappingHoursCountOnce() {
        BusinessCalendar late = BusinessCalendar.parse(JERUSALEM, List.of("SUN-THU 08:30-17:00", "THU 16:00-20:00"),
                Set.of());
        assertThat(late.add(at("2026-11-26T15:00"), Duration.ofMinutes(270))).isEqualTo(at("2026-11-26T19:30"));
        assertThat(late.between(at("2026-11-26T08:30"), at("2026-11-26T20:00"))).isEqualTo(Duration.ofMinutes(690));
        BusinessCalendar night = BusinessCalendar.parse(JERUSALEM, List.of("SUN 20:00-24:00", "SUN 22:00-23:00",
                "SUN 08:00-20:00"), Set.of());
        assertThat(night.between(at("2026-11-22T00:00"), at("2026-11-23T00:00"))).isEqualTo(Duration.ofHours(16));
    }

    @Test
    void rL1_badCalendarsAreRefused() {
        assertThatThrownBy(() -> BusinessCalendar.parse(JERUSALEM, List.of("Sundays 9-5"), Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BusinessCalendar.parse(JERUSALEM, List.of("SUN 17:00-09:00"), Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BusinessCalendar.parse(JERUSALEM, List.of(), Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CHARTER.add(at("2026-11-22T09:00"), Duration.ofMinutes(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
