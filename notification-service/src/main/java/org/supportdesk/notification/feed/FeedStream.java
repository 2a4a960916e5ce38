package org.supportdesk.notification.feed;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The feed's live push (R-N1): listens on PostgreSQL channel {@code notification_feed} (a trigger
 * announces each notification when its transaction commits, whichever replica wrote it) and
 * broadcasts the notification to the streams of its account's connected clients. A notification of
 * an account without a connected client is not read back.
 */
@ApplicationScoped
public class FeedStream {

    private static final Logger LOG = Logger.getLogger(FeedStream.class);

    private record Pushed(UUID accountId, NotificationView notification) {
    }

    private final BroadcastProcessor<Pushed> pushed = BroadcastProcessor.create();
    /** The accounts with a connected client, and how many streams each has open. */
    private final java.util.concurrent.ConcurrentHashMap<UUID, Integer> listening = new java.util.concurrent.ConcurrentHashMap<>();
    private final Vertx vertx;
    private final Pool pool;
    private final String url;
    private final String user;
    private final String password;
    private PgSubscriber subscriber;

    FeedStream(Vertx vertx, Pool pool, @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.vertx = vertx;
        this.pool = pool;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    void start(@Observes StartupEvent event) {
        PgConnectOptions options = PgConnectOptions.fromUri(url.startsWith("vertx-reactive:") ? url.substring(15) : url)
                .setUser(user).setPassword(password);
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 1000L);
        subscriber.channel("notification_feed").handler(this::announced);
        subscriber.connect().subscribe().with(ok -> LOG.debug("listening to notification_feed"),
                e -> LOG.warnf("cannot listen to notification_feed yet: %s", e.getMessage()));
    }

    void stop(@Observes ShutdownEvent event) {
        if (subscriber != null) {
            subscriber.closeAndAwait();
        }
    }

    /** The account's notifications from now on, as they are written. */
    public Multi<NotificationView> of(UUID accountId) {
        return pushed.filter(p -> p.accountId().equals(accountId)).map(Pushed::notification)
                .onSubscription().invoke(() -> listening.merge(accountId, 1, Integer::sum))
                .onTermination().invoke(() -> listening.computeIfPresent(accountId, (a, n) -> n == 1 ? null : n - 1));
    }

    /** Whether a client of the account has its stream open. */
    boolean listened(UUID accountId) {
        return listening.containsKey(accountId);
    }

    private void announced(String payload) {
        String[] parts = payload.split(":");
        UUID accountId = UUID.fromString(parts[0]);
        UUID id = UUID.fromString(parts[1]);
        if (!listened(accountId)) {
            return;
        }
        pool.preparedQuery("select kind, subject_id, title, body, created_at, read_at from notification where id = $1")
                .execute(Tuple.of(id))
                .subscribe().with(rows -> rows.forEach(r -> pushed.onNext(new Pushed(accountId, new NotificationView(id,
                        r.getString("kind"), r.getString("subject_id"), r.getString("title"), r.getString("body"),
                        r.getOffsetDateTime("created_at").toInstant(),
                        r.getOffsetDateTime("read_at") == null ? null : r.getOffsetDateTime("read_at").toInstant())))),
                        e -> LOG.warnf("cannot push notification %s: %s", id, e.getMessage()));
    }
}
