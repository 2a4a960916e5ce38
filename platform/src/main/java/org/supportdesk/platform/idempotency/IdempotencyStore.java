package org.supportdesk.platform.idempotency;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.supportdesk.platform.PlatformConfig;

/** Claims, completes and releases idempotency keys; one key per caller. */
@ApplicationScoped
public class IdempotencyStore {

    /** A claimed key whose request never completed (the instance died) may be taken over after this. */
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(2);

    public sealed interface Claim {
        record Fresh() implements Claim {
        }

        record Replay(int status, String contentType, String body, String location) implements Claim {
        }

        record InProgress() implements Claim {
        }

        record Mismatch(String method, String path) implements Claim {
        }

        /** The same method and path, another query or body. */
        record OtherRequest() implements Claim {
        }
    }

    private final PlatformConfig config;
    private final Clock clock;

    IdempotencyStore(PlatformConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** {@code digest}: of the request's query and body, compared with the first request's. */
    public Uni<Claim> claim(String caller, String key, String method, String path, String digest) {
        Instant now = Instant.now(clock);
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> insert(session, caller, key, method, path, digest, now)
                .chain(inserted -> inserted == 1
                        ? Uni.createFrom().item(new Claim.Fresh())
                        : session.find(IdempotencyRecord.class, new IdempotencyRecord.Key(caller, key),
                                org.hibernate.LockMode.PESSIMISTIC_WRITE)
                                .chain(existing -> existing != null ? Uni.createFrom().item(decide(existing, method, path, digest, now))
                                        // expired and deleted by housekeeping meanwhile: claimed afresh
                                        : insert(session, caller, key, method, path, digest, now)
                                                .map(again -> again == 1 ? new Claim.Fresh() : new Claim.InProgress())))));
    }

    private static Uni<Integer> insert(org.hibernate.reactive.mutiny.Mutiny.Session session, String caller, String key,
            String method, String path, String digest, Instant now) {
        return session.createNativeQuery("""
                insert into idempotency_record (caller, idem_key, method, path, request_digest, created_at)
                values (:caller, :key, :method, :path, :digest, :now) on conflict do nothing
                """)
                .setParameter("caller", caller).setParameter("key", key)
                .setParameter("method", method).setParameter("path", path).setParameter("digest", digest)
                .setParameter("now", now)
                .executeUpdate();
    }

    private Claim decide(IdempotencyRecord existing, String method, String path, String digest, Instant now) {
        boolean expired = existing.createdAt.plus(config.idempotency().retention()).isBefore(now);
        boolean abandoned = existing.completedAt == null && existing.createdAt.plus(ABANDONED_AFTER).isBefore(now);
        if (expired || abandoned) {
            existing.method = method;
            existing.path = path;
            existing.requestDigest = digest;
            existing.createdAt = now;
            existing.completedAt = null;
            existing.status = null;
            existing.body = null;
            existing.contentType = null;
            existing.location = null;
            return new Claim.Fresh();
        }
        if (!existing.method.equals(method) || !existing.path.equals(path)) {
            return new Claim.Mismatch(existing.method, existing.path);
        }
        // a record kept from before digests were (null) is judged by its method and path alone
        if (existing.requestDigest != null && !existing.requestDigest.equals(digest)) {
            return new Claim.OtherRequest();
        }
        if (existing.completedAt == null) {
            return new Claim.InProgress();
        }
        return new Claim.Replay(existing.status, existing.contentType, existing.body, existing.location);
    }

    /** {@code location}: the answer's Location header (a 201's), or null. */
    public Uni<Void> complete(String caller, String key, int status, String contentType, String body, String location) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                update idempotency_record set status = :status, content_type = :type, body = :body, location = :location,
                    completed_at = :now
                where caller = :caller and idem_key = :key
                """)
                .setParameter("status", status).setParameter("type", contentType).setParameter("body", body)
                .setParameter("location", location)
                .setParameter("now", Instant.now(clock)).setParameter("caller", caller).setParameter("key", key)
                .executeUpdate()))
                .replaceWithVoid();
    }

    /** The request failed on the server's side: forget the key, so the client's retry runs again. */
    public Uni<Void> release(String caller, String key) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("delete from idempotency_record where caller = :caller and idem_key = :key")
                .setParameter("caller", caller).setParameter("key", key)
                .executeUpdate()))
                .replaceWithVoid();
    }
}
