package org.supportdesk.platform.testapp;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.supportdesk.platform.timer.DueTimer;
import org.supportdesk.platform.timer.DueTimers;
import org.supportdesk.platform.timer.TimerHandler;

/**
 * Logs every firing, with the thread that fired it; subjects starting with "poison" always fail, and
 * subjects starting with "again" schedule themselves an hour later (a recurring timer).
 */
@ApplicationScoped
public class FireLogHandler implements TimerHandler {

    private final DueTimers timers;

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
