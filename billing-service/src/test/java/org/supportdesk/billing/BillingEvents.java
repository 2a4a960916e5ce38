package org.supportdesk.billing;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;
import org.supportdesk.platform.testing.AccountRegistrations;
import org.supportdesk.platform.testing.CataloguedEvents;
import org.supportdesk.platform.testing.Sql;

/** What billing consumes, published the way the producers do (the catalogued samples), applied before returning. */
public final class BillingEvents {

    public static final String PLAN_PUBLISHED = "org.supportdesk.subscription.plan-published.v1";
    public static final String SUBSCRIPTION_CHANGED = "org.supportdesk.subscription.subscription-changed.v1";
    public static final String WALLET_CREDITED = "org.supportdesk.subscription.wallet-credited.v1";
    public static final String PARTNER_REGISTERED = "org.supportdesk.subscription.partner-registered.v1";
    public static final String SESSION_CLOSED = "org.supportdesk.ticket.session-closed.v1";

    private BillingEvents() {
    }

    /** A new plan version from the plan-published sample (2.90 a minute, 30 a day, 120 a month), changed as told. */
    public static UUID plan(Consumer<ObjectNode> terms) {
        UUID plan = UUID.randomUUID();
        ObjectNode data = CataloguedEvents.sample(PLAN_PUBLISHED);
        data.put("planId", plan.toString());
        terms.accept((ObjectNode) data.get("terms"));
        publish("subscription-events", PLAN_PUBLISHED, UUID.randomUUID(), plan.toString(), data);
        return plan;
    }

    /** A new account (of a partner or none) in the plan (version 2, as the sample), joined today. */
    public static UUID account(UUID partner, UUID plan, String type) {
        UUID account = registered(partner);
        joined(account, plan, type, null);
        return account;
    }

    /** A new account with its wallet, in no plan yet. */
    public static UUID registered(UUID partner) {
        UUID account = AccountRegistrations.publishNew(partner);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Sql.count("select count(*) from wallet where account_id = ?1", account) == 1);
        return account;
    }

    /** The account joins the plan (version 2) from {@code effectiveOn} (null: today). */
    public static void joined(UUID account, UUID plan, String type, java.time.LocalDate effectiveOn) {
        ObjectNode data = CataloguedEvents.sample(SUBSCRIPTION_CHANGED);
        data.put("accountId", account.toString());
        data.put("kind", "JOINED");
        data.put("planId", plan.toString());
        data.put("planVersion", 2);
        ((ObjectNode) data.get("terms")).put("type", type);
        if (effectiveOn == null) {
            data.putNull("effectiveOn");
        } else {
            data.put("effectiveOn", effectiveOn.toString());
        }
        publish("subscription-events", SUBSCRIPTION_CHANGED, UUID.randomUUID(), account.toString(), data);
    }

    public static final String STATUS_CHANGED = "org.supportdesk.ticket.ticket-status-changed.v1";

    /** ticket-service says the ticket's handling ended (RESOLVED) or resumed. */
    public static void ticketStatus(UUID account, UUID ticket, String from, String to, Instant at) {
        publish("ticket-events", STATUS_CHANGED, UUID.randomUUID(), account.toString(),
                ticketStatusData(account, ticket, from, to, at));
    }

    /** A {@code ticket-status-changed} event's data (for a test that publishes it without waiting). */
    public static ObjectNode ticketStatusData(UUID account, UUID ticket, String from, String to, Instant at) {
        ObjectNode data = CataloguedEvents.sample(STATUS_CHANGED);
        data.put("ticketId", ticket.toString());
        data.put("accountId", account.toString());
        data.put("from", from);
        data.put("to", to);
        data.put("at", at.toString());
        return data;
    }

    public static void credited(UUID account, Integer minutes, String cash) {
        ObjectNode data = CataloguedEvents.sample(WALLET_CREDITED);
        data.put("accountId", account.toString());
        data.put("creditId", UUID.randomUUID().toString());
        if (minutes == null) {
            data.putNull("minutes");
        } else {
            data.put("minutes", minutes);
        }
        if (cash == null) {
            data.putNull("cash");
        } else {
            ((ObjectNode) data.get("cash")).put("amount", cash);
        }
        publish("subscription-events", WALLET_CREDITED, UUID.randomUUID(), account.toString(), data);
    }

    public static UUID partner(String discount) {
        UUID partner = UUID.randomUUID();
        ObjectNode data = CataloguedEvents.sample(PARTNER_REGISTERED);
        data.put("partnerId", partner.toString());
        data.put("discountPercent", discount);
        publish("subscription-events", PARTNER_REGISTERED, UUID.randomUUID(), partner.toString(), data);
        return partner;
    }

    /** The session-closed sample for this ticket and session, from {@code start} for {@code seconds}. */
    public static ObjectNode session(UUID account, UUID ticket, UUID session, UUID plan, Instant start, long seconds) {
        return sessionOfMillis(account, ticket, session, plan, start, seconds * 1000);
    }

    /** The same, {@code millis} long, as ticket-service's instants are (its {@code seconds} whole, as it sends them). */
    public static ObjectNode sessionOfMillis(UUID account, UUID ticket, UUID session, UUID plan, Instant start,
            long millis) {
        ObjectNode data = CataloguedEvents.sample(SESSION_CLOSED);
        data.put("sessionId", session.toString());
        data.put("ticketId", ticket.toString());
        data.put("accountId", account.toString());
        data.put("planId", plan.toString());
        data.put("startedAt", start.toString());
        data.put("endedAt", start.plusMillis(millis).toString());
        data.put("seconds", millis / 1000);
        data.put("ticketOpenedAt", start.minusSeconds(600).toString());
        return data;
    }

    public static UUID closed(ObjectNode session) {
        return publish("ticket-events", SESSION_CLOSED, UUID.randomUUID(), session.get("accountId").asText(), session);
    }

    /** Publishes with this event id (a redelivery when repeated) and waits until billing applied it. */
    public static UUID publish(String topic, String type, UUID eventId, String key, ObjectNode data) {
        CataloguedEvents.publish(topic, eventId, type, data.has("sessionId") ? data.get("sessionId").asText() : key, key,
                data.toString());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Sql.count("select count(*) from processed_event where event_id = ?1", eventId) == 1);
        return eventId;
    }
}
