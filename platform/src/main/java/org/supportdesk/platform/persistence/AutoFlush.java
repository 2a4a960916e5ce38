package org.supportdesk.platform.persistence;

import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;
import org.hibernate.FlushMode;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Statements run without Hibernate's auto-flush, where the session has nothing pending that they
 * could miss: right after an explicit flush ({@link Rows}), or while a batch only reads what it will
 * work on (billing's rating). Before every native statement Hibernate Reactive dirty-checks every
 * entity of the session, whatever tables the statement touches (a native statement declares none), so
 * a batch holding a thousand entities paid for a thousand checks per statement. The session's flush
 * mode is {@code COMMIT} while the statements run, and what it was after, whether they fail or not.
 */
public final class AutoFlush {

    private AutoFlush() {
    }

    public static <T> Uni<T> skipped(Mutiny.Session session, Supplier<Uni<? extends T>> statements) {
        FlushMode mode = session.getFlushMode();
        if (mode != FlushMode.AUTO && mode != FlushMode.ALWAYS) {
            return Uni.createFrom().deferred(statements);
        }
        return Uni.createFrom().<T>deferred(() -> {
            session.setFlushMode(FlushMode.COMMIT);
            return statements.get();
        }).eventually(() -> session.setFlushMode(mode));
    }
}
