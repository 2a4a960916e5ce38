package org.supportdesk.platform.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;
import org.supportdesk.platform.problem.Problem;
import org.supportdesk.platform.security.Caller;

/**
 * {@code Idempotency-Key} on POST: the first request with a key runs and its answer is stored; a retry
 * with the same key (same caller, method, path, query and body) gets that answer again, marked
 * {@code Idempotent-Replayed: true}, and changes nothing. A retry while the first still runs answers
 * 409; the same key on another path, or with another query or body, 422: a key names one request, and
 * a client that changed the request meant another one (the IETF's Idempotency-Key draft and Stripe
 * answer so too). Only a successful answer is kept: a refused or failed request left no state behind
 * (bad input never does), so its retry with the same key simply runs again, e.g. once the read model
 * it waited for has caught up.
 *
 * <p>The request is compared by a SHA-256 digest of its query and its body's bytes as sent. The filter
 * runs once the body has been read ({@link WithFormRead}: a non-blocking method's body is buffered
 * before it, a blocking method's filters run on a worker thread, where the body is read here); the
 * bytes are handed on to the method unchanged. A non-blocking method that takes no body never reads
 * one, so what a client sent it does not count.
 */
public class IdempotencyKeyFilter {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    private static final String CLAIMED = IdempotencyKeyFilter.class.getName() + ".claimed";
    private static final int MAX_KEY_LENGTH = 200;
    /** The key store's path column; every resource's path is far shorter. */
    private static final int MAX_PATH_LENGTH = 500;

    private final IdempotencyStore store;
    private final ObjectMapper json;

    IdempotencyKeyFilter(IdempotencyStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    private record Claimed(String caller, String key) {
    }

    @ServerRequestFilter
    @WithFormRead
    public Uni<Response> claim(ContainerRequestContext request, ServerRequestContext server) {
        String key = request.getHeaderString(HEADER);
        if (!"POST".equals(request.getMethod()) || key == null) {
            return Uni.createFrom().nullItem();
        }
        String path = request.getUriInfo().getPath();
        if (path.length() > MAX_PATH_LENGTH) {
            return Uni.createFrom().nullItem(); // longer than any resource's: the resource answers it (a 4xx)
        }
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            return Uni.createFrom().item(problem(400, "invalid-idempotency-key", "Invalid Idempotency-Key",
                    HEADER + " must be 1 to " + MAX_KEY_LENGTH + " characters", path));
        }
        SecurityContext security = request.getSecurityContext();
        String caller = Caller.key(security.getUserPrincipal());
        String digest = digest(request, server);
        return onEventLoop(() -> store.claim(caller, key, request.getMethod(), path, digest)).map(claim -> switch (claim) {
            case IdempotencyStore.Claim.Fresh fresh -> {
                request.setProperty(CLAIMED, new Claimed(caller, key));
                yield null;
            }
            case IdempotencyStore.Claim.Replay replay -> Response.status(replay.status())
                    .type(replay.contentType()).entity(replay.body()).header(REPLAYED, "true")
                    .header(jakarta.ws.rs.core.HttpHeaders.LOCATION, replay.location()).build();
            case IdempotencyStore.Claim.InProgress busy -> problem(409, "idempotency-key-in-use",
                    "Request in progress", "A request with this " + HEADER + " is still being processed; retry later",
                    path);
            case IdempotencyStore.Claim.Mismatch other -> problem(422, "idempotency-key-reused",
                    "Idempotency-Key reused", "This " + HEADER + " was used for " + other.method() + " "
                            + other.path() + "; use a new key for a different request",
                    path);
            case IdempotencyStore.Claim.OtherRequest other -> problem(422, "idempotency-key-reused",
                    "Idempotency-Key reused", "This " + HEADER + " was used for a request with another "
                            + "query or body; use a new key for a different request",
                    path);
        });
    }

    /** SHA-256 of the query and of the body the method reads, hex; the body is handed on as it came. */
    private static String digest(ContainerRequestContext request, ServerRequestContext server) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        String query = request.getUriInfo().getRequestUri().getRawQuery();
        if (query != null) {
            sha.update(query.getBytes(StandardCharsets.UTF_8));
        }
        sha.update((byte) 0);
        if (readsBody(server)) {
            try {
                byte[] body = request.getEntityStream().readAllBytes();
                request.setEntityStream(new ByteArrayInputStream(body));
                sha.update(body);
            } catch (IOException e) {
                // the client went away or stalled mid-body: nothing was claimed
                throw org.supportdesk.platform.problem.ProblemException.badRequest("unreadable-body",
                        "Unreadable body", "The request's body could not be read whole");
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * On a worker thread (a blocking method) the body can be read; on the event loop only once it is
     * buffered, which it is for a method that takes a body and never is for one that does not.
     */
    private static boolean readsBody(ServerRequestContext server) {
        if (!io.vertx.core.Context.isOnEventLoopThread()) {
            return true;
        }
        return server instanceof ResteasyReactiveRequestContext context && context.hasInputStream();
    }

    @ServerResponseFilter
    public Uni<Void> remember(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(request.getProperty(CLAIMED) instanceof Claimed claimed)) {
            return Uni.createFrom().voidItem();
        }
        if (response.getStatus() >= 300) {
            return onEventLoop(() -> store.release(claimed.caller(), claimed.key()));
        }
        Object entity = response.getEntity();
        String body = body(entity);
        // a resource method that names no media type has its answer's chosen after the filters: the
        // replay says what the first answer was, JSON for anything the mapper wrote
        MediaType type = response.getMediaType();
        String contentType = type != null ? type.toString()
                : entity == null || entity instanceof String ? null : MediaType.APPLICATION_JSON;
        Object location = response.getHeaders().getFirst(jakarta.ws.rs.core.HttpHeaders.LOCATION);
        return onEventLoop(() -> store.complete(claimed.caller(), claimed.key(), response.getStatus(), contentType,
                body, location == null ? null : location.toString()));
    }

    /**
     * A blocking resource method has its filters and its answer on a worker thread; the
     * store's reactive session must run on the request's event loop, so the work moves there.
     */
    private static <T> Uni<T> onEventLoop(java.util.function.Supplier<Uni<T>> work) {
        io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
        if (context == null || io.vertx.core.Context.isOnEventLoopThread()) {
            return work.get();
        }
        return org.supportdesk.platform.persistence.OnContext.run(context, work);
    }

    private String body(Object entity) {
        if (entity == null || entity instanceof String) {
            return (String) entity;
        }
        try {
            return json.writeValueAsString(entity);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("answer cannot be stored for replay", e);
        }
    }

    private static Response problem(int status, String slug, String title, String detail, String path) {
        return Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(new Problem(Problem.type(slug), title, status, detail, path, null, Map.of())).build();
    }
}
