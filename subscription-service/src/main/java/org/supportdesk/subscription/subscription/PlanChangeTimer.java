package org.supportdesk.subscription.subscription;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.UUID;
import org.supportdesk.platform.PlatformConfig;
import org.supportdesk.platform.timer.DueTimer;
import org.supportdesk.platform.timer.TimerHandler;
import org.supportdesk.subscription.closure.ClosureService;

/**
 * Applies scheduled plan changes at the start of their day (R-S4), through the shared due timers. A
 * closure effective by the end of the day before (R-S8), whose timer is due at the same instant and may
 * fire beside this one or after it, happens first: the account closed before the change's day, and
 * the closure replaces the change.
 */
@ApplicationScoped
public class PlanChangeTimer implements TimerHandler {

    private final SubscriptionService subscriptions;
    private final ClosureService closures;
    private final PlatformConfig config;

    PlanChangeTimer(SubscriptionService subscriptions, ClosureService closures, PlatformConfig config) {
        this.subscriptions = subscriptions;
        this.closures = closures;
        this.config = config;
    }

    @Override
    public String kind() {
        return SubscriptionService.PLAN_CHANGE_TIMER;
    }

    @Override
    public Uni<Void> fire(DueTimer timer) {
        UUID account = UUID.fromString(timer.subject);
        LocalDate dayBefore = LocalDate.ofInstant(timer.dueAt, config.zone()).minusDays(1);
        return closures.settleBy(account, dayBefore).chain(() -> subscriptions.applyScheduled(account));
    }
}
