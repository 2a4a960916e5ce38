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

    /** Moves the clock forward. @return the new offset */
    public synchronized Duration advance(Duration by) {
        if (by.isNegative() || by.isZero()) {
            throw new IllegalArgumentException("the clock only moves forward");
        }
        offset(offset().plus(by));
        return offset();
    }
}
