package org.supportdesk.platform.persistence;

import java.util.List;

/**
 * How every native select of the suite binds one of its parameters, so that Hibernate Reactive makes
 * it a plan for this run only instead of caching one.
 *
 * <p>Hibernate keys a native select's plan by its SQL and its result-set mapping; Hibernate Reactive
 * (3.2) wraps that mapping in a new object per query that equals only itself, so no plan it caches is
 * ever found again, and each run adds one more under the same hash. The plan cache fills with copies
 * (up to its 2,048 entries), evicts the HQL plans that are found again, and every native select walks
 * the copies of its own SQL, comparing the whole string each time: a tenth of ticket-service's CPU
 * after a few minutes of openings. Hibernate caches no plan for a query with a list among its
 * parameters, and a native plan costs next to nothing to build, so one parameter bound as a
 * one-element list (the SQL Hibernate runs is the same: {@code :p} becomes one {@code ?}) keeps the
 * cache for the plans it can find. {@code NativeSelectsTest} fails the day Hibernate Reactive finds
 * its native plans again, and this can go.
 *
 * <p>Not needed for native inserts, updates and deletes run with {@code executeUpdate}: their plans
 * are keyed by the SQL alone and found again. An {@code insert … returning} read with
 * {@code getResultList} is a select.
 */
public final class NativeSelects {

    private NativeSelects() {
    }

    /** The value of one (non-null) parameter of a native select, bound so that no plan is cached for it. */
    public static List<Object> uncached(Object value) {
        return List.of(value);
    }
}
