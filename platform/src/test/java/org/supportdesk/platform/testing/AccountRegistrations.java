package org.supportdesk.platform.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/**
 * New accounts as every consumer of {@code subscription-events} first sees them: an
 * {@code account-registered} event built from the catalogued sample, on the real broker.
 */
public final class AccountRegistrations {

    public static final String TYPE = "org.supportdesk.subscription.account-registered.v1";
    public static final String TOPIC = "subscription-events";

    private AccountRegistrations() {
    }

    /** Publishes the registration of a new account (of a partner, or none) and answers its id. */
    public static UUID publishNew(UUID partnerId) {
        UUID account = UUID.randomUUID();
        publish(UUID.randomUUID(), data(account, partnerId));
        return account;
    }

    public static ObjectNode data(UUID account, UUID partnerId) {
        ObjectNode data = CataloguedEvents.sample(TYPE);
        data.put("accountId", account.toString());
        if (partnerId == null) {
            data.putNull("partnerId");
        } else {
            data.put("partnerId", partnerId.toString());
        }
        return data;
    }

    public static void publish(UUID eventId, ObjectNode data) {
        String account = data.get("accountId").asText();
        CataloguedEvents.publish(TOPIC, eventId, TYPE, account, account, data.toString());
    }
}
