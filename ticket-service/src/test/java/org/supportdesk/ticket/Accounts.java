package org.supportdesk.ticket;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.UUID;
import org.supportdesk.platform.testing.AccountRegistrations;
import org.supportdesk.platform.testing.CataloguedEvents;
import org.supportdesk.platform.testing.Sql;

/** Accounts registered and changed the way production does it, through subscription-events. */
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

    /** A new account in a new plan of this type and tier; answers the account id. */
    public static UUID inPlan(String type, String tier) {
        UUID account = registered(null);
        planChanged(account, "JOINED", UUID.randomUUID(), type, tier, null, false);
        return account;
    }

    /** Publishes the catalogued subscription-changed sample for the account and waits until applied. */
    public static UUID planChanged(UUID account, String kind, UUID plan, String type, String tier, UUID previousPlan,
            boolean previousCommitting) {
        ObjectNode data = CataloguedEvents.sample(SUBSCRIPTION_CHANGED);
        data.put("accountId", account.toString());
        data.put("kind", kind);
        data.put("planId", plan.toString());
        ((ObjectNode) data.get("terms")).put("type", type).put("tier", tier);
        if (previousPlan == null) {
            data.putNull("previousPlanId");
        } else {
            data.put("previousPlanId", previousPlan.toString());
        }
        data.put("previousPlanCommitting", previousCommitting);
        UUID event = UUID.randomUUID();
        CataloguedEvents.publish("subscription-events", event, SUBSCRIPTION_CHANGED, account.toString(),
                account.toString(), data.toString());
        awaitApplied(event);
        return plan;
    }

    /** Publishes account-frozen, account-unfrozen or account-closed (their samples) and waits until applied. */
    public static void statusChanged(UUID account, String type) {
        ObjectNode data = CataloguedEvents.sample(type);
        data.put("accountId", account.toString());
        UUID event = UUID.randomUUID();
        CataloguedEvents.publish("subscription-events", event, type, account.toString(), account.toString(),
                data.toString());
        awaitApplied(event);
    }

    public static final String SUBSCRIPTION_CHANGED = "org.supportdesk.subscription.subscription-changed.v1";
    public static final String FROZEN = "org.supportdesk.subscription.account-frozen.v1";
    public static final String UNFROZEN = "org.supportdesk.subscription.account-unfrozen.v1";
    public static final String CLOSED = "org.supportdesk.subscription.account-closed.v1";

    private static void awaitApplied(UUID event) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Sql.count("select count(*) from processed_event where event_id = ?1", event) == 1);
    }
}
