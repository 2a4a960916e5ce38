package org.supportdesk.subscription.plan;

import java.time.Instant;
import java.util.UUID;

/** Events of the plan catalogue on {@code subscription-events}; see docs/events/asyncapi.yaml. */
public final class PlanEvents {

    public static final String PUBLISHED = "org.supportdesk.subscription.plan-published.v1";

    private PlanEvents() {
    }

    /** A plan version was published: its full terms, for the read models of ticket- and billing-service. */
    public record PlanPublished(UUID planId, String code, String name, int version, PlanTerms terms,
            Instant publishedAt) {
    }
}
