package org.supportdesk.e2e;

import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Replicas of one packaged service on a database of their own, as a deployment runs them: the
 * OIDC test server (its signing key set for {@code Tokens}), the shared broker, and a consumer group
 * of their own, so that they read the topics from the start whoever else consumes them. The first
 * replica migrates the schema before the next one starts.
 */
final class Replicas implements AutoCloseable {

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
        oidcConfig.forEach(System::setProperty);
        Replicas replicas = new Replicas(oidc, ServiceDatabase.create(databasePrefix));
        Map<String, String> env = ServiceProcess.environment(replicas.database.name(), oidcConfig);
        env.put("MP_MESSAGING_CONNECTOR_SMALLRYE_KAFKA_GROUP_ID", service + "-replicas-" + UUID.randomUUID());
        env.putAll(settings);
        try {
            for (int i = 0; i < count; i++) {
                replicas.processes.add(ServiceProcess.start(service, env));
                replicas.processes.getLast().awaitReady(Duration.ofSeconds(90));
            }
        } catch (Exception e) {
            replicas.close();
            throw e;
        }
        return replicas;
    }

    /** The {@code i}-th replica, round robin. */
    ServiceProcess get(int i) {
        return processes.get(i % processes.size());
    }

    @Override
    public void close() throws InterruptedException {
        for (ServiceProcess replica : processes) {
            replica.close();
        }
        oidc.stop();
    }
}
