package org.supportdesk.platform.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import java.util.function.Supplier;

/**
 * Reactive work subscribed on a given Vert.x context, where its reactive session lives, completing
 * where it ends. Shared by the idempotency filter (a blocking resource's answer stored on the
 * request's event loop) and the timer claimer (each worker on its own event loop).
 */
public final class OnContext {

    private OnContext() {
    }

    public static <T> Uni<T> run(Context context, Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> context.runOnContext(ignored -> work.get().subscribe()
                .with(emitter::complete, emitter::fail)));
    }
}
