package org.supportdesk.ticket.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.supportdesk.ticket.tickets.Ticket;

/** R-L4 (`004`): a critical fault arose the day it was reported; one older than 36 hours is not critical. */
class CriticalIncidentTest {

    static final ZoneId JERUSALEM = ZoneId.of("Asia/Jerusalem");

    static Ticket urgent(String openedLocal, String arisenLocal) {
        Ticket t = new Ticket();
        t.kind = Ticket.Kind.INCIDENT;
        t.severity = Ticket.Severity.URGENT;
        t.openedAt = LocalDateTime.parse(openedLocal).atZone(JERUSALEM).toInstant();
        t.arisenAt = arisenLocal == null ? null : LocalDateTime.parse(arisenLocal).atZone(JERUSALEM).toInstant();
        return t;
    }

    @Test
    void rL4_anUrgentFaultThatAroseTheSameDayIsCritical() {
        assertThat(SlaService.isCritical(urgent("2026-11-22T21:00", "2026-11-22T06:00"), JERUSALEM)).isTrue();
        // not said when it arose: taken as arising when reported
        assertThat(SlaService.isCritical(urgent("2026-11-22T21:00", null), JERUSALEM)).isTrue();
    }

    @Test
    void rL4_aFaultFromAnEarlierDayOrOlderThan36HoursIsNotCritical() {
        // arose yesterday evening, reported after midnight: another service day
        assertThat(SlaService.isCritical(urgent("2026-11-23T00:30", "2026-11-22T23:00"), JERUSALEM)).isFalse();
        assertThat(SlaService.isCritical(urgent("2026-11-24T10:00", "2026-11-22T10:00"), JERUSALEM)).isFalse();
    }

    @Test
    void rL4_rS6_aCopyReopenedUnderANewPlanIsJudgedByTheCustomersReport() {
        // reported at 23:00 of the day it arose; re-opened under the new plan at midnight (R-S6)
        Ticket copy = urgent("2026-11-27T00:00", "2026-11-26T22:30");
        assertThat(SlaService.isCritical(copy, JERUSALEM)).isFalse(); // as if reported after midnight
        copy.reportedAt = LocalDateTime.parse("2026-11-26T23:00").atZone(JERUSALEM).toInstant();
        assertThat(SlaService.isCritical(copy, JERUSALEM)).isTrue();
    }

    @Test
    void rL4_onlyUrgentIncidentsAreCritical() {
        Ticket high = urgent("2026-11-22T09:00", "2026-11-22T08:00");
        high.severity = Ticket.Severity.HIGH;
        assertThat(SlaService.isCritical(high, JERUSALEM)).isFalse();
        Ticket request = urgent("2026-11-22T09:00", null);
        request.kind = Ticket.Kind.SERVICE_REQUEST;
        request.severity = null;
        assertThat(SlaService.isCritical(request, JERUSALEM)).isFalse();
    }
}
