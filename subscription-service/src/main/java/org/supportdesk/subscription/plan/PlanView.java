package org.supportdesk.subscription.plan;

import java.time.Instant;
import java.util.UUID;

/** A plan version as the API shows it. */
public record PlanView(UUID id, String code, String name, int version, int currentVersion, PlanTerms terms,
        Instant createdAt) {
}
