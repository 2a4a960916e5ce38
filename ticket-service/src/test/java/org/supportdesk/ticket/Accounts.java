package org.supportdesk.ticket;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import org.supportdesk.platform.testing.AccountRegistrations;
import org.supportdesk.platform.testing.Sql;

/** Accounts registered the way production does it, through subscription-events. */
public final class Accounts {

    private Accounts() {
    }

    /** Publishes account-registered for a new account and waits until this service has applied it. */
    public static UUID registered(UUID partnerId) {
        UUID account = AccountRegistrations.publishNew(partnerId);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Sql.count("select count(*) from account_view where account_id = ?1", account) == 1);
        return account;
    }
}
