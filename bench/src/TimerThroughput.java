import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

/**
 * Benchmark 4 (bench/README.md): due timers fired by the running ticket-service, through its real
 * claimer and SLA handler, in its real PostgreSQL.
 *
 * <ol>
 * <li>throughput: N SLA timers all due at once (tickets without running targets: the handler reads
 * the target row, finds none and does nothing, so what is measured is claiming, marking and the
 * handler's lookup); fires per second until every one is fired;</li>
 * <li>delay at a steady rate: timers due at R per second for S seconds; the delay between a
 * timer's due time and its firing, p50 and p99;</li>
 * <li>baseline, in the same run: the same claim (the claimer's query, the same batch) and mark as
 * fired, in plain SQL on a table of due_timer's shape with its indexes, nothing else: the limit of
 * the database here.</li>
 * </ol>
 * Arguments: timers rate seconds. Environment: PG (host:port), PG_USER, PG_PASSWORD, CLOCK_OFFSET.
 */
public class TimerThroughput {

    static final int BATCH = 200; // supportdesk.timers.batch-size

    public static void main(String[] args) throws Exception {
        int timers = Integer.parseInt(args[0]);
        int rate = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        String run = UUID.randomUUID().toString().substring(0, 8);
        System.out.printf("run %s: %,d due timers; delay at %,d due/s for %d s%n", run, timers, rate, seconds);
        try (Connection db = Bench.connect("ticket")) {
            Bench.awaitQuiet(Duration.ofMinutes(30));
            // 1. throughput: every timer due a minute ago (by the service's clock)
            long inserted = System.nanoTime();
            insert(db, run, 1, timers, "now() - interval '1 minute' + %s".formatted(offset()), "interval '0 seconds'");
            long start = System.nanoTime();
            awaitFired(db, run, 1, timers, Duration.ofMinutes(60));
            double elapsed = (System.nanoTime() - start) / 1e9;
            double fires = timers / elapsed;
            long failed = count(db, "select count(*) from due_timer where id between ?::uuid and ?::uuid and failed_at is not null",
                    run, 1);
            System.out.printf("throughput: %,d timers inserted in %.1f s, all fired in %.1f s: %,.0f fires/s (%d failed)%n",
                    timers, (start - inserted) / 1e9, elapsed, fires, failed);

            // 2. delay at a steady rate: timer k due 3 s from now + k/rate (by the service's clock)
            int steady = rate * seconds;
            insert(db, run, 2, steady, "now() + interval '3 seconds' + %s".formatted(offset()),
                    "(i - 1) * interval '1 second' / " + rate);
            awaitFired(db, run, 2, steady, Duration.ofSeconds(seconds + 120L));
            long[] delays = delays(db, run, 2);
            System.out.printf("delay at %,d due/s (%,d timers over %d s): p50 %,d ms, p99 %,d ms, max %,d ms%n", rate, steady,
                    seconds, Bench.percentile(delays, 50), Bench.percentile(delays, 99), delays[delays.length - 1]);

            // 3. baseline: claim and mark the same number of timers in plain SQL, batch by batch
            double baseline = baseline(db, run, timers);
            System.out.printf("baseline: the claimer's query and a mark as fired, %d a batch, in plain SQL: %,.0f fires/s%n",
                    BATCH, baseline);
            System.out.printf("RESULT timers %,.0f fires/s = %.1f%% of the baseline %,.0f fires/s (target 10,000 fires/s); "
                    + "delay p99 %,d ms at %,d/s (target under 2,000 ms)%n", fires, 100 * fires / baseline, baseline,
                    Bench.percentile(delays, 99), rate);
            try (Statement s = db.createStatement()) {
                s.executeUpdate("delete from due_timer where id between '" + id(run, 1, 0) + "' and '" + id(run, 2, -1) + "'");
            }
        }
    }

    /** The service's clock ahead of this one (the local stack's adjustable clock), as an SQL interval. */
    static String offset() {
        return "interval '" + Bench.CLOCK_OFFSET.toSeconds() + " seconds'";
    }

    /** Timer ids of a run and phase share a prefix, so the phase's timers are one id range. */
    static String id(String run, int phase, long i) {
        return i < 0 ? run + "-" + phase + "fff-ffff-ffff-ffffffffffff" : run + "-" + phase + "000-0000-0000-000000000000";
    }

    static void insert(Connection db, String run, int phase, int n, String due, String spacing) throws Exception {
        db.setAutoCommit(true);
        try (Statement s = db.createStatement()) {
            s.executeUpdate("""
                    insert into due_timer (id, kind, subject, due_at, payload, attempts, created_at)
                    select ('%s%d' || lpad(to_hex(i), 23, '0'))::uuid, 'sla-due',
                           gen_random_uuid() || '/FIRST_RESPONSE', %s + %s, null, 0, now()
                    from generate_series(1, %d) i
                    """.formatted(run, phase, due, spacing, n));
        }
    }

    static void awaitFired(Connection db, String run, int phase, int n, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (count(db, "select count(*) from due_timer where id between ?::uuid and ?::uuid and fired_at is null "
                + "and failed_at is null", run, phase) > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timers of phase " + phase + " still due after " + within);
            }
            Thread.sleep(200);
        }
    }

    static long count(Connection db, String sql, String run, int phase) throws Exception {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            ps.setString(1, id(run, phase, 0));
            ps.setString(2, id(run, phase, -1));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static long[] delays(Connection db, String run, int phase) throws Exception {
        try (PreparedStatement ps = db.prepareStatement("select (extract(epoch from fired_at - due_at) * 1000)::bigint "
                + "from due_timer where id between ?::uuid and ?::uuid order by 1")) {
            ps.setString(1, id(run, phase, 0));
            ps.setString(2, id(run, phase, -1));
            try (ResultSet rs = ps.executeQuery()) {
                java.util.List<Long> all = new java.util.ArrayList<>();
                while (rs.next()) {
                    all.add(rs.getLong(1));
                }
                return all.stream().mapToLong(Long::longValue).toArray();
            }
        }
    }

    static double baseline(Connection db, String run, int n) throws Exception {
        String table = "bench_timer_" + run;
        try (Statement s = db.createStatement()) {
            s.executeUpdate("create table " + table + " (like due_timer including all)");
            s.executeUpdate("""
                    insert into %s (id, kind, subject, due_at, payload, attempts, created_at)
                    select gen_random_uuid(), 'sla-due', gen_random_uuid() || '/FIRST_RESPONSE', now() - interval '1 minute', null, 0, now()
                    from generate_series(1, %d)
                    """.formatted(table, n));
            s.execute("analyze " + table);
        }
        String claimAndMark = """
                with claimed as (select id from %s where fired_at is null and failed_at is null and due_at <= now()
                                   and kind = any(array['sla-due', 'ticket-pending-customer', 'ticket-resolved'])
                                 order by due_at limit %d for update skip locked)
                update %s t set attempts = t.attempts + 1, fired_at = now() from claimed where t.id = claimed.id
                """.formatted(table, BATCH, table);
        db.setAutoCommit(false);
        long start = System.nanoTime();
        int fired = 0;
        try (PreparedStatement ps = db.prepareStatement(claimAndMark)) {
            int batch;
            do {
                batch = ps.executeUpdate();
                db.commit();
                fired += batch;
            } while (batch > 0);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        db.setAutoCommit(true);
        try (Statement s = db.createStatement()) {
            s.executeUpdate("drop table " + table);
        }
        return fired / elapsed;
    }
}
