package org.supportdesk.platform.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.PlatformConfig;
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
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;
    @ConfigProperty(name = "quarkus.datasource.username")
    String user;
    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    @Test
    void anExpiredKeyDeletedByHousekeepingWhileItIsClaimedAgainIsClaimedAfresh() throws Exception {
        String caller = "race-" + UUID.randomUUID();
        String key = "k-1";
        Instant expired = Instant.now(clock).minus(config.idempotency().retention()).minus(Duration.ofDays(1));
        Sql.update("""
                insert into idempotency_record (caller, idem_key, method, path, created_at, completed_at, status, content_type, body)
                values (?1, ?2, 'POST', '/widgets', ?3, ?3, 201, 'application/json', '{"first":true}')
                """, caller, key, expired);

        try (Connection sweep = DriverManager.getConnection(url, user, password);
                Connection watch = DriverManager.getConnection(url, user, password)) {
            sweep.setAutoCommit(false);
            try (PreparedStatement lock = sweep.prepareStatement(
                    "select 1 from idempotency_record where caller = ? and idem_key = ? for update")) {
                lock.setString(1, caller);
                lock.setString(2, key);
                try (ResultSet locked = lock.executeQuery()) {
                    assertThat(locked.next()).isTrue();
                }
            }

            int sweepPid;
            try (ResultSet pid = sweep.createStatement().executeQuery("select pg_backend_pid()")) {
                pid.next();
                sweepPid = pid.getInt(1);
            }
            CompletableFuture<IdempotencyStore.Claim> claim = CompletableFuture
                    .supplyAsync(() -> OnVertx.await(() -> store.claim(caller, key, "POST", "/widgets")));
            awaitWaitingFor(sweepPid, watch, claim);

            try (PreparedStatement delete = sweep.prepareStatement(
                    "delete from idempotency_record where caller = ? and idem_key = ?")) {
                delete.setString(1, caller);
                delete.setString(2, key);
                assertThat(delete.executeUpdate()).isEqualTo(1);
            }
            sweep.commit();

            assertThat(claim.get(30, TimeUnit.SECONDS)).isInstanceOf(IdempotencyStore.Claim.Fresh.class);
        }
        assertThat(Sql.count("select count(*) from idempotency_record where caller = ?1 and idem_key = ?2 "
                + "and completed_at is null and body is null and created_at > ?3", caller, key, expired)).isEqualTo(1);
    }

    /** Until the claim's session waits for the sweep's row lock (it has inserted nothing). */
    private static void awaitWaitingFor(int sweepPid, Connection watch, CompletableFuture<?> claim) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            assertThat(claim).as("the claim waits for the sweep's lock").isNotDone();
            try (PreparedStatement waiting = watch.prepareStatement(
                    "select count(*) from pg_stat_activity where ? = any(pg_blocking_pids(pid))")) {
                waiting.setInt(1, sweepPid);
                try (ResultSet rows = waiting.executeQuery()) {
                    rows.next();
                    if (rows.getLong(1) > 0) {
                        return;
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the claim never waited for the sweep's lock");
    }
}
