package org.supportdesk.platform.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.function.Function;

/**
 * Many units of work in one transaction, one after the other, each flushed and then cleared from the
 * session before the next: what one unit loaded is not dirty-checked again by every later flush, so
 * a batch costs its units' sum, not their square. Shared by the batch consumers
 * ({@code IdempotentConsumer.eachInOrder}) and the timer claimer.
 */
public final class InOrder {

    private InOrder() {
    }

    public static <T> Uni<Void> each(List<T> items, Function<T, Uni<Void>> unit) {
        return Multi.createFrom().iterable(items).onItem()
                .transformToUniAndConcatenate(item -> unit.apply(item)
                        .chain(() -> Panache.getSession()).chain(session -> session.flush().invoke(session::clear)))
                .collect().last().replaceWithVoid();
    }
}
