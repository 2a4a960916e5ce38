package org.supportdesk.e2e;

import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.supportdesk.platform.testing.HeldLocks;

/**
 * Replicas of one packaged service on a database of their own, as a deployment runs them: the
 * OIDC test server (whose fixed key {@code Tokens} signs with), the shared broker, and a consumer group
 * of their own, so that they read the topics from the start whoever else consumes them. The first
 * replica migrates the schema before the next one starts.
 */
final class Replicas implements AutoCloseable {

    /** Claim-and-fire loops a replica runs under {@link #SMALL_TIMER_BATCHES}. */
    static final int TIMER_LOOPS = 2;
    /** Timers claimed five at a time by two loops a replica: the settings {@link #makeDueOnceBothClaim} counts on. */
    static final Map<String, String> SMALL_TIMER_BATCHES = Map.of("SUPPORTDESK_TIMERS_BATCH_SIZE", "5",
            "SUPPORTDESK_TIMERS_WORKERS", String.valueOf(TIMER_LOOPS));

    final ServiceDatabase database;
    private final OidcWiremockTestResource oidc;
    private final List<ServiceProcess> processes = new ArrayList<>();

    private Replicas(OidcWiremockTestResource oidc, ServiceDatabase database) {
        this.oidc = oidc;
        this.database = database;
    }

    /** {@code count} replicas of {@code service}, each ready, with the test's own {@code settings} (environment variables). */
    static Replicas start(String service, String databasePrefix, int count, Map<String, String> settings) throws Exception {
        OidcWiremockTestResource oidc = new OidcWiremockTestResource();
        Map<String, String> oidcConfig = oidc.start();
        Replicas replicas = null;
        try {
            replicas = new Replicas(oidc, ServiceDatabase.create(databasePrefix));
            Map<String, String> env = ServiceProcess.environment(replicas.database.name(), oidcConfig);
            env.put("MP_MESSAGING_CONNECTOR_SMALLRYE_KAFKA_GROUP_ID", service + "-replicas-" + UUID.randomUUID());
            env.putAll(settings);
            for (int i = 0; i < count; i++) {
                replicas.processes.add(ServiceProcess.start(service, env));
                replicas.processes.getLast().awaitReady(Duration.ofSeconds(90));
            }
            return replicas;
        } catch (Exception e) {
            try {
                if (replicas != null) {
                    replicas.close();
                } else {
                    oidc.stop();
                }
            } catch (Exception stopping) {
                e.addSuppressed(stopping);
            }
            throw e;
        }
    }

    /**
     * Makes timers due ({@code makeDue}, in one transaction) while the test holds the rows their work
     * writes ({@code lockRows}, a {@code select … for update}), so each loop that claims a batch stops
     * there with it. More loops waiting than one replica runs, within 30 s, means both replicas claimed
     * batches (a stuck poll is taken for stalled, and another started beside it, only after a minute);
     * then the rows go free. The replicas run with {@link #SMALL_TIMER_BATCHES}.
     */
    void makeDueOnceBothClaim(String lockRows, String makeDue) throws Exception {
        try (HeldLocks held = database.lock(lockRows)) {
            database.update(makeDue);
            held.awaitWaiting(TIMER_LOOPS + 1, Duration.ofSeconds(30));
        }
    }

    /** The {@code i}-th replica, round robin. */
    ServiceProcess get(int i) {
        return processes.get(i % processes.size());
    }

    /** Stops every replica, then the OIDC server, whichever fails to stop. */
    @Override
    public void close() throws Exception {
        Exception failed = null;
        for (ServiceProcess replica : processes) {
            try {
                replica.close();
            } catch (Exception e) {
                failed = failed == null ? e : addTo(failed, e);
            }
        }
        try {
            oidc.stop();
        } catch (Exception e) {
            failed = failed == null ? e : addTo(failed, e);
        }
        if (failed != null) {
            throw failed;
        }
    }

    private static Exception addTo(Exception first, Exception next) {
        first.addSuppressed(next);
        return first;
    }
}
