package org.supportdesk.notification.webhook;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.supportdesk.platform.Periodic;
import org.supportdesk.platform.persistence.NativeSelects;

/**
 * R-N2: sends due webhook deliveries. Each round claims a batch (FOR UPDATE SKIP LOCKED, so replicas
 * and overlapping rounds share the work) and marks it SENDING in a short transaction, posts every
 * delivery concurrently with a timeout, and records each outcome the moment it arrives: DELIVERED on
 * 2xx, else a retry with exponential back-off and jitter, DEAD after the last attempt. A call has one
 * deadline ({@code timeout}) however the endpoint trickles its answer, follows no redirect, and reads no
 * more than {@link #DRAINED_AT_MOST} bytes of the answer's body (which it throws away). Rounds start
 * every second whether or not the last one finished, so a partner that is down or slow never holds up
 * the others; an endpoint that cannot even be called fails only its own delivery. A replica that dies
 * mid-send leaves SENDING rows that are claimed again after a minute.
 */
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);

    record Attempt(UUID deliveryId, boolean delivered, Integer status, String error) {
    }

    /**
     * The most of an answer's body read, and thrown away, so that its connection may serve the next
     * call; a longer body closes the connection instead.
     */
    static final int DRAINED_AT_MOST = 64 * 1024;

    private final WebhookConfig config;
    private final HttpClient client;
    private final Vertx vertx;
    private final Clock clock;

    WebhookDispatcher(WebhookConfig config, Vertx vertx, Clock clock) {
        this.config = config;
        this.vertx = vertx;
        this.client = vertx.getDelegate().createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.timeout().toMillis()));
        this.clock = clock;
    }

    @PreDestroy
    void close() {
        client.close();
    }

    private volatile Periodic periodic;

    /**
     * A round a second from three seconds after start-up, whether or not the one before it ended (each
     * on its own context, with its own session), unless {@code enabled} is off.
     */
    void start(@Observes StartupEvent event) {
        if (config.enabled()) {
            periodic = Periodic.start(vertx.getDelegate(), "Webhook round", Duration.ofSeconds(3), Duration.ofSeconds(1),
                    Periodic.Overlap.PROCEED, this::dispatch);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (periodic != null) {
            periodic.stop();
        }
    }

    Uni<Void> dispatch() {
        return sendDue().onFailure().invoke(e -> LOG.warnf("Webhook round failed, deliveries stay due: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** A claimed batch and the endpoints it goes to. */
    private record Claimed(List<WebhookDelivery> deliveries, Map<UUID, Webhook> endpoints) {
    }

    /** One round. @return how many deliveries were attempted. */
    public Uni<Integer> sendDue() {
        return claim().chain(claimed -> {
            if (claimed.deliveries().isEmpty()) {
                return Uni.createFrom().item(0);
            }
            // every post at once; each outcome recorded as it arrives, one transaction after another
            // (a round's transactions share its reactive session, so they never overlap)
            return Multi.createFrom().iterable(claimed.deliveries())
                    .onItem().transformToUni(d -> post(d, claimed.endpoints().get(d.webhookId)))
                    .merge(claimed.deliveries().size())
                    .onItem().transformToUniAndConcatenate(attempt -> record(attempt).replaceWith(attempt))
                    .collect().with(java.util.stream.Collectors.counting()).map(Long::intValue);
        });
    }

    /** Claims due deliveries (and stale SENDING ones) and marks them SENDING, in a short transaction. */
    private Uni<Claimed> claim() {
        Instant now = Instant.now(clock);
        return Panache.withTransaction(() -> Panache.getSession().chain(s -> s.createNativeQuery("""
                update webhook_delivery d set status = 'SENDING', next_attempt_at = :now, attempts = d.attempts + 1
                where d.id in (select id from webhook_delivery
                               where (status = 'PENDING' and next_attempt_at <= :now)
                                  or (status = 'SENDING' and next_attempt_at <= :stale)
                               order by next_attempt_at limit :batch for update skip locked)
                returning d.id
                """, UUID.class).setParameter("now", NativeSelects.uncached(now)).setParameter("stale", now.minusSeconds(60))
                .setParameter("batch", config.batchSize()).getResultList()
                .chain(ids -> ids.isEmpty() ? Uni.createFrom().item(new Claimed(List.of(), Map.of()))
                        : s.createSelectionQuery("from WebhookDelivery where id in :ids", WebhookDelivery.class)
                                .setParameter("ids", ids).getResultList()
                                .chain(deliveries -> s.createSelectionQuery("from Webhook where id in :ids", Webhook.class)
                                        .setParameter("ids", deliveries.stream().map(d -> d.webhookId).distinct().toList())
                                        .getResultList()
                                        .map(hooks -> new Claimed(deliveries, hooks.stream()
                                                .collect(Collectors.toMap(w -> w.id, Function.identity()))))))));
    }

    private Uni<Attempt> post(WebhookDelivery d, Webhook w) {
        if (w == null || !w.active) {
            return Uni.createFrom().item(new Attempt(d.id, false, null, "endpoint removed"));
        }
        // deferred: an endpoint the client refuses to call at all (a URL it cannot parse) fails this delivery only
        return Uni.createFrom().deferred(() -> {
            String host = hostOf(w.url);
            return resolved(host).chain(address -> config.allowPrivateAddresses() || PublicAddresses.isPublic(address)
                    ? post(d, w, address)
                    : Uni.createFrom().item(new Attempt(d.id, false, null, "refused: " + host + " is "
                            + address.getHostAddress() + ", not a public address")));
        }).onFailure().recoverWithItem(e -> failed(d, e));
    }

    /** An attempt that could not be made or got no answer, with the reason. */
    private static Attempt failed(WebhookDelivery d, Throwable e) {
        return new Attempt(d.id, false, null, e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()));
    }

    /**
     * Posts a delivery to the endpoint's URL over a connection to {@code address}, the one its host
     * resolved to and was checked as: the name is not looked up again, so a DNS answer that changes
     * between the check and the call (rebinding) cannot turn it to another address. The request
     * still names the host (the {@code Host} header, TLS's SNI and the certificate's check).
     */
    Uni<Attempt> post(WebhookDelivery d, Webhook w, java.net.InetAddress address) {
        // the time on the wire, which the partner checks against its own clock: never the business clock
        long timestamp = Instant.now(java.time.Clock.systemUTC()).getEpochSecond();
        java.net.URI url = java.net.URI.create(w.url);
        int port = url.getPort() != -1 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        long timeout = config.timeout().toMillis();
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(w.url)
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                // a redirect is an answer like any other that is not 2xx: followed, it would go to an address never checked
                .setFollowRedirects(false)
                // waiting for one of the endpoint's pooled connections ends at the deadline too
                .setConnectTimeout(timeout)
                .putHeader("user-agent", "supportdesk-webhooks/1")
                .putHeader("content-type", "application/json")
                .putHeader("webhook-id", d.id.toString())
                .putHeader("webhook-timestamp", Long.toString(timestamp))
                .putHeader("webhook-signature", WebhookSignature.sign(WebhookSignature.signingKey(w.secret, w.standardKey),
                        d.id.toString(), timestamp, d.body));
        io.vertx.core.Vertx core = vertx.getDelegate();
        Promise<Attempt> outcome = Promise.promise();
        java.util.concurrent.atomic.AtomicReference<io.vertx.core.http.HttpClientRequest> made =
                new java.util.concurrent.atomic.AtomicReference<>();
        // one deadline for the whole call, from the wait for a connection to the answer's last byte:
        // then the call fails and its connection, if it has one, is closed
        long deadline = core.setTimer(timeout, id -> {
            outcome.tryFail(new java.util.concurrent.TimeoutException("no answer within " + timeout + " ms"));
            io.vertx.core.http.HttpClientRequest call = made.get();
            if (call != null) {
                call.reset();
            }
        });
        client.request(request).onFailure(e -> {
            core.cancelTimer(deadline);
            outcome.tryFail(e);
        }).onSuccess(call -> {
            made.set(call);
            if (outcome.future().isComplete()) {
                call.reset(); // a connection came after the deadline: it is given back unused
                return;
            }
            call.send(Buffer.buffer(d.body)).onFailure(e -> {
                core.cancelTimer(deadline);
                outcome.tryFail(e);
            }).onSuccess(response -> {
                long[] read = { 0 };
                response.handler(chunk -> {
                    read[0] += chunk.length();
                    if (read[0] > DRAINED_AT_MOST) {
                        call.reset();
                    }
                });
                response.exceptionHandler(e -> core.cancelTimer(deadline));
                response.endHandler(ended -> core.cancelTimer(deadline));
                // the outcome is the status; the body, drained meanwhile, tells nothing
                int status = response.statusCode();
                outcome.tryComplete(new Attempt(d.id, status / 100 == 2, status, status / 100 == 2 ? null : "HTTP " + status));
            });
        });
        return Uni.createFrom().completionStage(outcome.future().toCompletionStage())
                .onFailure().recoverWithItem(e -> failed(d, e));
    }

    private static String hostOf(String url) {
        String host;
        try {
            host = new java.net.URI(url).getHost();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("not a URL a delivery can go to: " + e.getMessage());
        }
        if (host == null) {
            throw new IllegalArgumentException("no host in " + url);
        }
        return host;
    }

    /**
     * The address the endpoint's host (as its URL names it) resolves to, by the resolver the HTTP client
     * would use; a delivery goes there only if it is public ({@link PublicAddresses}), unless
     * {@code allow-private-addresses} (the local stack's and the tests' receivers).
     */
    private Uni<java.net.InetAddress> resolved(String host) {
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return Uni.createFrom().emitter(e -> ((io.vertx.core.impl.VertxInternal) vertx.getDelegate())
                .resolveAddress(bare, r -> {
                    if (r.succeeded()) {
                        e.complete(r.result());
                    } else {
                        e.fail(r.cause());
                    }
                }));
    }

    /** One delivery's outcome, in its own short transaction. */
    private Uni<Void> record(Attempt a) {
        Instant now = Instant.now(clock);
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(s -> s.find(WebhookDelivery.class, a.deliveryId()))
                .invoke(d -> {
                    if (d == null || d.status != WebhookDelivery.Status.SENDING) {
                        return; // replayed meanwhile
                    }
                    d.lastStatus = a.status();
                    d.lastError = a.error() == null ? null : a.error().length() > 500 ? a.error().substring(0, 500) : a.error();
                    if (a.delivered()) {
                        d.status = WebhookDelivery.Status.DELIVERED;
                        d.deliveredAt = now;
                        d.nextAttemptAt = null;
                    } else if (d.attempts >= config.maxAttempts()) {
                        d.status = WebhookDelivery.Status.DEAD; // dead-lettered: visible in the log, replayable
                        d.nextAttemptAt = null;
                        LOG.warnf("Webhook delivery %s of %s to partner %s is dead after %d attempts: %s", d.id,
                                d.eventType, d.partnerId, d.attempts, d.lastError);
                    } else {
                        d.status = WebhookDelivery.Status.PENDING;
                        d.nextAttemptAt = now.plusSeconds(WebhookSignature.backoffSeconds(d.attempts,
                                config.baseDelay().toSeconds(), ThreadLocalRandom.current().nextDouble()));
                    }
                })).replaceWithVoid();
    }
}
