package org.supportdesk.platform.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.CompositeException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.net.SocketException;
import java.util.concurrent.CompletionException;
import org.hibernate.HibernateException;
import org.junit.jupiter.api.Test;

/** Which failures answer 503 (a dependency out of reach, or work contended and rolled back: nothing done) rather than 500. */
class DependencyDownTest {

    @Test
    void aRefusedOrLostConnectionAnywhereInTheCausesIsADependencyDown() {
        assertThat(ProblemMappers.dependencyDown(new CompletionException(new IllegalStateException("pool",
                new ConnectException("Connection refused: localhost/127.0.0.1:5432"))))).isTrue();
        assertThat(ProblemMappers.dependencyDown(ClosedConnectionException.INSTANCE)).isTrue();
    }

    @Test
    void aConnectionResetWhilePostgresStopsIsADependencyDown() {
        // as seen in OutageIT: the statement's socket reset, then Hibernate Reactive rolling back on close
        assertThat(ProblemMappers.dependencyDown(new CompositeException(new SocketException("Connection reset"),
                new IllegalStateException("HR000090: Live transaction detected while closing the connection: "
                        + "it will be roll backed")))).isTrue();
    }

    @Test
    void postgresShuttingDownOrStartingIsADependencyDown() {
        assertThat(ProblemMappers.dependencyDown(new PgException("terminating connection due to administrator command",
                "FATAL", "57P01", null))).isTrue();
        assertThat(ProblemMappers.dependencyDown(new PgException("the database system is starting up", "FATAL", "57P03",
                null))).isTrue();
        assertThat(ProblemMappers.dependencyDown(new PgException("connection failure", "FATAL", "08006", null))).isTrue();
    }

    @Test
    void aLostConnectionAmongTheFailuresOfACompositeIsADependencyDown() {
        // a statement cut off, then its rollback failing: Mutiny's first cause is the rollback's
        assertThat(ProblemMappers.dependencyDown(new CompositeException(
                new IllegalStateException("HR000090: Live transaction detected while closing the connection"),
                new HibernateException(ClosedConnectionException.INSTANCE)))).isTrue();
        IllegalStateException suppressing = new IllegalStateException("rollback failed");
        suppressing.addSuppressed(new PgException("terminating connection", "FATAL", "57P01", null));
        assertThat(ProblemMappers.dependencyDown(suppressing)).isTrue();
    }

    @Test
    void aCommandOnAConnectionAlreadyClosingIsADependencyDown() {
        assertThat(ProblemMappers.dependencyDown(new CompletionException(
                new NoStackTraceThrowable("Connection is not active now, current status: CLOSED")))).isTrue();
    }

    @Test
    void aUniqueViolationAnywhereInTheCausesIsADuplicateNothingElse() {
        PgException unique = new PgException("duplicate key value violates unique constraint", "ERROR", "23505", null);
        assertThat(ProblemMappers.duplicate(new CompletionException(new HibernateException(unique)))).isTrue();
        assertThat(ProblemMappers.duplicate(new org.hibernate.exception.ConstraintViolationException("insert into voucher",
                new java.sql.SQLException("duplicate key", "23505"), "voucher_pkey"))).isTrue();
        assertThat(ProblemMappers.contended(unique)).isFalse();
        assertThat(ProblemMappers.dependencyDown(unique)).isFalse();
        assertThat(ProblemMappers.duplicate(new PgException("violates check constraint", "ERROR", "23514", null))).isFalse();
    }

    @Test
    void aDeadlockOrSerializationConflictAnywhereInTheCausesIsContendedNotADependencyDown() {
        PgException deadlock = new PgException("deadlock detected", "ERROR", "40P01", null);
        assertThat(ProblemMappers.contended(new CompletionException(new HibernateException(deadlock)))).isTrue();
        assertThat(ProblemMappers.contended(new CompositeException(new IllegalStateException("HR000090: rolled back"),
                new PgException("could not serialize access", "ERROR", "40001", null)))).isTrue();
        assertThat(ProblemMappers.dependencyDown(deadlock)).isFalse();
        assertThat(ProblemMappers.contended(new PgException("duplicate key", "ERROR", "23505", null))).isFalse();
        assertThat(ProblemMappers.contended(ClosedConnectionException.INSTANCE)).isFalse();
    }

    @Test
    void aFaultOfTheRequestOrTheCodeIsNot() {
        assertThat(ProblemMappers.dependencyDown(new CompositeException(new IllegalStateException("a bug"),
                new IllegalArgumentException("another")))).isFalse();
        assertThat(ProblemMappers.dependencyDown(new NoStackTraceThrowable("something else"))).isFalse();
        assertThat(ProblemMappers.dependencyDown(new PgException("duplicate key value", "ERROR", "23505", null))).isFalse();
        assertThat(ProblemMappers.dependencyDown(new IllegalStateException("a bug"))).isFalse();
    }
}
