package org.supportdesk.platform.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.AdjustableClock;
import org.supportdesk.platform.SystemClock;

class ClockPrecisionTest {

    @Test
    void everyClockOfTheSuiteReadsInWholeMicrosecondsAsPostgresqlStores() {
        AdjustableClock adjustable = new AdjustableClock(Duration.ofDays(3));
        for (Clock clock : new Clock[] { SystemClock.utc(), adjustable, adjustable.withZone(ZoneId.of("Asia/Jerusalem")) }) {
            for (int i = 0; i < 1_000; i++) {
                assertThat(clock.instant().getNano() % 1_000).isZero();
            }
        }
        Instant shifted = adjustable.instant();
        assertThat(Duration.between(Instant.now(), shifted)).isBetween(Duration.ofDays(3).minusSeconds(5),
                Duration.ofDays(3).plusSeconds(5));
    }
}
