package org.supportdesk.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The relay's and the timer claimers' schedules are settings like the others (README, "Configuration"):
 * until they were part of {@link PlatformConfig}, setting one failed start-up ("does not map to any
 * root"), so that this test application, which sets all three, did not start at all.
 */
@QuarkusTest
class ScheduleSettingsTest {

    @Inject
    PlatformConfig config;

    @Test
    void theRelayAndTimerSchedulesTakeTheOperatorsSettings() {
        assertThat(config.outbox().relayInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.outbox().relayStartDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.timers().pollInterval()).isEqualTo(Duration.ofSeconds(3));
    }
}
