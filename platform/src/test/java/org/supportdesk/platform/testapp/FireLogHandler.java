package org.supportdesk.platform.testapp;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.supportdesk.platform.timer.DueTimer;
import org.supportdesk.platform.timer.DueTimers;
import org.supportdesk.platform.timer.TimerHandler;

/**
 * Logs every firing, with the thread that fired it; subjects starting with "poison" always fail, and
 * subjects starting with "again" schedule themselves an hour later (a recurring timer); a subject
 * starting with "stall" stalls its first firing for {@link #STALL} without a word to the database
 * (a claimer whose node went silent), and fires the next one at once.
 */
@ApplicationScoped
public class FireLogHandler implements TimerHandler {

    public static final java.time.Duration STALL = java.time.Duration.ofSeconds(8);

    private final DueTimers timers;
    private final java.util.Set<String> stalled = java.util.concurrent.ConcurrentHashMap.newKeySet();

    FireLogHandler(DueTimers timers) {
        this.timers = timers;
    }

    @Override
    public String kind() {
        return "test-fire";
    }

    @Override
    public Uni<Void> fire(DueTimer timer) {
        if (timer.subject.startsWith("poison")) {
            return Uni.createFrom().failure(new IllegalStateException("poisoned timer " + timer.subject));
        }
        if (timer.subject.startsWith("stall") && stalled.add(timer.subject)) {
            io.vertx.core.Context context = io.vertx.core.Vertx.currentContext(); // the batch's session lives there
            return Uni.createFrom().<Void>emitter(stall -> context.owner().setTimer(STALL.toMillis(),
                    id -> context.runOnContext(ignored -> stall.complete(null)))).chain(() -> fire(timer));
        }
        String claimer = Thread.currentThread().getName();
        return Panache.getSession()
                .chain(session -> session
                        .createNativeQuery("insert into test_fire_log (timer_id, subject, claimer) values (:id, :subject, :claimer)")
                        .setParameter("id", timer.id)
                        .setParameter("subject", timer.subject)
                        .setParameter("claimer", claimer.length() > 50 ? claimer.substring(0, 50) : claimer)
                        .executeUpdate())
                .chain(() -> timer.subject.startsWith("again")
                        ? timers.schedule(kind(), timer.subject, timer.dueAt.plusSeconds(3600), null)
                        : Uni.createFrom().voidItem());
    }
}
