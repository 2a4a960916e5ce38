package org.supportdesk.platform.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Which failures answer 503 (a dependency out of reach, nothing done) rather than 500. */
class DependencyDownTest {

    @Test
    void aRefusedOrLostConnectionAnywhereInTheCausesIsADependencyDown() {
        assertThat(ProblemMappers.dependencyDown(new CompletionException(new IllegalStateException("pool",
                new ConnectException("Connection refused: localhost/127.0.0.1:5432"))))).isTrue();
        assertThat(ProblemMappers.dependencyDown(io.vertx.sqlclient.ClosedConnectionException.INSTANCE)).isTrue();
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
    void aFaultOfTheRequestOrTheCodeIsNot() {
        assertThat(ProblemMappers.dependencyDown(new PgException("duplicate key value", "ERROR", "23505", null))).isFalse();
        assertThat(ProblemMappers.dependencyDown(new IllegalStateException("a bug"))).isFalse();
    }
}
