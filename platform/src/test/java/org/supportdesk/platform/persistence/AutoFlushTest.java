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

/** Statements run in {@link AutoFlush#skipped} do not flush what the session holds; the mode comes back after. */
@QuarkusTest
class AutoFlushTest {

    @Test
    void aNativeStatementInsideSkippedDoesNotFlushAPendingInsertAndOneAfterItDoes() {
        UUID id = TimeOrderedIds.next();
        List<Object> seen = OnVertx.await(() -> Panache.withTransaction(() -> Panache.getSession().chain(s -> {
            Widget w = new Widget();
            w.id = id;
            w.name = "pending";
            w.accountId = TimeOrderedIds.next();
            return s.persist(w)
                    .chain(() -> AutoFlush.skipped(s, () -> count(s, id)))
                    .chain(inside -> {
                        FlushMode after = s.getFlushMode();
                        return count(s, id).map(outside -> List.<Object>of(inside, after, outside));
                    });
        })));
        assertThat(seen).containsExactly(0L, FlushMode.AUTO, 1L);
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
