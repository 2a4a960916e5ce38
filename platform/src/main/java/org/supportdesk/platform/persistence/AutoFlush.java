package org.supportdesk.platform.persistence;

import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;
import org.hibernate.FlushMode;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Statements run after one flush instead of one before each: what the session holds is flushed,
 * then the statements run without Hibernate's auto-flush, for statements that change no entity of
 * the session themselves ({@link Rows}' insert, or a batch reading what it will work on, as billing's
 * rating does). Before every native statement Hibernate Reactive dirty-checks every entity of the
 * session, whatever tables the statement touches (a native statement declares none), so a batch
 * holding a thousand entities paid for a thousand checks per statement. The session's flush mode is
 * {@code COMMIT} while the statements run, and what it was after, whether they fail or not; a
 * session not in an auto-flush mode keeps its mode, and is still flushed first.
 */
public final class AutoFlush {

    private AutoFlush() {
    }

    public static <T> Uni<T> skipped(Mutiny.Session session, Supplier<Uni<? extends T>> statements) {
        FlushMode mode = session.getFlushMode();
        boolean auto = mode == FlushMode.AUTO || mode == FlushMode.ALWAYS;
        return session.flush().chain(() -> Uni.createFrom().<T>deferred(() -> {
            if (auto) {
                session.setFlushMode(FlushMode.COMMIT);
            }
            return statements.get();
        }).eventually(() -> session.setFlushMode(mode)));
    }
}
