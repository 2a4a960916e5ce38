package org.supportdesk.subscription.promotion;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.supportdesk.platform.timer.DueTimer;
import org.supportdesk.platform.timer.TimerHandler;

/** Decides joining promotions a month after joining (R-B14) through the shared due timers. */
@ApplicationScoped
public class PromotionTimer implements TimerHandler {

    private final PromotionService promotions;

    PromotionTimer(PromotionService promotions) {
        this.promotions = promotions;
    }

    @Override
    public String kind() {
        return PromotionService.EVALUATION_TIMER;
    }

    @Override
    public Uni<Void> fire(DueTimer timer) {
        return promotions.evaluate(UUID.fromString(timer.subject));
    }
}
