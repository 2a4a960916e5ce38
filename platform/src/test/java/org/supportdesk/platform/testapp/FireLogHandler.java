package org.supportdesk.platform.testapp;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.supportdesk.platform.timer.DueTimer;
import org.supportdesk.platform.timer.TimerHandler;

/** Logs every firing, with the thread that fired it; subjects starting with "poison" always fail. */
@ApplicationScoped
public class FireLogHandler implements TimerHandler {

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
                .replaceWithVoid();
    }
}
