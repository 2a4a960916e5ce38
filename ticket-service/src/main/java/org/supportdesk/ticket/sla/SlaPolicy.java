package org.supportdesk.ticket.sla;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * R-L2…R-L4: an SLA policy: per kind and severity, the first-response target and the follow-up
 * interval in business time, with the special rules of the presets. Pure.
 */
public record SlaPolicy(
        Map<Category, Duration> firstResponse,
        Map<Category, Duration> followUp,
        Optional<LocalTime> serviceRequestCutoff,
        Optional<LocalTime> handlingCutoff,
        Duration handlingWithin,
        Optional<Duration> criticalWithin) {

    /** What a target is measured against. */
    public enum Category {
        INCIDENT_URGENT, INCIDENT_HIGH, INCIDENT_NORMAL, SERVICE_REQUEST;

        public static Category of(String kind, String severity) {
            return "SERVICE_REQUEST".equals(kind) ? SERVICE_REQUEST : valueOf("INCIDENT_" + severity);
        }
    }

    public enum Target { FIRST_RESPONSE, HANDLING_START, NEXT_UPDATE }

    /**
     * A target as a budget of time from {@code startsAt}: business time of the calendar, or wall-clock
     * time when {@code aroundTheClock} (R-L4's critical incidents are served outside hours too), and
     * the instant it falls due unless paused ("the next business morning" rather than the closing
     * before it, which is the same business time).
     */
    public record Deadline(Target target, Instant startsAt, Duration budget, boolean aroundTheClock, Instant dueAt) {

        public SlaClock clock() {
            return SlaClock.start(startsAt, budget, dueAt);
        }
    }

    private static Deadline inBusinessTime(BusinessCalendar calendar, Target target, Instant from, Duration budget) {
        return new Deadline(target, from, budget, false, calendar.add(from, budget));
    }

    private static Deadline byTheClock(Target target, Instant from, Duration budget) {
        return new Deadline(target, from, budget, true, from.plus(budget));
    }

    /** A calendar open at every instant, for targets counted around the clock. */
    public static BusinessCalendar aroundTheClock(ZoneId zone) {
        return BusinessCalendar.aroundTheClock(zone, Set.of());
    }

    /**
     * R-L2, R-L3, R-L4: the first-response deadline of a ticket opened at {@code openedAt}; empty when
     * the policy sets none for its category.
     */
    public Optional<Deadline> firstResponse(BusinessCalendar calendar, Instant openedAt, Category category,
            boolean critical) {
        if (critical && criticalWithin.isPresent()) {
            // R-L4: a critical incident within 2 hours, outside business hours too
            return Optional.of(byTheClock(Target.FIRST_RESPONSE, openedAt, criticalWithin.get()));
        }
        if (category == Category.SERVICE_REQUEST && serviceRequestCutoff.isPresent()) {
            // R-L3: before the cutoff on a business day → the same business day; later → the next one
            LocalDate day = openedAt.atZone(calendar.zone()).toLocalDate();
            boolean sameDay = calendar.isBusinessDay(day)
                    && openedAt.atZone(calendar.zone()).toLocalTime().isBefore(serviceRequestCutoff.get())
                    && openedAt.isBefore(calendar.closingOf(day));
            Instant due = sameDay ? calendar.closingOf(day)
                    : calendar.closingOf(calendar.nextBusinessMorning(openedAt).atZone(calendar.zone()).toLocalDate());
            return Optional.of(new Deadline(Target.FIRST_RESPONSE, openedAt, calendar.between(openedAt, due), false, due));
        }
        return Optional.ofNullable(firstResponse.get(category))
                .map(budget -> inBusinessTime(calendar, Target.FIRST_RESPONSE, openedAt, budget));
    }

    /**
     * R-L4: handling starts within {@code handlingWithin} business time when reported by the cutoff on
     * a business day, else on the next business morning; empty when the policy has no such rule.
     */
    public Optional<Deadline> handlingStart(BusinessCalendar calendar, Instant openedAt, boolean critical) {
        if (handlingCutoff.isEmpty()) {
            return Optional.empty();
        }
        if (critical && criticalWithin.isPresent()) {
            return Optional.of(byTheClock(Target.HANDLING_START, openedAt, criticalWithin.get()));
        }
        LocalDate day = openedAt.atZone(calendar.zone()).toLocalDate();
        boolean byCutoff = calendar.isBusinessDay(day)
                && !openedAt.atZone(calendar.zone()).toLocalTime().isAfter(handlingCutoff.get());
        if (byCutoff) {
            return Optional.of(inBusinessTime(calendar, Target.HANDLING_START, openedAt, handlingWithin));
        }
        Instant morning = calendar.nextBusinessMorning(openedAt);
        return Optional.of(new Deadline(Target.HANDLING_START, openedAt, calendar.between(openedAt, morning), false,
                morning));
    }

    /** R-L2: the next update is due this long (business time) after a response or update. */
    public Optional<Deadline> nextUpdate(BusinessCalendar calendar, Instant respondedAt, Category category) {
        return Optional.ofNullable(followUp.get(category))
                .map(interval -> inBusinessTime(calendar, Target.NEXT_UPDATE, respondedAt, interval));
    }
}
