package org.supportdesk.platform.testing;

import io.quarkus.hibernate.reactive.panache.Panache;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** Reads the service's own database from a test, through its reactive session. */
public final class Sql {

    private Sql() {
    }

    /** Runs a {@code select count(*)} with positional parameters {@code ?1, ?2…}. */
    public static long count(String sql, Object... parameters) {
        return OnVertx.await(() -> Panache.withSession(() -> Panache.getSession()
                    .chain(session -> {
                        var query = session.createNativeQuery(sql, Long.class);
                        for (int i = 0; i < parameters.length; i++) {
                            query.setParameter(i + 1, parameters[i]);
                        }
                        return query.getSingleResult();
                    })));
    }

    /** Runs an {@code update} (or insert, delete) with positional parameters, in its own transaction. */
    public static int update(String sql, Object... parameters) {
        return OnVertx.await(() -> Panache.withTransaction(() -> Panache.getSession()
                    .chain(session -> {
                        var query = session.createNativeQuery(sql);
                        for (int i = 0; i < parameters.length; i++) {
                            query.setParameter(i + 1, parameters[i]);
                        }
                        return query.executeUpdate();
                    })));
    }

    /**
     * A JDBC connection of the test's own to the service's database (its datasource's settings), for
     * work that must happen beside the service's sessions: row locks held ({@link HeldLocks}), a second
     * transaction. The caller closes it.
     */
    public static Connection connect() throws SQLException {
        Config config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
    }
}
