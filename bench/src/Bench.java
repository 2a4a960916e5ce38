import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.supportdesk.platform.persistence.TimeOrderedIds;

/**
 * What the benchmark tools share (each is a single-file program launched with {@code java File.java};
 * the launcher compiles this file beside it): the local stack's settings from the environment, the
 * database and broker connections, CloudEvents built from the event catalogue's samples, percentiles.
 */
final class Bench {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String KAFKA = env("KAFKA", "127.0.0.1:9092");
    static final Path SAMPLES = Path.of(env("SAMPLES", "docs/events/samples"));
    /** How far the services' clock is ahead of this one (the local stack's adjustable clock). */
    static final Duration CLOCK_OFFSET = Duration.parse(env("CLOCK_OFFSET", "PT0S"));
    static final String ACCOUNT_REGISTERED = "org.supportdesk.subscription.account-registered.v1";

    static final String KEYCLOAK = env("KEYCLOAK", "http://localhost:8180");

    private Bench() {
    }

    static String env(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? otherwise : value;
    }

    /** A connection to one service's database on the local stack's PostgreSQL. */
    static Connection connect(String database) throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://" + env("PG", "localhost:15432") + "/" + database,
                env("PG_USER", "supportdesk"), env("PG_PASSWORD", "supportdesk"));
    }

    static long percentile(long[] sorted, double p) {
        return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1))];
    }

    /**
     * Waits until {@code sql} (a count over {@code = any(?)}) counts every one of {@code ids}, produced in
     * this order: the last 64 first, polled every 100 ms, then all of them. Polling all of them all
     * along would load the database under test (20,000 ids a second: a quarter of a core); a consumer
     * that has the last events of each partition has the ones before them, and the full count says so.
     */
    static void awaitAll(Connection db, String sql, List<UUID> ids, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        List<UUID> tail = ids.subList(Math.max(0, ids.size() - 64), ids.size());
        awaitCount(db, sql, tail, tail.size(), within);
        awaitCount(db, sql, ids, ids.size(), Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    /**
     * Waits until the count the query gives for the ids (its one array parameter) reaches the
     * expectation. The poll is spaced by the size of the array (a lookup each): 100 ms for 2,000 ids,
     * a second for 20,000, so the harness does not take the database from what it measures.
     */
    static void awaitCount(Connection db, String sql, List<UUID> ids, long expected, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        long last = -1;
        while (true) {
            try (PreparedStatement ps = db.prepareStatement(sql)) {
                ps.setArray(1, db.createArrayOf("uuid", ids.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    last = rs.getLong(1);
                }
            }
            if (last >= expected) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + last + " of " + expected + " after " + within + ": " + sql);
            }
            Thread.sleep(Math.max(100, ids.size() / 20));
        }
    }

    /** An event's data as the catalogue's sample has it (docs/events/samples), to be changed field by field. */
    static ObjectNode sample(String type) throws Exception {
        return (ObjectNode) JSON.readTree(Files.readString(SAMPLES.resolve(type + ".json")));
    }

    /** A CloudEvent in Kafka's binary mode, as the services' outbox relays publish them. */
    static ProducerRecord<String, String> record(String topic, String key, String type, String subject, String json) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, json);
        record.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_id", TimeOrderedIds.next().toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_type", type.getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_source", "/bench".getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_subject", subject.getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_time", Instant.now().toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
        return record;
    }

    static KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put("bootstrap.servers", KAFKA);
        p.put("linger.ms", "5");
        p.put("batch.size", "262144");
        p.put("acks", "all");
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    /** New accounts registered the way subscription-service announces them, so every service projects them. */
    static List<UUID> registerAccounts(KafkaProducer<String, String> producer, int count) throws Exception {
        List<UUID> accounts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID account = TimeOrderedIds.next();
            ObjectNode data = sample(ACCOUNT_REGISTERED);
            data.put("accountId", account.toString());
            data.putNull("partnerId");
            producer.send(record("subscription-events", account.toString(), ACCOUNT_REGISTERED, account.toString(),
                    data.toString()));
            accounts.add(account);
        }
        producer.flush();
        return accounts;
    }

    /** A demo user's access token from the local stack's Keycloak (the SPA client's password grant). */
    static String token(String user) throws Exception {
        String form = "grant_type=password&client_id=supportdesk-spa&username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(user, StandardCharsets.UTF_8);
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(KEYCLOAK + "/realms/supportdesk/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("Keycloak answered " + answer.statusCode() + ": " + answer.body());
        }
        return JSON.readTree(answer.body()).get("access_token").asText();
    }


    /**
     * Waits until the services ({@code BENCH_SERVICES}, all four unless told) have consumed everything
     * on their topics (every consumer group's lag is zero), so that a benchmark does not share the
     * machine with the backlog of the one before it. Prints how long it waited.
     */
    static void awaitQuiet(Duration within) throws Exception {
        List<String> groups = java.util.Arrays.stream(env("BENCH_SERVICES", "subscription ticket billing notification")
                .trim().split("\\s+")).map(s -> s + "-service").toList();
        long started = System.nanoTime();
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                java.util.Map.<String, Object>of("bootstrap.servers", KAFKA))) {
            long lag;
            do {
                lag = 0;
                for (String group : groups) {
                    var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                    var latest = admin.listOffsets(committed.keySet().stream().collect(java.util.stream.Collectors.toMap(
                            tp -> tp, tp -> org.apache.kafka.clients.admin.OffsetSpec.latest()))).all().get();
                    for (var entry : committed.entrySet()) {
                        long end = latest.get(entry.getKey()).offset();
                        lag += entry.getValue() == null ? 0 : Math.max(0, end - entry.getValue().offset());
                    }
                }
                if (lag > 0) {
                    Thread.sleep(1_000);
                }
            } while (lag > 0 && System.nanoTime() - started < within.toNanos());
            System.out.printf("the services had consumed everything before the benchmark (waited %.0f s%s)%n",
                    (System.nanoTime() - started) / 1e9, lag > 0 ? ", gave up with " + lag + " events left" : "");
        }
    }
}
