package org.supportdesk.platform;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock ahead by an offset that only grows: timers come due, days and months pass, and
 * nothing already recorded ever finds itself in the future. For the local stack's demo and checks.
 */
public final class AdjustableClock extends Clock {

    private volatile Duration offset;

    public AdjustableClock(Duration offset) {
        if (offset.isNegative()) {
            throw new IllegalArgumentException("a clock offset is never negative: " + offset);
        }
        this.offset = offset;
    }

    /** Moves the clock forward. @return the new offset */
    public synchronized Duration advance(Duration by) {
        if (by.isNegative() || by.isZero()) {
            throw new IllegalArgumentException("the clock only moves forward");
        }
        offset = offset.plus(by);
        return offset;
    }

    public Duration offset() {
        return offset;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.offset(Clock.system(zone), offset);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }
}
