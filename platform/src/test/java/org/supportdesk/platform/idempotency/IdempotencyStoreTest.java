package org.supportdesk.platform.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.PlatformConfig;
import org.supportdesk.platform.testing.HeldLocks;
import org.supportdesk.platform.testing.OnVertx;
import org.supportdesk.platform.testing.Sql;

/**
 * The claim of a key that housekeeping deletes while the claim reads it, made to happen in that order
 * with a real second connection: the sweep's transaction locks the expired row, the claim's insert
 * finds it taken and its locking read waits, then the sweep deletes the row and commits.
 */
@QuarkusTest
class IdempotencyStoreTest {

    @Inject
    IdempotencyStore store;
    @Inject
    PlatformConfig config;
    @Inject
    java.time.Clock clock;

    @Test
    void anExpiredKeyDeletedByHousekeepingWhileItIsClaimedAgainIsClaimedAfresh() throws Exception {
        String caller = "race-" + UUID.randomUUID();
        String key = "k-1";
        Instant expired = Instant.now(clock).minus(config.idempotency().retention()).minus(Duration.ofDays(1));
        Sql.update("""
                insert into idempotency_record (caller, idem_key, method, path, created_at, completed_at, status, content_type, body)
                values (?1, ?2, 'POST', '/widgets', ?3, ?3, 201, 'application/json', '{"first":true}')
                """, caller, key, expired);

        String row = "from idempotency_record where caller = '" + caller + "' and idem_key = '" + key + "'";
        CompletableFuture<IdempotencyStore.Claim> claim;
        try (HeldLocks sweep = HeldLocks.hold(Sql::connect,
                "select 1 " + row + " for update")) {
            assertThat(sweep.rows()).isEqualTo(1);
            claim = CompletableFuture.supplyAsync(() -> OnVertx.await(() -> store.claim(caller, key, "POST", "/widgets", "digest")));
            sweep.awaitWaiting(1, Duration.ofSeconds(30));
            assertThat(claim).as("the claim waits for the sweep's lock").isNotDone();
            assertThat(sweep.update("delete " + row)).isEqualTo(1);
        }
        assertThat(claim.get(30, TimeUnit.SECONDS)).isInstanceOf(IdempotencyStore.Claim.Fresh.class);
        assertThat(Sql.count("select count(*) from idempotency_record where caller = ?1 and idem_key = ?2 "
                + "and completed_at is null and body is null and created_at > ?3", caller, key, expired)).isEqualTo(1);
    }

    @Test
    void aRecordKeptBeforeDigestsIsJudgedByMethodAndPathAlone() {
        String caller = "old-" + UUID.randomUUID();
        Sql.update("""
                insert into idempotency_record (caller, idem_key, method, path, created_at, completed_at, status, content_type, body)
                values (?1, 'k', 'POST', '/widgets', ?2, ?2, 201, 'application/json', '{"first":true}')
                """, caller, Instant.now(clock));
        assertThat(OnVertx.await(() -> store.claim(caller, "k", "POST", "/widgets", "any")))
                .isEqualTo(new IdempotencyStore.Claim.Replay(201, "application/json", "{\"first\":true}", null));
    }

    @Test
    void anExpiredKeyTakenAgainNamesTheNewRequest() {
        String caller = "expired-" + UUID.randomUUID();
        Instant expired = Instant.now(clock).minus(config.idempotency().retention()).minus(Duration.ofDays(1));
        Sql.update("""
                insert into idempotency_record (caller, idem_key, method, path, request_digest, created_at, completed_at, status, content_type, body)
                values (?1, 'k', 'POST', '/widgets', 'old', ?2, ?2, 201, 'application/json', '{"first":true}')
                """, caller, expired);
        assertThat(OnVertx.await(() -> store.claim(caller, "k", "POST", "/widgets", "new")))
                .isInstanceOf(IdempotencyStore.Claim.Fresh.class);
        OnVertx.await(() -> store.complete(caller, "k", 201, "application/json", "{\"second\":true}", null));
        assertThat(OnVertx.await(() -> store.claim(caller, "k", "POST", "/widgets", "old")))
                .isInstanceOf(IdempotencyStore.Claim.OtherRequest.class);
        assertThat(OnVertx.await(() -> store.claim(caller, "k", "POST", "/widgets", "new")))
                .isEqualTo(new IdempotencyStore.Claim.Replay(201, "application/json", "{\"second\":true}", null));
    }
}
