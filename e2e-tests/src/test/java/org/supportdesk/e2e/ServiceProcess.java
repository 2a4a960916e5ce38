package org.supportdesk.e2e;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** One packaged service ({@code target/quarkus-app/quarkus-run.jar}) running as its own process. */
final class ServiceProcess implements AutoCloseable {

    final String name;
    final int port;
    private final Process process;
    private final Path log;

    private ServiceProcess(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    static ServiceProcess start(String name, Map<String, String> env) throws IOException {
        return start(name, env, freePort());
    }

    /** On a given port: a service started again where its clients already call it. */
    static ServiceProcess start(String name, Map<String, String> env, int port) throws IOException {
        Path root = Path.of(System.getProperty("suite.root", ".."));
        Path jar = root.resolve(name + "/target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run mvn verify, which packages the services first");
        }
        Path logs = Files.createDirectories(root.resolve("e2e-tests/target/e2e-logs"));
        Path log = logs.resolve(name + "-" + port + "-" + System.nanoTime() + ".log");
        String java = ProcessHandle.current().info().command().orElse("java");
        // the heap as deployed: all of its 256 MiB from the start (deploy/README.md, "Sizing")
        ProcessBuilder builder = new ProcessBuilder(java, "-Xms256m", "-Xmx256m", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> all = new HashMap<>(env);
        all.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        builder.environment().putAll(all);
        return new ServiceProcess(name, port, builder.start(), log);
    }

    /**
     * What every packaged service needs on the test infrastructure: its database on the embedded
     * PostgreSQL, the broker, and the OIDC test server ({@code oidc} as it started). A test adds its own.
     */
    static Map<String, String> environment(String database, Map<String, String> oidc) {
        return environment(org.supportdesk.platform.testing.PostgresResource.server().getPort(), database,
                org.supportdesk.platform.testing.KafkaResource.bootstrapServers(), oidc);
    }

    /** The same on a PostgreSQL and a broker of the test's own (one it stops and starts again). */
    static Map<String, String> environment(int pgPort, String database, String bootstrapServers, Map<String, String> oidc) {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        env.put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://localhost:" + pgPort + "/" + database);
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://localhost:" + pgPort + "/" + database);
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("QUARKUS_OIDC_AUTH_SERVER_URL", oidc.get("keycloak.url") + "/realms/quarkus");
        env.put("QUARKUS_OIDC_TOKEN_ISSUER", "https://server.example.com");
        return env;
    }

    String url() {
        return "http://localhost:" + port;
    }

    /** Whether its readiness check answers UP now. */
    boolean isReady() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url() + "/q/health/ready").toURL().openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(5000);
            return c.getResponseCode() == 200;
        } catch (IOException notAnswering) {
            return false;
        }
    }

    void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            if (isReady()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " not ready after " + timeout + "; see " + log);
    }

    /** kill -9: the process dies at once, whatever it was doing (no shutdown hooks, no commits). */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
