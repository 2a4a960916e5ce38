package org.supportdesk.subscription.freeze;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.supportdesk.platform.timer.DueTimer;
import org.supportdesk.platform.timer.TimerHandler;

/** Starts a freeze given with notice (R-S7: insolvency, 7 days) through the shared due timers. */
@ApplicationScoped
public class FreezeStartTimer implements TimerHandler {

    private final FreezeService freezes;

    FreezeStartTimer(FreezeService freezes) {
        this.freezes = freezes;
    }

    @Override
    public String kind() {
        return FreezeService.FREEZE_START_TIMER;
    }

    @Override
    public Uni<Void> fire(DueTimer timer) {
        return freezes.startScheduled(UUID.fromString(timer.subject));
    }
}
