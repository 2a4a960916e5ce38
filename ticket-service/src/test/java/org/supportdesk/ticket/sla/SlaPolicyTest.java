package org.supportdesk.ticket.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.supportdesk.ticket.sla.BusinessCalendarTest.CHARTER;
import static org.supportdesk.ticket.sla.BusinessCalendarTest.JERUSALEM;
import static org.supportdesk.ticket.sla.BusinessCalendarTest.ONLINE;
import static org.supportdesk.ticket.sla.BusinessCalendarTest.at;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.supportdesk.ticket.sla.SlaPolicy.Category;
import org.supportdesk.ticket.sla.SlaPolicy.Deadline;

class SlaPolicyTest {

    /** `003` basic service (R-L2) with the customer-success service-request rule (R-L3). */
    static final SlaPolicy CHARTER_POLICY = new SlaPolicy(
            Map.of(Category.INCIDENT_URGENT, Duration.ofHours(3), Category.INCIDENT_HIGH, Duration.ofMinutes(270),
                    Category.INCIDENT_NORMAL, Duration.ofHours(6)),
            Map.of(Category.INCIDENT_URGENT, Duration.ofHours(6), Category.INCIDENT_HIGH, Duration.ofHours(48),
                    Category.INCIDENT_NORMAL, Duration.ofHours(120)),
            Optional.of(LocalTime.NOON), Optional.empty(), Duration.ZERO, Optional.empty());
    /** `004`: triage in 3 business hours, handling by the 14:00 rule, critical incidents in 2 hours (R-L4). */
    static final SlaPolicy WEBSHOP_POLICY = new SlaPolicy(
            Map.of(Category.INCIDENT_URGENT, Duration.ofHours(3), Category.INCIDENT_HIGH, Duration.ofHours(3),
                    Category.INCIDENT_NORMAL, Duration.ofHours(3), Category.SERVICE_REQUEST, Duration.ofHours(3)),
            Map.of(), Optional.empty(), Optional.of(LocalTime.of(14, 0)), Duration.ofHours(8),
            Optional.of(Duration.ofHours(2)));
    static final BusinessCalendar WEBSHOP = BusinessCalendar.parse(JERUSALEM, List.of("SUN-THU 09:00-17:00"), Set.of());
    /** `001`: any ticket, 1 hour, around the clock. */
    static final SlaPolicy ONLINE_POLICY = new SlaPolicy(
            Map.of(Category.INCIDENT_URGENT, Duration.ofHours(1), Category.INCIDENT_HIGH, Duration.ofHours(1),
                    Category.INCIDENT_NORMAL, Duration.ofHours(1), Category.SERVICE_REQUEST, Duration.ofHours(1)),
            Map.of(), Optional.empty(), Optional.empty(), Duration.ZERO, Optional.empty());

    static Instant due(BusinessCalendar calendar, Optional<Deadline> deadline) {
        Deadline d = deadline.orElseThrow();
        // the planned due time, and the budget counts the same business time to it
        BusinessCalendar counting = d.aroundTheClock() ? SlaPolicy.aroundTheClock(JERUSALEM) : calendar;
        assertThat(counting.between(d.startsAt(), d.dueAt())).isEqualTo(d.budget());
        return d.dueAt();
    }

    @Test
    void rL2_incidentTargetsCountBusinessTime() {
        // URGENT opened Thu 26 Nov 15:00: 3 business hours → Sun 29 Nov 09:30 (2 h Thu, 1 h Sun)
        assertThat(due(CHARTER, CHARTER_POLICY.firstResponse(CHARTER, at("2026-11-26T15:00"), Category.INCIDENT_URGENT,
                false))).isEqualTo(at("2026-11-29T09:30"));
        assertThat(due(CHARTER, CHARTER_POLICY.firstResponse(CHARTER, at("2026-11-22T09:00"), Category.INCIDENT_HIGH,
                false))).isEqualTo(at("2026-11-22T13:30"));
        assertThat(CHARTER_POLICY.nextUpdate(CHARTER, at("2026-11-22T09:00"), Category.INCIDENT_URGENT).orElseThrow().budget())
                .isEqualTo(Duration.ofHours(6));
    }

    @Test
    void rL2_aroundTheClockPolicyAnswersWithinAnHourAtNight() {
        assertThat(due(ONLINE, ONLINE_POLICY.firstResponse(ONLINE, at("2026-11-27T23:30"), Category.SERVICE_REQUEST,
                false))).isEqualTo(at("2026-11-28T00:30"));
    }

