package org.supportdesk.platform;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock shifted by an offset, in UTC: the one shape of the local stack's adjustable clock
 * and the tests' movable clock, which differ only in how their offset may change.
 */
public abstract class OffsetClock extends Clock {

    private volatile Duration offset;

    protected OffsetClock(Duration offset) {
        this.offset = offset;
    }

    public Duration offset() {
        return offset;
    }

    protected void offset(Duration offset) {
        this.offset = offset;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.tick(Clock.offset(Clock.system(zone), offset), SystemClock.PRECISION.getDuration());
    }

    /** Now plus the offset, in whole microseconds as {@link SystemClock}. */
    @Override
    public Instant instant() {
        return Instant.now().plus(offset).truncatedTo(SystemClock.PRECISION);
    }
}
