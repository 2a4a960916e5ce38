package org.supportdesk.subscription.closure;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** Events of closures on {@code subscription-events}; see docs/events/asyncapi.yaml. */
public final class ClosureEvents {

    public static final String SCHEDULED = "org.supportdesk.subscription.account-closure-scheduled.v1";
    public static final String CLOSED = "org.supportdesk.subscription.account-closed.v1";

    private ClosureEvents() {
    }

    public record ClosureScheduled(UUID accountId, UUID closureId, LocalDate closesOn, LocalDate postponedFrom) {
    }

    /** R-S8: closed; a ticket opened but not started can no longer be handled. */
    public record AccountClosed(UUID accountId, UUID closureId, LocalDate closedOn, String status, Instant closedAt) {
    }
}