    @Test
    void rL3_serviceRequestsBeforeNoonAreAnsweredTheSameBusinessDay() {
        assertThat(due(CHARTER, CHARTER_POLICY.firstResponse(CHARTER, at("2026-11-22T11:59"), Category.SERVICE_REQUEST,
                false))).isEqualTo(at("2026-11-22T17:00"));
        assertThat(due(CHARTER, CHARTER_POLICY.firstResponse(CHARTER, at("2026-11-22T12:00"), Category.SERVICE_REQUEST,
                false))).isEqualTo(at("2026-11-23T17:00"));
        // Thursday afternoon → Sunday; Friday (closed) morning → Sunday
        assertThat(due(CHARTER, CHARTER_POLICY.firstResponse(CHARTER, at("2026-11-26T13:00"), Category.SERVICE_REQUEST,
                false))).isEqualTo(at("2026-11-29T17:00"));
        assertThat(due(CHARTER, CHARTER_POLICY.firstResponse(CHARTER, at("2026-11-27T09:00"), Category.SERVICE_REQUEST,
                false))).isEqualTo(at("2026-11-29T17:00"));
        // before opening on a business day counts as that day
        assertThat(due(CHARTER, CHARTER_POLICY.firstResponse(CHARTER, at("2026-11-23T07:00"), Category.SERVICE_REQUEST,
                false))).isEqualTo(at("2026-11-23T17:00"));
    }

    @Test
    void rL4_handlingStartsWithinEightHoursWhenReportedByTwoElseNextMorning() {
        assertThat(due(WEBSHOP, WEBSHOP_POLICY.handlingStart(WEBSHOP, at("2026-11-22T14:00"), false)))
                .isEqualTo(at("2026-11-23T14:00"));
        assertThat(due(WEBSHOP, WEBSHOP_POLICY.handlingStart(WEBSHOP, at("2026-11-22T14:01"), false)))
                .isEqualTo(at("2026-11-23T09:00"));
        assertThat(due(WEBSHOP, WEBSHOP_POLICY.handlingStart(WEBSHOP, at("2026-11-27T10:00"), false)))
                .isEqualTo(at("2026-11-29T09:00"));
        assertThat(due(WEBSHOP, WEBSHOP_POLICY.firstResponse(WEBSHOP, at("2026-11-22T16:00"), Category.INCIDENT_NORMAL,
                false))).isEqualTo(at("2026-11-23T11:00"));
        assertThat(CHARTER_POLICY.handlingStart(CHARTER, at("2026-11-22T10:00"), false)).isEmpty();
    }

    @Test
    void rL4_aCriticalIncidentStartsWithinTwoHoursOutsideBusinessHoursToo() {
        // Friday 22:00, a closed day: due Saturday 00:00 by the wall clock
        Optional<Deadline> first = WEBSHOP_POLICY.firstResponse(WEBSHOP, at("2026-11-27T22:00"), Category.INCIDENT_URGENT,
                true);
        assertThat(first.orElseThrow().aroundTheClock()).isTrue();
        assertThat(due(WEBSHOP, first)).isEqualTo(at("2026-11-28T00:00"));
        assertThat(due(WEBSHOP, WEBSHOP_POLICY.handlingStart(WEBSHOP, at("2026-11-27T22:00"), true)))
                .isEqualTo(at("2026-11-28T00:00"));
        // the charter has no critical rule: an urgent incident waits for business hours
        assertThat(CHARTER_POLICY.firstResponse(CHARTER, at("2026-11-27T22:00"), Category.INCIDENT_URGENT, true)
                .orElseThrow().aroundTheClock()).isFalse();
    }

    @Test
    void rL4_aPausedNextMorningTargetMovesByItsPause() {
        Deadline morning = WEBSHOP_POLICY.handlingStart(WEBSHOP, at("2026-11-22T15:00"), false).orElseThrow();
        assertThat(morning.clock().dueAt(WEBSHOP)).isEqualTo(at("2026-11-23T09:00"));
        // paused 15:30–16:30: one business hour later than the closing-equivalent budget end
        assertThat(morning.clock().pause(at("2026-11-22T15:30")).resume(at("2026-11-22T16:30"), WEBSHOP).dueAt(WEBSHOP))
                .isEqualTo(at("2026-11-23T10:00"));
    }

    @Test
    void rL5_aPausedClockFallsDueLaterByTheBusinessTimeItWasPaused() {
        SlaClock clock = SlaClock.start(at("2026-11-22T09:00"), Duration.ofHours(3), at("2026-11-22T12:00"));
        assertThat(clock.dueAt(CHARTER)).isEqualTo(at("2026-11-22T12:00"));
        // paused 10:00 → 16:30 (6.5 business hours, 2 h of budget left): due 16:30 + 0.5 h + Monday 1.5 h
        SlaClock resumed = clock.pause(at("2026-11-22T10:00")).resume(at("2026-11-22T16:30"), CHARTER);
        assertThat(resumed.paused()).isEqualTo(Duration.ofMinutes(390));
        assertThat(resumed.dueAt(CHARTER)).isEqualTo(at("2026-11-23T10:00"));
        // paused over a night and a weekend counts only business time
        SlaClock overWeekend = SlaClock.start(at("2026-11-26T15:00"), Duration.ofHours(3), at("2026-11-29T09:30"))
                .pause(at("2026-11-26T16:00")).resume(at("2026-11-29T09:00"), CHARTER);
        assertThat(overWeekend.paused()).isEqualTo(Duration.ofMinutes(90));
        assertThat(overWeekend.dueAt(CHARTER)).isEqualTo(at("2026-11-29T11:00"));
        assertThat(clock.pause(at("2026-11-22T10:00")).pause(at("2026-11-22T11:00")).pausedSince())
                .isEqualTo(at("2026-11-22T10:00"));
    }
}
