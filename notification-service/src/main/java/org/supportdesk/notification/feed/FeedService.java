package org.supportdesk.notification.feed;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.supportdesk.platform.problem.ProblemException;
import org.supportdesk.platform.rest.Page;

@ApplicationScoped
public class FeedService {

    private final Clock clock;

    FeedService(Clock clock) {
        this.clock = clock;
    }

    @WithSession
    public Uni<Page<NotificationView>> feed(UUID accountId, boolean unreadOnly, int page, int size) {
        String where = "accountId = :account" + (unreadOnly ? " and readAt is null" : "");
        return Panache.getSession().chain(session -> session
                .createSelectionQuery("from Notification where " + where + " order by createdAt desc, id desc",
                        Notification.class)
                .setParameter("account", accountId)
                .setFirstResult(page * size)
                .setMaxResults(size)
                .getResultList()
                .chain(items -> session.createSelectionQuery("select count(*) from Notification where " + where,
                        Long.class).setParameter("account", accountId).getSingleResult()
                        .map(total -> new Page<>(items.stream().map(NotificationView::of).toList(),
                                page, size, total))));
    }

    /** Marks the account's notification read; another account's answers "not found". */
    @WithTransaction
    public Uni<NotificationView> markRead(UUID accountId, UUID id) {
        return Panache.getSession().chain(session -> session.find(Notification.class, id)).map(n -> {
            if (n == null || !n.accountId.equals(accountId)) {
                throw ProblemException.notFound("Notification", id);
            }
            if (n.readAt == null) {
                n.readAt = Instant.now(clock);
            }
            return NotificationView.of(n);
        });
    }
}
