package org.supportdesk.platform.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.UUID;
import org.hibernate.FlushMode;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.testapp.Widget;
import org.supportdesk.platform.testing.OnVertx;

/**
 * {@link AutoFlush#skipped} flushes once, then its statements do not flush what changes meanwhile;
 * the mode comes back after.
 */
@QuarkusTest
class AutoFlushTest {

    @Test
    void whatIsPendingIsFlushedFirstAndAnInsertQueuedInsideIsFlushedOnlyAfter() {
        UUID before = TimeOrderedIds.next();
        UUID inside = TimeOrderedIds.next();
        List<Object> seen = OnVertx.await(() -> Panache.withTransaction(() -> Panache.getSession().chain(s -> s
                .persist(widget(before))
                .chain(() -> AutoFlush.skipped(s, () -> s.persist(widget(inside))
                        .chain(() -> count(s, before)).chain(b -> count(s, inside).map(i -> List.of(b, i)))))
                .chain(counts -> {
                    FlushMode after = s.getFlushMode();
                    return count(s, inside).map(outside -> List.<Object>of(counts.get(0), counts.get(1), after, outside));
                }))));
        assertThat(seen).containsExactly(1L, 0L, FlushMode.AUTO, 1L);
    }

    private static Widget widget(UUID id) {
        Widget w = new Widget();
        w.id = id;
        w.name = "pending";
        w.accountId = TimeOrderedIds.next();
        return w;
    }

    @Test
    void theFlushModeComesBackWhenTheStatementsFail() {
        FlushMode[] after = new FlushMode[1];
        assertThatThrownBy(() -> OnVertx.await(() -> Panache.withSession(() -> Panache.getSession()
                .chain(s -> AutoFlush.skipped(s, () -> s.createNativeQuery("select * from no_such_table").getResultList())
                        .onFailure().invoke(() -> after[0] = s.getFlushMode()))))).isNotNull();
        assertThat(after[0]).isEqualTo(FlushMode.AUTO);
    }

    private static Uni<Long> count(Mutiny.Session s, UUID id) {
        return s.createNativeQuery("select count(*) from widget where id = cast(:id as uuid)", Long.class)
                .setParameter("id", NativeSelects.uncached(id)).getSingleResult();
    }
}
