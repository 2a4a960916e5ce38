package org.supportdesk.subscription.freeze;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** Events of freezes on {@code subscription-events}; see docs/events/asyncapi.yaml. */
public final class FreezeEvents {

    public static final String SCHEDULED = "org.supportdesk.subscription.account-freeze-scheduled.v1";
    public static final String FROZEN = "org.supportdesk.subscription.account-frozen.v1";
    public static final String UNFROZEN = "org.supportdesk.subscription.account-unfrozen.v1";

    private FreezeEvents() {
    }

    /**
     * R-S7: a freeze with notice (insolvency) will start at {@code startsAt}, on {@code startsOn} in the
     * support center's zone; the customer is told now.
     */
    public record FreezeScheduled(UUID accountId, UUID freezeId, String reason, Instant startsAt, LocalDate startsOn) {
    }

    /** R-S7: the account is frozen: it can open tickets but gets no service and pays no monthly fee. */
    public record AccountFrozen(UUID accountId, UUID freezeId, String reason, String status, Instant frozenAt) {
    }

    /**
     * R-S7: the freeze is lifted; changes whose date passed during it happen the next day. A freeze
     * given with notice and cancelled before it began is told the same way, {@code started} false.
     */
    public record AccountUnfrozen(UUID accountId, UUID freezeId, String status, Instant releasedAt, boolean started) {
    }
}
