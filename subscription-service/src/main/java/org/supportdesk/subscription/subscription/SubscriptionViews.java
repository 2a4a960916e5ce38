package org.supportdesk.subscription.subscription;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** What the subscription API answers. */
public final class SubscriptionViews {

    private SubscriptionViews() {
    }

    /** The answer to a join or change request. */
    public record ChangeResult(UUID accountId, UUID changeId, String kind, UUID planId, int planVersion,
            LocalDate effectiveOn, String status) {
    }

    public record PeriodView(UUID planId, int planVersion, String planType, String planTier, LocalDate startsOn,
            LocalDate endsOn, LocalDate lastServiceOn) {

        static PeriodView of(SubscriptionPeriod p) {
            return new PeriodView(p.planId, p.planVersion, p.planType.name(), p.planTier.name(), p.startsOn, p.endsOn,
                    p.lastServiceOn);
        }
    }

    public record ChangeView(UUID id, UUID toPlanId, int toPlanVersion, String kind, LocalDate effectiveOn,
            LocalDate requestedOn, LocalDate postponedFrom, String status, String requestedBy) {

        static ChangeView of(PlanChange c) {
            return new ChangeView(c.id, c.toPlanId, c.toPlanVersion, c.kind.name(), c.effectiveOn, c.requestedOn,
                    c.postponedFrom, c.status.name(), c.requestedBy);
        }
    }

    /** The current plan, the commitment (R-S5) and the change waiting to take effect, if any. */
    public record Current(UUID accountId, String accountStatus, PeriodView period, LocalDate commitmentEndsOn,
            ChangeView scheduledChange) {
    }

    public record History(UUID accountId, List<PeriodView> periods, List<ChangeView> changes) {
    }
}
