package org.supportdesk.ticket;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.UUID;
import org.supportdesk.platform.testing.CataloguedEvents;
import org.supportdesk.platform.testing.Sql;

/**
 * Registers accounts the way production does: an {@code account-registered} event on the real broker,
 * built from the catalogued sample that subscription-service's serializer is tested against.
 */
public final class Accounts {

    public static final String REGISTERED = "org.supportdesk.subscription.account-registered.v1";

    private Accounts() {
    }

    public static ObjectNode sample() {
        return CataloguedEvents.sample(REGISTERED);
    }

    /** Publishes account-registered for a new account and waits until this service has applied it. */
    public static UUID registered(UUID partnerId) {
        UUID account = UUID.randomUUID();
        ObjectNode data = sample();
        data.put("accountId", account.toString());
        if (partnerId == null) {
            data.putNull("partnerId");
        } else {
            data.put("partnerId", partnerId.toString());
        }
        publish(UUID.randomUUID(), account, data.toString());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Sql.count("select count(*) from account_view where account_id = ?1", account) == 1);
        return account;
    }

    public static void publish(UUID eventId, UUID account, String data) {
        CataloguedEvents.publish("subscription-events", eventId, REGISTERED, account.toString(), account.toString(),
                data);
    }
}
