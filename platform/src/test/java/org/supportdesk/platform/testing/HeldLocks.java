package org.supportdesk.platform.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Row locks held in a transaction of the test's own (JDBC) until closed, which commits: the work of
 * the code under test that needs those rows waits, deterministically, where the test wants it to,
 * and the test sees it wait ({@code pg_blocking_pids}).
 */
public final class HeldLocks implements AutoCloseable {

    /** Opens a connection to the database whose rows are held (and another to watch who waits). */
    public interface Connector {
        Connection open() throws SQLException;
    }

    private final Connector connector;
    private final Connection connection;
    private final int pid;
    private final int rows;

    private HeldLocks(Connector connector, Connection connection, int pid, int rows) {
        this.connector = connector;
        this.connection = connection;
        this.pid = pid;
        this.rows = rows;
    }

    /** Locks the rows {@code selectForUpdate} selects, until {@link #close}. */
    public static HeldLocks hold(Connector connector, String selectForUpdate) throws SQLException {
        Connection c = connector.open();
        try (Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            int rows = 0;
            try (ResultSet locked = s.executeQuery(selectForUpdate)) {
                while (locked.next()) {
                    rows++;
                }
            }
            try (ResultSet backend = s.executeQuery("select pg_backend_pid()")) {
                backend.next();
                return new HeldLocks(connector, c, backend.getInt(1), rows);
            }
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    /** How many rows are held. */
    public int rows() {
        return rows;
    }

    /** Until at least {@code sessions} other sessions wait for these locks. */
    public void awaitWaiting(int sessions, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (waiting() < sessions) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fewer than " + sessions + " sessions waited for the test's locks in " + timeout);
            }
            Thread.sleep(20);
        }
    }

    private long waiting() throws SQLException {
        try (Connection watch = connector.open(); Statement s = watch.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from pg_stat_activity where " + pid + " = any(pg_blocking_pids(pid))")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A write in the holding transaction (committed with it). @return the rows it changed. */
    public int update(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            return s.executeUpdate(sql);
        }
    }

    /** Commits, which lets the waiters go on. */
    @Override
    public void close() throws SQLException {
        try {
            connection.commit();
        } finally {
            connection.close();
        }
    }
}
