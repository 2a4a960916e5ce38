package org.supportdesk.platform.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL (binaries from Maven Central) for {@code @QuarkusTest}: a server started on first
 * use and stopped with the Quarkus application (or by {@link #shutdown()}), and a fresh database for
 * every Quarkus start, so test profiles never see each other's rows.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    /** The running server, started on first use; also for tests outside Quarkus. */
    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                File work = Files.createTempDirectory("supportdesk-pg-").toFile();
                server = EmbeddedPostgres.builder()
                        .setOverrideWorkingDirectory(work)
                        .setServerConfig("max_connections", "200")
                        .setServerConfig("fsync", "off")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(PostgresResource::shutdown));
        }
        return server;
    }

    /** Stops the server (idempotent); a test that owns the JVM's lifecycle calls it when done. */
    public static synchronized void shutdown() {
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                System.err.println("embedded PostgreSQL did not close cleanly: " + e);
            }
            server = null;
        }
    }

    /** Creates an empty database and answers its name. */
    public static String createDatabase(String prefix) {
        String name = prefix + "_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return name;
    }

    @Override
    public Map<String, String> start() {
        String database = createDatabase("test");
        int port = server().getPort();
        return Map.of(
                "quarkus.datasource.db-kind", "postgresql",
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres",
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://localhost:" + port + "/" + database,
                "quarkus.datasource.reactive.url", "postgresql://localhost:" + port + "/" + database);
    }

    /** Stops the server with the Quarkus application; the next start, if any, starts another. */
    @Override
    public void stop() {
        shutdown();
    }
}
