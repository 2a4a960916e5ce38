package org.supportdesk.ticket.sla;

import java.time.Duration;
import java.time.Instant;

/**
 * R-L5: one running SLA target: a budget of (business) time from its start, paused while the ticket
 * waits on the customer or an emergency covers it. Pure and immutable; the due time moves later by
 * the business time spent paused.
 */
public record SlaClock(Instant startedAt, Duration budget, Duration paused, Instant pausedSince, Instant plannedDue) {

    /** A clock due at {@code plannedDue} unless paused. */
    public static SlaClock start(Instant at, Duration budget, Instant plannedDue) {
        return new SlaClock(at, budget, Duration.ZERO, null, plannedDue);
    }

    public boolean isPaused() {
        return pausedSince != null;
    }

    /** When the target falls due, counting the pauses so far (a paused clock is due no earlier than this). */
    public Instant dueAt(BusinessCalendar calendar) {
        return paused.isZero() ? plannedDue : calendar.add(startedAt, budget.plus(paused));
    }

    public SlaClock pause(Instant at) {
        return isPaused() ? this : new SlaClock(startedAt, budget, paused, at, plannedDue);
    }

    /** Resumes, adding the business time spent paused (time outside business hours was not running anyway). */
    public SlaClock resume(Instant at, BusinessCalendar calendar) {
        if (!isPaused()) {
            return this;
        }
        Instant from = pausedSince.isBefore(startedAt) ? startedAt : pausedSince;
        // resumed as of a moment before the pause (an end told late, of a pause begun since): no time paused
        Instant until = at.isBefore(from) ? from : at;
        return new SlaClock(startedAt, budget, paused.plus(calendar.between(from, until)), null, plannedDue);
    }
}
