import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.supportdesk.platform.persistence.TimeOrderedIds;

/**
 * Benchmark 1 (bench/README.md): session-closed events produced to the real broker for many accounts
 * on mixed plans, rated by the running billing-service into the real PostgreSQL.
 *
 * <ol>
 * <li>throughput: N events produced at once; events per second until every one is a committed rated
 * session;</li>
 * <li>lag at a fixed rate: events produced at R per second for S seconds; the delay between a
 * session's end (set to the moment it is produced) and its rated_at, p50 and p99;</li>
 * <li>baseline, in the same run: a minimal consumer copying the same events from the same topic into
 * a table of the same shape with batched inserts, the physical limit of broker + database here.</li>
 * </ol>
 * Arguments: events accounts rate seconds. Environment: KAFKA (host:port), PG (host:port), PG_USER, PG_PASSWORD,
 * SAMPLES (the event catalogue's samples), CLOCK_OFFSET (how far the services' clock is ahead, ISO-8601).
 */
public class RatingThroughput {

    static final String SESSION_CLOSED = "org.supportdesk.ticket.session-closed.v1";

    public static void main(String[] args) throws Exception {
        int events = Integer.parseInt(args[0]);
        int accountCount = Integer.parseInt(args[1]);
        int rate = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        try (KafkaProducer<String, String> producer = Bench.producer(); Connection db = Bench.connect("billing")) {
            Bench.awaitQuiet(Duration.ofMinutes(30));
            String run = UUID.randomUUID().toString().substring(0, 8);
            System.out.printf("run %s: %,d events over %,d accounts on 3 plans; lag at %,d/s for %d s%n", run, events,
                    accountCount, rate, seconds);
            List<UUID> plans = publishPlans(producer);
            List<UUID> accounts = Bench.registerAccounts(producer, accountCount);
            Bench.awaitCount(db, "select count(*) from wallet where account_id = any(?)", accounts, accountCount,
                    Duration.ofMinutes(10));
            Bench.awaitCount(db, "select count(*) from plan_version where plan_id = any(?)", plans, plans.size(), Duration.ofMinutes(1));
            System.out.printf("read models ready: %,d accounts, %d plans%n", accountCount, plans.size());

            // 1. throughput: the events are built first, so the clock runs while they are produced and rated only
            List<UUID> sessions = new ArrayList<>();
            List<ProducerRecord<String, String>> records = new ArrayList<>();
            Instant day = Instant.parse("2026-11-10T06:00:00Z");
            for (int i = 0; i < events; i++) {
                UUID account = accounts.get(i % accounts.size());
                UUID plan = plans.get(i % plans.size());
                Instant started = day.plusSeconds((i / accounts.size()) * 600L);
                UUID session = TimeOrderedIds.next();
                records.add(closed(session, account, plan, started, started.plusSeconds(90 + i % 300)));
                sessions.add(session);
            }
            var topicStart = endOffsets(); // where the baseline starts reading: this run's events
            long produceStart = System.nanoTime();
            records.forEach(producer::send);
            producer.flush();
            double produced = (System.nanoTime() - produceStart) / 1e9;
            Bench.awaitAll(db, "select count(*) from rated_session where session_id = any(?)", sessions, Duration.ofMinutes(60));
            double rated = (System.nanoTime() - produceStart) / 1e9;
            double throughput = events / rated;
            System.out.printf("throughput: %,d events produced in %.1f s, all rated and committed in %.1f s: %,.0f events/s%n",
                    events, produced, rated, throughput);

            // 2. lag at a fixed rate
            List<UUID> paced = new ArrayList<>();
            long paceStart = System.nanoTime();
            int total = rate * seconds;
            for (int i = 0; i < total; i++) {
                long due = paceStart + (long) (i * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                Instant now = Instant.now().plus(Bench.CLOCK_OFFSET); // the services' clock (adjustable in the local stack)
                paced.add(send(producer, accounts.get(i % accounts.size()), plans.get(i % plans.size()),
                        now.minusSeconds(60 + i % 120), now));
            }
            producer.flush();
            double pacedFor = (System.nanoTime() - paceStart) / 1e9;
            Bench.awaitAll(db, "select count(*) from rated_session where session_id = any(?)", paced, Duration.ofMinutes(30));
            long[] lags = lags(db, paced);
            System.out.printf("lag at %,d events/s (%,d events in %.1f s, achieved %,.0f/s): p50 %,d ms, p99 %,d ms, max %,d ms%n",
                    rate, total, pacedFor, total / pacedFor, Bench.percentile(lags, 50), Bench.percentile(lags, 99), lags[lags.length - 1]);

            // 3. the baseline: the same events, copied by a minimal consumer with batched inserts
            double baseline = baseline(db, run, topicStart, events);
            System.out.printf("baseline: a minimal consumer copies the same %,d events into a table of the same shape: %,.0f events/s%n",
                    events, baseline);
            System.out.printf("RESULT rating %,.0f events/s = %.1f%% of the baseline %,.0f events/s (target 10,000 events/s and 50%%); "
                    + "lag p99 %,d ms at %,d/s%n", throughput, 100 * throughput / baseline, baseline, Bench.percentile(lags, 99), rate);
        }
    }

    static List<UUID> publishPlans(KafkaProducer<String, String> producer) throws Exception {
        List<UUID> plans = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            UUID plan = TimeOrderedIds.next();
            ObjectNode published = Bench.sample("org.supportdesk.subscription.plan-published.v1");
            published.put("planId", plan.toString());
            published.put("code", "bench-" + p + "-" + plan.toString().substring(0, 8));
            published.put("version", 1);
            ObjectNode terms = (ObjectNode) published.get("terms");
            if (p == 1) {
                terms.putNull("includedMinutes"); // pay as you go
            } else if (p == 2) {
                terms.putObject("includedMinutes").put("perTicket", 5).put("perDay", 10).put("perMonth", 30);
            }
            producer.send(Bench.record("subscription-events", plan.toString(), "org.supportdesk.subscription.plan-published.v1",
                    plan.toString(), published.toString()));
            plans.add(plan);
        }
        return plans;
    }

