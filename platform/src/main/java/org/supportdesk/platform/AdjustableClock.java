package org.supportdesk.platform;

import java.time.Duration;

/**
 * The system clock ahead by an offset that only grows: timers come due, days and months pass, and
 * nothing already recorded ever finds itself in the future. For the local stack's demo and checks.
 */
public final class AdjustableClock extends OffsetClock {

    public AdjustableClock(Duration offset) {
        super(offset);
        if (offset.isNegative()) {
            throw new IllegalArgumentException("a clock offset is never negative: " + offset);
        }
    }

    /**
     * Moves the clock forward, never past the year 9999 (the last any instant the services take may
     * have): a move that would is refused and leaves the clock as it was. @return the new offset
     */
    public synchronized Duration advance(Duration by) {
        if (by.isNegative() || by.isZero()) {
            throw new IllegalArgumentException("the clock only moves forward");
        }
        Duration moved;
        try {
            moved = offset().plus(by);
            if (!org.supportdesk.platform.json.UtcInstants.withinYears(java.time.Instant.now().plus(moved))) {
                throw new ArithmeticException("past the year 9999");
            }
        } catch (ArithmeticException | java.time.DateTimeException e) {
            throw new IllegalArgumentException("the clock moves no further than the year 9999", e);
        }
        offset(moved);
        return offset();
    }
}
