package org.supportdesk.platform;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/**
 * The clock every service reads time from; UTC instants only, in whole microseconds: what PostgreSQL
 * stores, so that an answer built from what was just written says the same times as the record read
 * back. Tests may produce their own. Where the configuration makes it adjustable (the local stack),
 * it is an {@link AdjustableClock}.
 */
public class SystemClock {

    /** The precision of a {@code timestamptz}. */
    public static final ChronoUnit PRECISION = ChronoUnit.MICROS;

    @Produces
    @DefaultBean
    @Singleton
    Clock clock(PlatformConfig config) {
        return config.clock().adjustable() ? new AdjustableClock(config.clock().offset()) : utc();
    }

    /** The system clock in UTC, ticking in microseconds. */
    public static Clock utc() {
        return Clock.tick(Clock.systemUTC(), PRECISION.getDuration());
    }
}
