package org.supportdesk.e2e;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.supportdesk.platform.testing.PostgresResource;

/**
 * A database of its own on the shared embedded PostgreSQL, for a service a test runs as processes
 * ({@link ServiceProcess}); the test reads it, and moves what it must, over JDBC.
 */
record ServiceDatabase(String name) {

    static ServiceDatabase create(String prefix) {
        return new ServiceDatabase(PostgresResource.createDatabase(prefix));
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + PostgresResource.server().getPort() + "/" + name,
                "postgres", "postgres");
    }

    /** The first column of the first row of a query: a count, a sum, a difference. */
    long count(String sql) throws SQLException {
        try (Connection c = connect(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    BigDecimal decimal(String sql) throws SQLException {
        try (Connection c = connect(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getBigDecimal(1);
        }
    }

    /**
     * Locks rows with {@code selectForUpdate} in a transaction of the test's own, held until the
     * answer is closed: a service's work that writes them waits, deterministically, where the test
     * wants it to.
     */
    HeldLocks lock(String selectForUpdate) throws SQLException {
        Connection c = connect();
        try {
            c.setAutoCommit(false);
            c.createStatement().executeQuery(selectForUpdate).close();
            try (ResultSet rs = c.createStatement().executeQuery("select pg_backend_pid()")) {
                rs.next();
                return new HeldLocks(c, rs.getInt(1));
            }
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    /** A transaction of the test's own holding row locks; closing it commits, which lets the waiters go on. */
    final class HeldLocks implements AutoCloseable {

        private final Connection connection;
        private final int pid;

        private HeldLocks(Connection connection, int pid) {
            this.connection = connection;
            this.pid = pid;
        }

        /** Until at least {@code sessions} other sessions wait for these locks (pg_blocking_pids). */
        void awaitWaiting(int sessions, java.time.Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            String waiting = "select count(*) from pg_stat_activity where " + pid + " = any(pg_blocking_pids(pid))";
            while (count(waiting) < sessions) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("fewer than " + sessions + " sessions waited for the test's locks in " + timeout);
                }
                Thread.sleep(50);
            }
        }

        @Override
        public void close() throws SQLException {
            try {
                connection.commit();
            } finally {
                connection.close();
            }
        }
    }

    /** Statements run in one transaction. */
    void update(String sql) throws SQLException {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            c.createStatement().execute(sql);
            c.commit();
        }
    }
}
