import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Benchmark 2 (bench/README.md): ticket-service's API under load from a second process, the load
 * tool wrk (Debian's package) with bench/src/tickets.lua, against the running local stack with a
 * real Keycloak token (ticket-service verifies it on its first request and recalls it until it expires).
 *
 * <ol>
 * <li>accounts registered through the broker (as subscription-service announces them) until
 * ticket-service has them all; a warm-up of openings and reads (the JIT compiles the hot paths);</li>
 * <li>openings (POST /api/v1/tickets as an agent, round robin over the accounts: each is an account
 * row locked, a ticket, its first transition, its SLA target and timer and its outbox event in one
 * transaction) as fast as the connections go, then at a fixed rate: req/s, p50/p99/p999;</li>
 * <li>every ticket opened has its ticket-opened event in the outbox and no event is without its
 * ticket; the relay has published them all;</li>
 * <li>reads (GET /api/v1/tickets/{id}: the ticket, its account, its transitions, its SLA targets) as fast as the
 * connections go;</li>
 * <li>baseline, in the same run: pgbench with the same statements on tables of the same shape
 * (a copy of the tables with their indexes and keys, in a schema of its own): the account locked, a
 * number drawn, the same five rows inserted in one transaction; and the same read (ticket-service's
 * {@code TicketReads}: the ticket, its account, trail and targets in one statement).</li>
 * </ol>
 * Arguments: accounts seconds rate warmup-seconds. Environment: as Bench, plus TICKET_URL (ticket-service's base URL).
 */
public class TicketApi {

    static final String TICKET_URL = Bench.env("TICKET_URL", "http://localhost:8082");
    static final Path LUA = Path.of(Bench.env("BENCH_LUA", "bench/src/tickets.lua"));
    /** ticket-service's read, the statement the baseline runs (on the copies: their schema first on the search path). */
    static final Path READ = Path.of(Bench.env("BENCH_TICKET_READ", "ticket-service/src/main/resources/sql/ticket-read.sql"));
    static final int THREADS = 2;
    static final int CONNECTIONS = 32;

    record Figures(long requests, double seconds, double rps, double p50, double p99, double p999, double max, long non2xx,
            long socketErrors) {
        @Override
        public String toString() {
            return "%,.0f req/s (%,d in %.1f s), p50 %.1f ms, p99 %.1f ms, p999 %.1f ms, max %.1f ms%s".formatted(rps, requests,
                    seconds, p50, p99, p999, max, non2xx + socketErrors == 0 ? ""
                            : ", %,d answers not 2xx, %,d socket errors".formatted(non2xx, socketErrors));
        }
    }

    public static void main(String[] args) throws Exception {
        int accountCount = Integer.parseInt(args[0]);
        int seconds = Integer.parseInt(args[1]);
        int rate = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        Path work = Files.createTempDirectory("bench-tickets");
        String token = Bench.token("tal"); // an agent: opens for any account
        try (KafkaProducer<String, String> producer = Bench.producer(); Connection db = Bench.connect("ticket")) {
            Bench.awaitQuiet(Duration.ofMinutes(30));
            System.out.printf("%,d accounts; openings and reads for %d s each, openings at %,d/s, after a %d s warm-up%n",
                    accountCount, seconds, rate, warmup);
            List<UUID> accounts = Bench.registerAccounts(producer, accountCount);
            Bench.awaitCount(db, "select count(*) from account_view where account_id = any(?)", accounts, accountCount,
                    Duration.ofMinutes(5));
            Path accountIds = write(work.resolve("accounts"), accounts.stream().map(UUID::toString));

            Figures warm = wrk("open", accountIds, token, 0, warmup);
            Figures opens = wrk("open", accountIds, token, 0, seconds);
            System.out.println("openings, as fast as " + CONNECTIONS + " connections go: " + opens);
            Figures paced = wrk("open", accountIds, token, rate, seconds);
            System.out.printf("openings at %,d/s: %s%n", rate, paced);

            consistency(db, accounts, Stream.of(warm, opens, paced).mapToLong(f -> f.requests() - f.non2xx()).sum());

            Path ticketIds = write(work.resolve("tickets"), ids(db, accounts).stream());
            wrk("read", ticketIds, token, 0, Math.max(1, warmup / 2));
            Figures reads = wrk("read", ticketIds, token, 0, seconds);
            System.out.println("reads, as fast as " + CONNECTIONS + " connections go: " + reads);

            Figures[] baseline = baseline(db, work, accounts.size(), seconds, rate);
            System.out.println("baseline openings (pgbench, " + CONNECTIONS + " connections): " + baseline[0]);
            System.out.printf("baseline openings at %,d/s (pgbench -R): %s%n", rate, baseline[1]);
            System.out.println("baseline reads (pgbench, " + CONNECTIONS + " connections): " + baseline[2]);
            forgetTimers(db, accounts);
            System.out.printf("RESULT tickets: opens %,.0f/s = %.1f%% of the baseline %,.0f/s (target 2,000/s); p99 %.1f ms at %,d/s "
                    + "(target under 50 ms at 500/s); reads %,.0f/s = %.1f%% of the baseline %,.0f/s (target 8,000/s)%n",
                    opens.rps(), 100 * opens.rps() / baseline[0].rps(), baseline[0].rps(), paced.p99(), rate, reads.rps(),
                    100 * reads.rps() / baseline[2].rps(), baseline[2].rps());
        }
    }

    /** One run of wrk with tickets.lua; its figures from the script's RESULT line. */
    static Figures wrk(String mode, Path ids, String token, int rate, int seconds) throws Exception {
        int connections = rate > 0 ? 2 * CONNECTIONS : CONNECTIONS;
        ProcessBuilder pb = new ProcessBuilder("wrk", "-t" + THREADS, "-c" + connections, "-d" + seconds + "s", "--timeout", "10s",
                "-s", LUA.toString(), TICKET_URL).redirectErrorStream(true);
        pb.environment().putAll(Map.of("BENCH_MODE", mode, "BENCH_IDS", ids.toString(), "BENCH_TOKEN", token,
                "BENCH_RATE", Integer.toString(rate), "BENCH_THREADS", Integer.toString(THREADS)));
        Process wrk = pb.start();
        String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (wrk.waitFor() != 0 || !out.contains("RESULT ")) {
            throw new IllegalStateException("wrk failed: " + out);
        }
        String[] f = out.substring(out.indexOf("RESULT ") + 7).strip().split("\\s+");
        return new Figures(Long.parseLong(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]), Long.parseLong(f[7]),
                Long.parseLong(f[8]));
    }

    /** No ticket without its ticket-opened event, no event without its ticket, and the relay published them all. */
    static void consistency(Connection db, List<UUID> accounts, long answered) throws Exception {
        Thread.sleep(2_000); // openings wrk cut off may still commit
        long[] counts = new long[3];
        try (PreparedStatement ps = db.prepareStatement("""
                with events as (select subject from outbox_event
                                where type = 'org.supportdesk.ticket.ticket-opened.v1' and partition_key = any(?::text[]))
                select (select count(*) from ticket where account_id = any(?::uuid[])),
                       (select count(*) from events),
                       (select count(*) from events e where not exists (select 1 from ticket t where t.id::text = e.subject))
                """)) {
            String[] ids = accounts.stream().map(UUID::toString).toArray(String[]::new);
            ps.setArray(1, db.createArrayOf("text", ids));
            ps.setArray(2, db.createArrayOf("text", ids));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                for (int i = 0; i < counts.length; i++) {
                    counts[i] = rs.getLong(i + 1);
                }
            }
        }
        long started = System.nanoTime();
        Bench.awaitCount(db, "select count(*) from outbox_event where type = 'org.supportdesk.ticket.ticket-opened.v1' "
                + "and partition_key::uuid = any(?) and published_at is not null", accounts, counts[1], Duration.ofMinutes(10));
        System.out.printf("%,d openings answered 201, %,d tickets (more when wrk stopped with requests in flight), %,d "
                + "ticket-opened events, %,d events without a ticket; all published %.1f s later%n", answered, counts[0], counts[1],
                counts[2], (System.nanoTime() - started) / 1e9);
        if (counts[0] != counts[1] || counts[2] != 0 || counts[0] < answered) {
            throw new IllegalStateException("tickets and their events disagree: " + counts[0] + " tickets, " + counts[1]
                    + " events, " + counts[2] + " events without a ticket, " + answered + " answered 201");
        }
    }

    /**
     * The benchmark's tickets stay, but their first-response timers go: otherwise thousands of SLA
     * breaches fall due an hour later, in the middle of whatever runs then.
     */
    static void forgetTimers(Connection db, List<UUID> accounts) throws Exception {
        try (PreparedStatement ps = db.prepareStatement("""
                delete from due_timer where kind = 'sla-due' and fired_at is null
                and split_part(subject, '/', 1) in (select id::text from ticket where account_id = any(?))
                """)) {
            ps.setArray(1, db.createArrayOf("uuid", accounts.toArray()));
            System.out.printf("%,d first-response timers of the benchmark's tickets removed%n", ps.executeUpdate());
        }
    }

    static List<String> ids(Connection db, List<UUID> accounts) throws Exception {
        try (PreparedStatement ps = db.prepareStatement("select id from ticket where account_id = any(?)")) {
            ps.setArray(1, db.createArrayOf("uuid", accounts.toArray()));
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        }
    }

    /**
     * pgbench on copies of ticket-service's tables (with their indexes, identity and keys): an
     * opening as ticket-service makes it, at full speed and at the fixed rate, and its one-statement read.
     */
    static Figures[] baseline(Connection db, Path work, int accounts, int seconds, int rate) throws Exception {
        String schema = "bench_" + UUID.randomUUID().toString().substring(0, 8);
        try (Statement s = db.createStatement()) {
            s.execute("create schema " + schema);
            for (String table : List.of("account_view", "ticket", "ticket_transition", "sla_target", "due_timer", "outbox_event")) {
                s.execute("create table %s.%s (like public.%s including all)".formatted(schema, table, table));
            }
            s.execute("alter table %1$s.ticket add foreign key (account_id) references %1$s.account_view".formatted(schema));
            s.execute("alter table %1$s.ticket_transition add foreign key (ticket_id) references %1$s.ticket".formatted(schema));
            s.execute("alter table %1$s.sla_target add foreign key (ticket_id) references %1$s.ticket".formatted(schema));
            s.execute("alter table %s.account_view add column n integer unique".formatted(schema));
            s.execute("create sequence %s.ticket_number_seq".formatted(schema));
            s.execute("""
                    insert into %s.account_view (account_id, display_name, status, time_zone, language, updated_at, n)
                    select gen_random_uuid(), 'Bench ' || i, 'ACTIVE', 'Asia/Jerusalem', 'he', now(), i from generate_series(1, %d) i
                    """.formatted(schema, accounts));
        }
        String open = """
                \\set a random(1, %2$d)
                begin;
                select account_id from %1$s.account_view where n = :a for update \\gset
                select nextval('%1$s.ticket_number_seq') as number \\gset
                select gen_random_uuid() as ticket \\gset
                insert into %1$s.ticket (id, number, account_id, kind, title, description, status, opened_by, opened_at, updated_at, plan_type, status_since, tier)
                  values (:ticket, :number, :account_id, 'SERVICE_REQUEST', 'Printer offline', 'The office printer stopped answering after the router was replaced; benchmark 2.', 'NEW', 'tal', now(), now(), 'MONTHLY', now(), 'T1');
                insert into %1$s.ticket_transition (id, ticket_id, to_status, actor, actor_role, reason, at) values (gen_random_uuid(), :ticket, 'NEW', 'tal', 'agent', 'opened', now());
                insert into %1$s.sla_target (ticket_id, target, around_the_clock, started_at, budget_seconds, due_at) values (:ticket, 'FIRST_RESPONSE', false, now(), 3600, now() + interval '1 hour');
                insert into %1$s.due_timer (id, kind, subject, due_at, created_at) values (gen_random_uuid(), 'sla-due', :ticket || '/FIRST_RESPONSE', now() + interval '1 hour', now());
                insert into %1$s.outbox_event (id, topic, type, source, subject, partition_key, occurred_at, payload)
                  values (gen_random_uuid(), 'ticket-events', 'org.supportdesk.ticket.ticket-opened.v1', '/ticket-service', :ticket, :account_id, now(),
                  json_build_object('ticketId', cast(:ticket as text), 'number', cast(:number as bigint), 'accountId', cast(:account_id as text),
                    'partnerId', null, 'kind', 'SERVICE_REQUEST', 'severity', null, 'title', 'Printer offline', 'status', 'NEW',
                    'openedBy', 'tal', 'openedAt', now())::text);
                commit;
                """.formatted(schema, accounts);
        String read = """
                \\set n random(1, :tickets)
                select id from %1$s.ticket where number = :n \\gset
                %2$s;
                """.formatted(schema, Files.readString(READ).replace("$1", ":id"));
        Path openScript = write(work.resolve("open.sql"), Stream.of(open));
        Path readScript = write(work.resolve("read.sql"), Stream.of(read));
        try {
            Figures opens = pgbench(work, openScript, seconds, 0, Map.of(), null);
            Figures paced = pgbench(work, openScript, seconds, rate, Map.of(), null);
            long tickets;
            try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("select count(*) from " + schema + ".ticket")) {
                rs.next();
                tickets = rs.getLong(1);
            }
            Figures reads = pgbench(work, readScript, seconds, 0, Map.of("tickets", Long.toString(tickets)), schema);
            return new Figures[] { opens, paced, reads };
        } finally {
            try (Statement s = db.createStatement()) {
                s.execute("drop schema " + schema + " cascade");
            }
        }
    }

    /** One pgbench run (with that schema first on its search path, if one); percentiles from its per-transaction log. */
    static Figures pgbench(Path work, Path script, int seconds, int rate, Map<String, String> variables, String schema)
            throws Exception {
        Path logs = Files.createTempDirectory(work, "pgbench");
        String[] hostPort = Bench.env("PG", "localhost:15432").split(":");
        List<String> command = new ArrayList<>(List.of("pgbench", "-n", "-M", "prepared", "-h", hostPort[0], "-p", hostPort[1],
                "-U", Bench.env("PG_USER", "supportdesk"), "-c", Integer.toString(rate > 0 ? 2 * CONNECTIONS : CONNECTIONS),
                "-j", Integer.toString(THREADS), "-T", Integer.toString(seconds), "-f", script.toString(), "-l",
                "--log-prefix", logs.resolve("tx").toString()));
        if (rate > 0) {
            command.addAll(List.of("-R", Integer.toString(rate)));
        }
        variables.forEach((name, value) -> command.addAll(List.of("-D", name + "=" + value)));
        command.add("ticket");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("PGPASSWORD", Bench.env("PG_PASSWORD", "supportdesk"));
        if (schema != null) {
            pb.environment().put("PGOPTIONS", "-c search_path=" + schema);
        }
        Process pgbench = pb.start();
        String out = new String(pgbench.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (pgbench.waitFor() != 0) {
            throw new IllegalStateException("pgbench failed: " + out);
        }
        // log lines: client transaction latency-us script epoch-s epoch-us [schedule-lag-us]
        List<Long> latencies = new ArrayList<>();
        long failed = 0;
        try (Stream<Path> files = Files.list(logs)) {
            for (Path file : files.toList()) {
                for (String line : Files.readAllLines(file)) {
                    String[] f = line.split(" ");
                    if (f[2].equals("failed") || f[2].equals("skipped")) {
                        failed++;
                    } else {
                        latencies.add(Long.parseLong(f[2]));
                    }
                }
            }
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Figures(sorted.length, seconds, sorted.length / (double) seconds, Bench.percentile(sorted, 50) / 1000.0,
                Bench.percentile(sorted, 99) / 1000.0, Bench.percentile(sorted, 99.9) / 1000.0,
                sorted[sorted.length - 1] / 1000.0, failed, 0);
    }

    static Path write(Path file, Stream<String> lines) throws Exception {
        Files.write(file, (Iterable<String>) lines::iterator);
        return file;
    }
}
