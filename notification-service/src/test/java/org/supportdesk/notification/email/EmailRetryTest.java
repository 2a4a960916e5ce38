package org.supportdesk.notification.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * R-N1: a mail relay down for hours loses no mail: with the default attempts the waits between them
 * (30 s, doubling, capped at an hour) add up to over five hours, and no one wait passes the hour.
 */
class EmailRetryTest {

    @Test
    void theDefaultAttemptsOutlastAnOutageOfFiveHours() throws Exception {
        int attempts = Integer.parseInt(EmailConfig.class.getMethod("maxAttempts")
                .getAnnotation(io.smallrye.config.WithDefault.class).value());
        Duration waited = Duration.ZERO;
        for (int attempt = 1; attempt < attempts; attempt++) {
            Duration wait = EmailDispatcher.retryAfter(attempt);
            assertThat(wait).isLessThanOrEqualTo(Duration.ofHours(1));
            waited = waited.plus(wait);
        }
        assertThat(EmailDispatcher.retryAfter(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(waited).isGreaterThan(Duration.ofHours(5));
    }
}
