package org.supportdesk.notification.feed;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The feed's live push (R-N1): listens on PostgreSQL channel {@code notification_feed} (a trigger
 * announces each notification when its transaction commits, whichever replica wrote it) and
 * pushes the notification to the streams of its account's connected clients. A notification of an
 * account without a connected client is not read back.
 */
@ApplicationScoped
public class FeedStream {

    private static final Logger LOG = Logger.getLogger(FeedStream.class);

    /** How many pushes a client's stream holds while the client has not asked for more. */
    private static final int CLIENT_BUFFER = 256;

    /** The open streams of each account with a connected client. */
    private final ConcurrentHashMap<UUID, Set<MultiEmitter<? super NotificationView>>> listening = new ConcurrentHashMap<>();
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

    /**
     * The account's notifications from now on, as they are written. Each stream buffers what its client
     * has not asked for yet (a burst, an invoice issued then paid, does not outrun it), up to
     * {@value #CLIENT_BUFFER}; a client that far behind has its stream ended and reads the feed again.
     */
    public Multi<NotificationView> of(UUID accountId) {
        return Multi.createFrom().<NotificationView>emitter(emitter -> {
            listening.compute(accountId, (a, streams) -> {
                Set<MultiEmitter<? super NotificationView>> open = streams != null ? streams : ConcurrentHashMap.newKeySet();
                open.add(emitter);
                return open;
            });
            emitter.onTermination(() -> listening.computeIfPresent(accountId, (a, streams) -> {
                streams.remove(emitter);
                return streams.isEmpty() ? null : streams;
            }));
        }, CLIENT_BUFFER);
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
                .subscribe().with(rows -> rows.forEach(r -> {
                    NotificationView view = new NotificationView(id, r.getString("kind"), r.getString("subject_id"),
                            r.getString("title"), r.getString("body"), r.getOffsetDateTime("created_at").toInstant(),
                            r.getOffsetDateTime("read_at") == null ? null : r.getOffsetDateTime("read_at").toInstant());
                    listening.getOrDefault(accountId, Set.of()).forEach(stream -> stream.emit(view));
                }), e -> LOG.warnf("cannot push notification %s: %s", id, e.getMessage()));
    }
}
