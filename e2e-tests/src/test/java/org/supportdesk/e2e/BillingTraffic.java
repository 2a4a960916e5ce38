package org.supportdesk.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;
import org.supportdesk.platform.testing.CataloguedEvents;

/** What billing consumes in the end-to-end tests: a plan, and closed sessions on it, from the catalogued samples. */
final class BillingTraffic {

    static final String PLAN_PUBLISHED = "org.supportdesk.subscription.plan-published.v1";
    static final String SESSION_CLOSED = "org.supportdesk.ticket.session-closed.v1";

    private BillingTraffic() {
    }

    /** A plan without allowances (the sample's 2.90 a minute): a 90-second session is 2 minutes, 5.80. */
    static UUID planWithoutAllowances() {
        UUID plan = UUID.randomUUID();
        ObjectNode published = CataloguedEvents.sample(PLAN_PUBLISHED);
        published.put("planId", plan.toString());
        ((ObjectNode) published.get("terms")).putNull("includedMinutes");
        CataloguedEvents.publish("subscription-events", UUID.randomUUID(), PLAN_PUBLISHED, plan.toString(),
                plan.toString(), published.toString());
        return plan;
    }

    /** A session of the ticket (opened when the session starts) from {@code start} for {@code seconds}. */
    static ObjectNode sessionClosed(UUID account, UUID ticket, UUID session, UUID plan, Instant start, long seconds,
            String outcome) {
        ObjectNode data = CataloguedEvents.sample(SESSION_CLOSED);
        data.put("sessionId", session.toString());
        data.put("ticketId", ticket.toString());
        data.put("accountId", account.toString());
        data.put("planId", plan.toString());
        data.put("ticketOpenedAt", start.toString());
        data.put("startedAt", start.toString());
        data.put("endedAt", start.plusSeconds(seconds).toString());
        data.put("seconds", seconds);
        data.put("outcome", outcome);
        return data;
    }
}
