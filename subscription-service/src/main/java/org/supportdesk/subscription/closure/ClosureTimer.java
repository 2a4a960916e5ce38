package org.supportdesk.subscription.closure;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.supportdesk.platform.timer.DueTimer;
import org.supportdesk.platform.timer.TimerHandler;

/** Closes accounts at the end of their closure day (R-S8) through the shared due timers. */
@ApplicationScoped
public class ClosureTimer implements TimerHandler {

    private final ClosureService closures;

    ClosureTimer(ClosureService closures) {
        this.closures = closures;
    }

    @Override
    public String kind() {
        return ClosureService.CLOSURE_TIMER;
    }

    @Override
    public Uni<Void> fire(DueTimer timer) {
        return closures.due(UUID.fromString(timer.subject));
    }
}
