package org.supportdesk.e2e;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.supportdesk.platform.testing.HeldLocks;
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

    /** Row locks held in a transaction of the test's own until closed ({@link HeldLocks}). */
    HeldLocks lock(String selectForUpdate) throws SQLException {
        return HeldLocks.hold(this::connect, selectForUpdate);
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
