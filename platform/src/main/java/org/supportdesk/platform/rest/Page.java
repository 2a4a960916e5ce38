package org.supportdesk.platform.rest;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list: the REST convention of every service (page from 0, a bounded size, the total).
 */
public record Page<T>(List<T> items, int page, int size, long total) {

    /** The largest page a client may ask for. */
    public static final int MAX_SIZE = 100;

    /** The last page a client may ask for, so that page × size stays a valid offset. */
    public static final int MAX_PAGE = 1_000_000;

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), page, size, total);
    }
}
