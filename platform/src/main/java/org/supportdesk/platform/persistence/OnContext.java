package org.supportdesk.platform.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import java.util.function.Supplier;

/**
 * Reactive work subscribed on a given Vert.x context, where its reactive session lives, completing
 * where it ends. Shared by the idempotency filter (a blocking resource's answer stored on the
 * request's event loop), the timer claimer (each worker on its own event loop) and the outbox relay
 * (its passes on its own event loop).
 */
public final class OnContext {

    private OnContext() {
    }

    public static <T> Uni<T> run(Context context, Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> context.runOnContext(ignored -> work.get().subscribe()
                .with(emitter::complete, emitter::fail)));
    }

    /**
     * Work on a new duplicated context of the event loop (so with a reactive session of its own,
     * shared with no request or other work), completing where it ends.
     */
    public static <T> Uni<T> onItsOwn(Context eventLoop, Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            Context context = io.smallrye.common.vertx.VertxContext.createNewDuplicatedContext(eventLoop);
            io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle.setContextSafe(context, true);
            return run(context, work);
        });
    }
}
