package org.supportdesk.platform;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The clock every service reads time from; UTC instants only. Tests may produce their own. Where the
 * configuration makes it adjustable (the local stack), it is an {@link AdjustableClock}.
 */
public class SystemClock {

    @Produces
    @DefaultBean
    @Singleton
    Clock clock(PlatformConfig config) {
        return config.clock().adjustable() ? new AdjustableClock(config.clock().offset()) : Clock.systemUTC();
    }
}
