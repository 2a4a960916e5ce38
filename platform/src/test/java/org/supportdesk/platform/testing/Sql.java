package org.supportdesk.platform.testing;

import io.quarkus.hibernate.reactive.panache.Panache;

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
}
