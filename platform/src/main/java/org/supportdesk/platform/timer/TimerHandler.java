package org.supportdesk.platform.timer;

import io.smallrye.mutiny.Uni;

/**
 * Fires timers of one kind. Runs inside the transaction that claimed the timer: what it changes and
 * the outbox events it appends commit together with the timer being marked fired.
 */
public interface TimerHandler {

    String kind();

    Uni<Void> fire(DueTimer timer);
}
