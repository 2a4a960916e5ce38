package org.supportdesk.platform.timer;

import io.smallrye.mutiny.Uni;
import java.util.List;
import org.supportdesk.platform.persistence.InOrder;

/**
 * Fires timers of one kind. Runs inside the transaction that claimed the timer: what it changes and
 * the outbox events it appends commit together with the timer being marked fired.
 */
public interface TimerHandler {

    String kind();

    Uni<Void> fire(DueTimer timer);

    /**
     * Fires consecutive claimed timers of this kind, in claim order. By default one by one, each one's
     * work flushed and cleared before the next; a handler that can read what a whole batch needs with
     * one query (set-based) does so here, with the same outcome as firing them one by one.
     */
    default Uni<Void> fireAll(List<DueTimer> timers) {
        return InOrder.each(timers, this::fire);
    }
}
