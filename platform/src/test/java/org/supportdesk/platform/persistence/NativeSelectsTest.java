package org.supportdesk.platform.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.arc.ClientProxy;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.reactive.mutiny.Mutiny;
import org.hibernate.reactive.mutiny.impl.MutinySessionFactoryImpl;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.testing.OnVertx;

@QuarkusTest
class NativeSelectsTest {

    private static final int RUNS = 200;

    @Inject
    Mutiny.SessionFactory factory;

    @Test
    void aNativeSelectWithAParameterBoundUncachedAnswersAsBeforeAndLeavesNoPlanBehind() {
        select("select cast(:n as integer) + 1", 0, true); // whatever the first run of anything adds
        int before = cachedPlans();

        List<Integer> answers = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            answers.add(select("select cast(:n as integer) + 1", i, true));
        }

        assertThat(answers).first().isEqualTo(1);
        assertThat(answers).last().isEqualTo(RUNS);
        // the relay and the claimer poll meanwhile, through NativeSelects too: nothing of theirs grows either
        assertThat(cachedPlans() - before).isLessThan(5);
    }

    @Test
    void anArrayBoundUncachedIsStillOneArrayParameter() {
        UUID[] ids = {UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()};
        int before = cachedPlans();
        for (int i = 0; i < RUNS / 10; i++) {
            List<UUID> found = OnVertx.await(() -> Panache.withSession(() -> Panache.getSession().chain(s -> s
                    .createNativeQuery("select id from unnest(cast(:ids as uuid[])) as i (id) where id <> cast(:not as uuid)",
                            UUID.class)
                    .setParameter("ids", NativeSelects.uncached(ids))
                    .setParameter("not", ids[1])
                    .getResultList())));
            assertThat(found).containsExactlyInAnyOrder(ids[0], ids[2]);
        }
        assertThat(cachedPlans() - before).isLessThan(5);
    }

    @Test
    void hibernateReactiveStillCachesANativeSelectsPlanItNeverFindsAgain() {
        // The reason for NativeSelects. When this fails, Hibernate Reactive finds its own native plans
        // (its result-set mapping gained an equals) and NativeSelects.uncached can go.
        int before = cachedPlans();
        for (int i = 0; i < RUNS; i++) {
            select("select cast(:n as integer) + 2", i, false);
        }
        assertThat(cachedPlans() - before).isGreaterThanOrEqualTo(RUNS);
    }

    private Integer select(String sql, int n, boolean uncached) {
        return OnVertx.await(() -> Panache.withSession(() -> Panache.getSession().chain(s -> s
                .createNativeQuery(sql, Integer.class)
                .setParameter("n", uncached ? NativeSelects.uncached(n) : n)
                .getSingleResult())));
    }

    /** How many plans Hibernate holds, read from the ORM session factory Hibernate Reactive's wraps. */
    private int cachedPlans() {
        try {
            Field delegate = MutinySessionFactoryImpl.class.getDeclaredField("delegate");
            delegate.setAccessible(true);
            return ((SessionFactoryImplementor) delegate.get(ClientProxy.unwrap(factory)))
                    .getQueryEngine().getInterpretationCache().getNumberOfCachedQueryPlans();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
