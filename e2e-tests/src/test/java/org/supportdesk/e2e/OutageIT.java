package org.supportdesk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.supportdesk.platform.testing.AccountRegistrations;
import org.supportdesk.platform.testing.CloudEventRecords;
import org.supportdesk.platform.testing.Tokens;
import org.supportdesk.platform.testing.TopicReader;

/**
 * What an outage cannot do to ticket-service while tickets are being opened: the packaged service as
 * a process, on a PostgreSQL and a Kafka broker of this test's own, with openings flowing from
 * eight clients throughout.
 *
 * <ul>
 * <li>killed (kill -9) in the middle of openings and started again: no ticket without its
 * ticket-opened event, no event without its ticket, every answered opening there, every event
 * published once it is back;</li>
 * <li>the broker stopped for 30 s and started again: openings go on (the outbox holds their events),
 * readiness goes down and comes back up by itself, and every event reaches the topic;</li>
 * <li>PostgreSQL stopped for 75 s and started again: openings are refused with 503 meanwhile, readiness
 * goes down and up by itself, openings succeed again, and nothing is half written; events consumed
 * meanwhile wait for the database and are applied when it is back, none dead-lettered, and the
 * consumer outlasts the connector's minute for an unacknowledged record.</li>
 * </ul>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutageIT {

    private static final OidcWiremockTestResource OIDC = new OidcWiremockTestResource();
    private static final String OPENED = "org.supportdesk.ticket.ticket-opened.v1";
    private static final Pattern TICKET_ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static Path pgData;
    private static int pgPort;
    private static EmbeddedPostgres postgres;
    private static BrokerProcess broker;
    private static Map<String, String> env;
    private static ServiceProcess ticket;
    private static final List<UUID> ACCOUNTS = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> oidc = OIDC.start();
        pgData = Files.createTempDirectory("supportdesk-outage-pg-");
        try (ServerSocket socket = new ServerSocket(0)) {
            pgPort = socket.getLocalPort();
        }
        postgres = startPostgres();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("create database ticket");
        }
        broker = BrokerProcess.start();
        env = ServiceProcess.environment(pgPort, "ticket", broker.bootstrapServers(), oidc);
        ticket = ServiceProcess.start("ticket-service", env);
        ticket.awaitReady(Duration.ofSeconds(120));
        ACCOUNTS.addAll(register(40));
        await().atMost(Duration.ofSeconds(60)).until(() -> count("select count(*) from account_view") == ACCOUNTS.size());
    }

    @AfterAll
    static void stop() throws Exception {
        if (ticket != null) {
            ticket.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        OIDC.stop();
    }

    @Test
    @Order(1)
    void killedInTheMiddleOfOpeningsLeavesNoTicketWithoutItsEventNorEventWithoutItsTicket() throws Exception {
        try (Openings openings = new Openings()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> count("select count(*) from ticket") >= 150);
            ticket.kill();
            long beforeRestart = count("select count(*) from ticket");
            ticket = ServiceProcess.start("ticket-service", env, ticket.port);
            ticket.awaitReady(Duration.ofSeconds(120));
            int answered = openings.created.size();
            await().atMost(Duration.ofSeconds(60)).until(() -> openings.created.size() >= answered + 50);
            openings.close();
            assertThat(beforeRestart).isPositive();
            assertThat(openings.failures.get()).as("openings cut off by the kill").isPositive();
            assertConsistent(openings);
        }
    }

    @Test
    @Order(2)
    void theBrokerStoppedForThirtySecondsLosesNoEventAndReadinessRecoversAlone() throws Exception {
        try (Openings openings = new Openings()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> openings.created.size() >= 20);
            broker.stop();
            int createdAtStop = openings.created.size();
            boolean sawNotReady = notReadyAtSomePoint(Duration.ofSeconds(30));
            int createdWhileStopped = openings.created.size() - createdAtStop;
            broker.startAgain();
            readyAndOpeningAgain(openings);
            assertThat(sawNotReady).as("readiness went down while the broker was stopped").isTrue();
            assertThat(createdWhileStopped).as("openings while the broker was stopped (the outbox keeps their events)")
                    .isPositive();
            assertConsistent(openings);
        }
    }

    @Test
    @Order(3)
    void postgresRestartedRefusesOpeningsMeanwhileAndLeavesNothingHalfWritten() throws Exception {
        try (Openings openings = new Openings()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> openings.created.size() >= 20);
            postgres.close();
            // events consumed while the database is down are waited with, never dead-lettered
            List<UUID> registeredMeanwhile = register(20);
            boolean sawNotReady = notReadyAtSomePoint(Duration.ofSeconds(75)); // longer than the connector's default minute
            postgres = startPostgres();
            readyAndOpeningAgain(openings);
            assertThat(sawNotReady).as("readiness went down while PostgreSQL was stopped").isTrue();
            assertThat(openings.statuses.keySet()).as("answers while PostgreSQL was stopped, first bodies %s",
                    openings.firstBodies).contains(503)
                    .allMatch(status -> status == 201 || status == 503);
            assertConsistent(openings);
            await().atMost(Duration.ofSeconds(60)).until(() -> count("select count(*) from account_view where account_id in ("
                    + registeredMeanwhile.stream().map(a -> "'" + a + "'").collect(java.util.stream.Collectors.joining(","))
                    + ")") == registeredMeanwhile.size());
            assertThat(recordsOn(AccountRegistrations.TOPIC + ".dlq")).as("events dead-lettered while PostgreSQL was down")
                    .isZero();
            // and the consumer still consumes: it was not closed for holding a record over a minute
            List<UUID> registeredAfter = register(5);
            await().atMost(Duration.ofSeconds(60)).until(() -> count("select count(*) from account_view where account_id in ("
                    + registeredAfter.stream().map(a -> "'" + a + "'").collect(java.util.stream.Collectors.joining(","))
                    + ")") == registeredAfter.size());
        }
    }

    /** After an outage: readiness back up by itself, then twenty more openings answered, then no more traffic. */
    private static void readyAndOpeningAgain(Openings openings) throws InterruptedException {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(ticket::isReady);
        int answered = openings.created.size();
        await().atMost(Duration.ofSeconds(60)).until(() -> openings.created.size() >= answered + 20);
        openings.close();
    }

    /** Watches readiness for the whole outage: whether it went down at some point. */
    private static boolean notReadyAtSomePoint(Duration outage) throws InterruptedException {
        boolean sawNotReady = false;
        long until = System.nanoTime() + outage.toNanos();
        while (System.nanoTime() < until) {
            sawNotReady |= !ticket.isReady();
            Thread.sleep(500);
        }
        return sawNotReady;
    }

    /**
     * Every answered opening is a ticket; tickets and their ticket-opened outbox rows match one to
     * one; the relay publishes them all and the topic holds every ticket's event.
     */
    private static void assertConsistent(Openings openings) throws Exception {
        Thread.sleep(1_000); // an opening answered just now has committed
        assertThat(count("""
                select count(*) from ticket t
                where not exists (select 1 from outbox_event e where e.type = '%s' and e.subject = t.id::text)
                """.formatted(OPENED))).as("tickets without their event").isZero();
        assertThat(count("""
                select count(*) from outbox_event e where e.type = '%s'
                and not exists (select 1 from ticket t where t.id::text = e.subject)
                """.formatted(OPENED))).as("events without their ticket").isZero();
        assertThat(count("select count(*) from outbox_event where type = '" + OPENED + "'"))
                .isEqualTo(count("select count(*) from ticket"));
        Set<String> tickets = new HashSet<>(strings("select id::text from ticket"));
        assertThat(tickets).as("every answered opening is a ticket").containsAll(openings.created);
        await().atMost(Duration.ofSeconds(120)).until(() -> count("select count(*) from outbox_event where published_at is null") == 0);
        assertThat(openedOnTopic()).as("every ticket's event on the topic").containsAll(tickets);
        System.out.printf("OutageIT: %d tickets in all, %d openings answered 201 in this test, answers %s, %d requests "
                + "refused or cut off%n", tickets.size(), openings.created.size(), openings.statuses, openings.failures.get());
    }

    /** The subjects of every ticket-opened event on ticket-events, read from the start. */
    private static Set<String> openedOnTopic() {
        Set<String> subjects = new HashSet<>();
        for (ConsumerRecord<String, String> r : readAll("ticket-events")) {
            if (OPENED.equals(TopicReader.header(r, "ce_type"))) {
                subjects.add(TopicReader.header(r, "ce_subject"));
            }
        }
        return subjects;
    }

    /** Every record of a topic, read from the start until the topic stays quiet after a first record. */
    private static List<ConsumerRecord<String, String>> readAll(String topic) {
        List<ConsumerRecord<String, String>> all = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            int quiet = 0;
            while (System.nanoTime() < deadline && quiet < 5) {
                var records = consumer.poll(Duration.ofMillis(500));
                quiet = records.isEmpty() && !all.isEmpty() ? quiet + 1 : 0;
                records.forEach(all::add);
            }
        }
        return all;
    }

    /** How many records a topic holds (none if it does not exist). */
    private static long recordsOn(String topic) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            var known = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            List<TopicPartition> partitions = known == null ? List.of()
                    : known.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions);
            return partitions.stream().mapToLong(p -> ends.get(p) - starts.get(p)).sum();
        }
    }

    private static KafkaConsumer<String, String> consumer() {
        Properties props = new Properties();
        props.put("bootstrap.servers", broker.bootstrapServers());
        props.put("group.id", "outage-check-" + UUID.randomUUID());
        props.put("auto.offset.reset", "earliest");
        props.put("allow.auto.create.topics", "false");
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    /** Agents opening tickets from eight clients, round robin over the accounts, until closed. */
    private static final class Openings implements AutoCloseable {

        final ConcurrentLinkedQueue<String> created = new ConcurrentLinkedQueue<>();
        final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        /** The first answer's body for each status: what a surprising one said. */
        final Map<Integer, String> firstBodies = new ConcurrentHashMap<>();
        final AtomicInteger failures = new AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final ExecutorService clients = Executors.newFixedThreadPool(8);
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        private final String token = Tokens.agent("T1");

        Openings() {
            for (int c = 0; c < 8; c++) {
                int client = c;
                clients.submit(() -> {
                    int i = client;
                    while (running.get()) {
                        open(ACCOUNTS.get(i++ % ACCOUNTS.size()));
                    }
                });
            }
        }

        private void open(UUID account) {
            String body = """
                    {"accountId":"%s","kind":"SERVICE_REQUEST","title":"Printer offline",
                     "description":"The office printer stopped answering after the router was replaced."}
                    """.formatted(account);
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(ticket.url() + "/api/v1/tickets"))
                        .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                statuses.computeIfAbsent(answer.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                firstBodies.putIfAbsent(answer.statusCode(), answer.body());
                Matcher id = TICKET_ID.matcher(answer.body());
                if (answer.statusCode() == 201 && id.find()) {
                    created.add(id.group(1));
                } else if (answer.statusCode() != 201) {
                    Thread.sleep(100);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception refusedOrCutOff) {
                failures.incrementAndGet();
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            clients.shutdown();
            clients.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    private static EmbeddedPostgres startPostgres() throws Exception {
        return EmbeddedPostgres.builder()
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false)
                .setPort(pgPort)
                .setServerConfig("max_connections", "100")
                .start();
    }

    /** Publishes the registration of {@code n} new accounts (subscription-events), as subscription-service would. */
    private static List<UUID> register(int n) {
        List<UUID> accounts = new ArrayList<>();
        try (KafkaProducer<String, String> producer = producer()) {
            for (int i = 0; i < n; i++) {
                UUID account = UUID.randomUUID();
                producer.send(CloudEventRecords.event(AccountRegistrations.TOPIC, UUID.randomUUID(), AccountRegistrations.TYPE,
                        account.toString(), account.toString(), AccountRegistrations.data(account, null).toString()));
                accounts.add(account);
            }
            producer.flush();
        }
        return accounts;
    }

    private static KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put("bootstrap.servers", broker.bootstrapServers());
        props.put("acks", "all");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + pgPort + "/ticket", "postgres", "postgres");
    }

    private static long count(String sql) throws Exception {
        try (Connection c = connect(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> strings(String sql) throws Exception {
        try (Connection c = connect(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            List<String> all = new ArrayList<>();
            while (rs.next()) {
                all.add(rs.getString(1));
            }
            return all;
        }
    }
}