    static UUID send(KafkaProducer<String, String> producer, UUID account, UUID plan, Instant started, Instant ended)
            throws Exception {
        UUID session = TimeOrderedIds.next();
        producer.send(closed(session, account, plan, started, ended));
        return session;
    }

    /** A session-closed event of the catalogue's sample, for this session, account, plan and times. */
    static ProducerRecord<String, String> closed(UUID session, UUID account, UUID plan, Instant started, Instant ended)
            throws Exception {
        ObjectNode data = Bench.sample(SESSION_CLOSED);
        data.put("sessionId", session.toString());
        data.put("ticketId", TimeOrderedIds.next().toString());
        data.put("accountId", account.toString());
        data.put("planId", plan.toString());
        data.put("planVersion", 1);
        data.put("ticketOpenedAt", started.minusSeconds(60).toString());
        data.put("startedAt", started.toString());
        data.put("endedAt", ended.toString());
        data.put("seconds", Duration.between(started, ended).toSeconds());
        return Bench.record("ticket-events", account.toString(), SESSION_CLOSED, session.toString(), data.toString());
    }

    /** The minimal consumer: reads the throughput run's events from the topic and inserts them in batches of 500. */
    static double baseline(Connection db, String run, java.util.Map<org.apache.kafka.common.TopicPartition, Long> from,
            int events) throws Exception {
        String table = "bench_copy_" + run;
        try (var st = db.createStatement()) {
            st.execute("create table " + table + " (like rated_session including defaults including constraints)");
        }
        Properties p = consumerProperties("bench-baseline-" + run);
        String insert = "insert into " + table + " (session_id, account_id, ticket_id, plan_id, plan_version, started_at, ended_at, "
                + "duration_ms, minutes, included, minute_credit_used, cash_credit_used, discount, payable, vat, currency, rated_at) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 0, 0, 'ILS', now())";
        int copied = 0;
        long start;
        db.setAutoCommit(false);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p);
                PreparedStatement ps = db.prepareStatement(insert)) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek); // this run's throughput events, and what follows them
            start = System.nanoTime();
            while (copied < events) {
                int batch = 0;
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    String type = new String(r.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8);
                    if (!SESSION_CLOSED.equals(type) || copied >= events) {
                        continue;
                    }
                    var data = Bench.JSON.readTree(r.value());
                    ps.setObject(1, UUID.fromString(data.get("sessionId").asText()));
                    ps.setObject(2, UUID.fromString(data.get("accountId").asText()));
                    ps.setObject(3, UUID.fromString(data.get("ticketId").asText()));
                    ps.setObject(4, UUID.fromString(data.get("planId").asText()));
                    ps.setInt(5, data.get("planVersion").asInt());
                    ps.setTimestamp(6, Timestamp.from(Instant.parse(data.get("startedAt").asText())));
                    ps.setTimestamp(7, Timestamp.from(Instant.parse(data.get("endedAt").asText())));
                    ps.setLong(8, data.get("seconds").asLong() * 1000);
                    ps.addBatch();
                    batch++;
                    copied++;
                    if (batch == 500) {
                        ps.executeBatch();
                        batch = 0;
                    }
                }
                ps.executeBatch();
                db.commit();
                consumer.commitSync();
            }
        } finally {
            db.setAutoCommit(true);
        }
        double took = (System.nanoTime() - start) / 1e9;
        try (var st = db.createStatement()) {
            st.execute("drop table " + table);
        }
        return copied / took;
    }

    static java.util.Map<org.apache.kafka.common.TopicPartition, Long> endOffsets() {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProperties("bench-offsets"))) {
            var partitions = consumer.partitionsFor("ticket-events").stream()
                    .map(i -> new org.apache.kafka.common.TopicPartition(i.topic(), i.partition())).toList();
            return consumer.endOffsets(partitions);
        }
    }

    static Properties consumerProperties(String group) {
        Properties p = new Properties();
        p.put("bootstrap.servers", Bench.KAFKA);
        p.put("group.id", group);
        p.put("auto.offset.reset", "earliest");
        p.put("enable.auto.commit", "false");
        p.put("max.poll.records", "2000");
        p.put("key.deserializer", StringDeserializer.class.getName());
        p.put("value.deserializer", StringDeserializer.class.getName());
        return p;
    }

    static long[] lags(Connection db, List<UUID> sessions) throws Exception {
        try (PreparedStatement ps = db.prepareStatement(
                "select extract(epoch from (rated_at - ended_at)) * 1000 from rated_session where session_id = any(?)")) {
            ps.setArray(1, db.createArrayOf("uuid", sessions.toArray()));
            List<Long> lags = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lags.add((long) rs.getDouble(1));
                }
            }
            long[] sorted = lags.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(sorted);
            return sorted;
        }
    }
}
