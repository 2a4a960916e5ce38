package org.supportdesk.subscription.subscription;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.supportdesk.platform.timer.DueTimer;
import org.supportdesk.platform.timer.TimerHandler;

/** Applies scheduled plan changes at the start of their day (R-S4), through the shared due timers. */
@ApplicationScoped
public class PlanChangeTimer implements TimerHandler {

    private final SubscriptionService subscriptions;

    PlanChangeTimer(SubscriptionService subscriptions) {
        this.subscriptions = subscriptions;
    }

    @Override
    public String kind() {
        return SubscriptionService.PLAN_CHANGE_TIMER;
    }

    @Override
    public Uni<Void> fire(DueTimer timer) {
        return subscriptions.applyScheduled(UUID.fromString(timer.subject));
    }
}
