package org.supportdesk.notification.email;

import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.supportdesk.notification.feed.NotificationResourceTest;
import org.supportdesk.platform.testing.Sql;

/**
 * R-N1, with a relay that takes the connection and then never answers. Each attempt ends at the
 * mail deadline, failed with the reason and due again after its back-off, and the mail rounds go on:
 * a mail told of later is tried too. Without the deadline the first round waited for the relay for
 * good, the mail stayed SENDING, and no round came after it.
 */
@QuarkusTest
@TestProfile(StalledRelayTest.Stalled.class)
class StalledRelayTest {

    public static class Stalled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.mailer.port", "${test.smtp.stalled-port}", "notification.email.timeout", "1s");
        }
    }

    @Test
    void aRelayThatStopsAnsweringFailsTheAttemptAtTheDeadlineAndTheRoundsGoOnR_N1() {
        // the earlier tests' mails still due are put aside, so that this test's are the rounds' only ones
        Sql.update("update email_message set status = 'FAILED', next_attempt_at = null where status in ('PENDING', 'SENDING')");
        UUID first = EmailTest.accountWithEmail("first." + UUID.randomUUID() + "@example.com", "en");
        NotificationResourceTest.ticketOpened(UUID.randomUUID(), first, 2001);
        await().atMost(Duration.ofSeconds(30)).until(() -> triedOnceAndDue(first));

        UUID later = EmailTest.accountWithEmail("later." + UUID.randomUUID() + "@example.com", "en");
        NotificationResourceTest.ticketOpened(UUID.randomUUID(), later, 2002);
        await().atMost(Duration.ofSeconds(30)).until(() -> triedOnceAndDue(later));
    }

    /** The account's one mail was tried once, failed at the deadline, and waits for its next attempt. */
    private static boolean triedOnceAndDue(UUID account) {
        return Sql.count("select count(*) from email_message where account_id = ?1 and status = 'PENDING' and attempts = 1 "
                + "and last_error = 'the relay did not take the mail within 1000 ms'", account) == 1;
    }
}
