package org.supportdesk.platform.housekeeping;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.testing.OnVertx;
import org.supportdesk.platform.testing.Sql;

/**
 * The platform's tables keep what they need and no more: published outbox rows for a week, consumed
 * events' records for 30 days, fired timers for a week (parked and pending ones for good),
 * Idempotency-Key answers for their retention (24 hours); a sweep deletes
 * what is older, ten rows a transaction here (the test application's batch size), and nothing else.
 */
@QuarkusTest
class HousekeepingTest {

    @Inject
    Housekeeping housekeeping;

    @Test
    void aSweepDeletesWhatIsOlderThanItsRetentionBatchAfterBatchAndNothingElse() {
        // the outbox is swept from its oldest rows: this test's are the only ones, the oldest one never published
        Sql.update("delete from outbox_event");
        outbox(1, "now() - interval '30 days'", null);
        outbox(25, "now() - interval '9 days'", "now() - interval '8 days'");
        outbox(1, "now() - interval '2 hours'", "now() - interval '1 hour'");
        processed(25, "now() - interval '31 days'");
        processed(1, "now() - interval '29 days'");
        timers(25, "now() - interval '8 days'", null);
        timers(1, "now() - interval '6 days'", null);
        timers(1, null, "now() - interval '20 days'");
        timers(1, null, null);
        idempotency(3, "now() - interval '25 hours'");
        idempotency(1, "now() - interval '23 hours'");

        Housekeeping.Swept swept = OnVertx.await(() -> housekeeping.sweep());

        assertThat(swept).isEqualTo(new Housekeeping.Swept(25, 25, 25, 3));
        assertThat(Sql.count("select count(*) from outbox_event where published_at is null")).as("never published").isEqualTo(1);
        assertThat(Sql.count("select count(*) from outbox_event where published_at > now() - interval '1 day'")).isEqualTo(1);
        assertThat(Sql.count("select count(*) from outbox_event")).isEqualTo(2);
        assertThat(Sql.count("select count(*) from processed_event where consumer = 'housekeeping-test'")).isEqualTo(1);
        assertThat(Sql.count("select count(*) from due_timer where kind = 'housekeeping-test'")).as("fired lately, parked, pending")
                .isEqualTo(3);
        assertThat(Sql.count("select count(*) from idempotency_record where caller = 'housekeeping-test'")).isEqualTo(1);
        assertThat(OnVertx.await(() -> housekeeping.sweep())).as("a second sweep").isEqualTo(new Housekeeping.Swept(0, 0, 0, 0));
    }

    private static void outbox(int rows, String occurred, String published) {
        Sql.update("insert into outbox_event (id, topic, type, source, subject, partition_key, occurred_at, payload, published_at) "
                + "select gen_random_uuid(), 'platform-test-events', 'org.supportdesk.test.swept.v1', '/platform-test', "
                + "'s', 'k', " + occurred + ", '{}', " + (published == null ? "null" : published)
                + " from generate_series(1, " + rows + ")");
    }

    private static void processed(int rows, String at) {
        Sql.update("insert into processed_event (consumer, event_id, event_type, processed_at) "
                + "select 'housekeeping-test', gen_random_uuid(), 'org.supportdesk.test.swept.v1', " + at
                + " from generate_series(1, " + rows + ")");
    }

    private static void timers(int rows, String fired, String failed) {
        Sql.update("insert into due_timer (id, kind, subject, due_at, attempts, created_at, fired_at, failed_at) "
                // due in a month: the pending one is never claimed by another test's claimer
                + "select gen_random_uuid(), 'housekeeping-test', gen_random_uuid()::text, now() + interval '30 days', 1, "
                + "now() - interval '30 days', " + (fired == null ? "null" : fired) + ", " + (failed == null ? "null" : failed)
                + " from generate_series(1, " + rows + ")");
    }

    private static void idempotency(int rows, String at) {
        Sql.update("insert into idempotency_record (caller, idem_key, method, path, status, created_at, completed_at) "
                + "select 'housekeeping-test', gen_random_uuid()::text, 'POST', '/widgets', 201, " + at + ", " + at
                + " from generate_series(1, " + rows + ")");
    }
}
