package org.supportdesk.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.testing.KafkaResource;
import org.supportdesk.platform.testing.PostgresResource;
import org.supportdesk.platform.testing.Tokens;
import org.supportdesk.platform.testing.TopicReader;

/**
 * The four packaged services as processes on one real PostgreSQL (a database each), one real Kafka
 * broker and one token issuer: events written through one service's outbox are consumed, exactly
 * once, by the others, also when the broker delivers them twice; a poison message on any consumed
 * topic goes to its dead-letter topic, with a reason, from every service consuming it, and each goes on.
 */
class EventsAcrossServicesIT {

    private static final OidcWiremockTestResource OIDC = new OidcWiremockTestResource();
    private static final Map<String, String> DATABASES = new HashMap<>();
    private static ServiceProcess subscription;
    private static ServiceProcess ticket;
    private static ServiceProcess notification;
    private static ServiceProcess billing;

    /** Who consumes which topic (each service's group is its name). */
    private static final Map<String, List<String>> CONSUMERS = Map.of(
            "subscription-events", List.of("ticket-service", "notification-service", "billing-service"),
            "ticket-events", List.of("subscription-service", "notification-service", "billing-service"),
            "billing-events", List.of("subscription-service", "ticket-service", "notification-service"),
            "notification-events", List.of("ticket-service"));

    @BeforeAll
    static void startTheSuite() throws Exception {
        Map<String, String> oidc = OIDC.start();

        List<ServiceProcess> started = new ArrayList<>();
        for (String service : List.of("subscription-service", "ticket-service", "notification-service",
                "billing-service")) {
            String database = PostgresResource.createDatabase(service.replace("-service", ""));
            DATABASES.put(service, database);
            started.add(ServiceProcess.start(service, ServiceProcess.environment(database, oidc)));
        }
        subscription = started.get(0);
        ticket = started.get(1);
        notification = started.get(2);
        billing = started.get(3);
        for (ServiceProcess service : started) {
            service.awaitReady(Duration.ofSeconds(90));
        }
    }

    @AfterAll
    static void stopTheSuite() throws Exception {
        for (ServiceProcess service : new ServiceProcess[] { billing, notification, ticket, subscription }) {
            if (service != null) {
                service.close();
            }
        }
        OIDC.stop();
        KafkaResource.shutdown();
        PostgresResource.shutdown();
    }

    @Test
    void eventsFromOneServicesOutboxAreConsumedExactlyOnceByAnotherAlsoWhenDeliveredTwice() throws Exception {
        // subscription-service → (outbox, broker) → ticket-service
        String account = given().baseUri(subscription.url()).auth().oauth2(Tokens.withRoles("admin"))
                .contentType("application/json")
                .body(Map.of("displayName", "E2E Ltd", "contactName", "Eli", "email", "eli@e2e.example"))
                .post("/api/v1/accounts").then().statusCode(201).extract().path("id");
        String customer = Tokens.customer(UUID.fromString(account));
        String firstTicket = openTicketOnceTheAccountIsKnown(customer, "First");

        // ticket-service → (outbox, broker) → notification-service
        await().atMost(Duration.ofSeconds(30)).until(() -> feedTotal(customer) == 1);

        // the broker delivers both events again, twice
        String ticketOpened = redeliverTwice("ticket-events", firstTicket);
        String accountRegistered = redeliverTwice("subscription-events", account);
        // a later event on the same account (same partition) is applied after the copies
        String secondTicket = openTicketOnceTheAccountIsKnown(customer, "Second");
        await().atMost(Duration.ofSeconds(30)).until(() -> feedTotal(customer) >= 2);

        // every copy was consumed: each service's committed offsets reached the end of the topics
        awaitConsumed("ticket-service", "subscription-events");
        awaitConsumed("notification-service", "ticket-events");

        Response feed = given().baseUri(notification.url()).auth().oauth2(customer).get("/api/v1/notifications");
        assertThat(feed.<Integer>path("total")).isEqualTo(2);
        assertThat(feed.<List<String>>path("items.subjectId")).containsExactlyInAnyOrder(firstTicket, secondTicket);
        assertThat(count("ticket-service", "select count(*) from processed_event where event_id = ?::uuid",
                accountRegistered)).isEqualTo(1);
        assertThat(count("notification-service", "select count(*) from processed_event where event_id = ?::uuid",
                ticketOpened)).isEqualTo(1);
        assertThat(count("notification-service", "select count(*) from notification where event_id = ?::uuid",
                ticketOpened)).isEqualTo(1);
        assertThat(count("ticket-service", "select count(*) from account_view where account_id = ?::uuid", account))
                .isEqualTo(1);
        assertThat(count("notification-service", "select count(*) from notification where account_id = ?::uuid",
                account)).isEqualTo(2);
    }

    @Test
    void aPoisonMessageOnEveryConsumedTopicIsDeadLetteredWithItsReasonByEachConsumerWhichGoesOn() throws Exception {
        String marker = "poison-" + UUID.randomUUID();
        try (KafkaProducer<String, String> producer = TopicReader.producer()) {
            for (String topic : CONSUMERS.keySet()) {
                // no CloudEvent headers at all, and a CloudEvent whose data is not JSON
                producer.send(new ProducerRecord<>(topic, marker + "-" + topic, "not a CloudEvent")).get();
                producer.send(org.supportdesk.platform.testing.CloudEventRecords.event(topic, UUID.randomUUID(),
                        "org.supportdesk.test.poison.v1", marker + "-json-" + topic, marker, "{ not json")).get();
            }
        }
        for (Map.Entry<String, List<String>> topic : CONSUMERS.entrySet()) {
            try (TopicReader dlq = TopicReader.fromStart(topic.getKey() + ".dlq")) {
                for (String consumer : topic.getValue()) {
                    ConsumerRecord<String, String> noHeaders = dlq.await(
                            r -> (marker + "-" + topic.getKey()).equals(r.key()), "the headerless poison of " + topic.getKey()
                                    + " (one copy per consumer; waiting for " + consumer + "'s)");
                    assertThat(TopicReader.header(noHeaders, "dead-letter-reason")).contains("not a CloudEvent");
                    ConsumerRecord<String, String> badJson = dlq.awaitSubject(marker + "-json-" + topic.getKey());
                    assertThat(TopicReader.header(badJson, "dead-letter-reason")).contains("is not JSON");
                }
            }
            // and every consumer went on past them
            for (String consumer : topic.getValue()) {
                awaitConsumed(consumer, topic.getKey());
            }
        }
    }

    private static String openTicketOnceTheAccountIsKnown(String customer, String title) {
        String[] id = new String[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Response response = given().baseUri(ticket.url()).auth().oauth2(customer).contentType("application/json")
                    .body(Map.of("kind", "INCIDENT", "severity", "HIGH", "title", title, "description", "e2e"))
                    .post("/api/v1/tickets");
            id[0] = response.statusCode() == 201 ? response.path("id") : null;
            return id[0] != null;
        });
        return id[0];
    }

    private static int feedTotal(String customer) {
        return given().baseUri(notification.url()).auth().oauth2(customer).get("/api/v1/notifications")
                .then().statusCode(200).extract().path("total");
    }

    /** Publishes the event about this subject twice more, as a broker redelivery would; answers its id. */
    private static String redeliverTwice(String topic, String subject) throws Exception {
        ConsumerRecord<String, String> original;
        try (TopicReader reader = TopicReader.fromStart(topic)) {
            original = reader.awaitSubject(subject);
        }
        try (KafkaProducer<String, String> producer = TopicReader.producer()) {
            for (int copy = 0; copy < 2; copy++) {
                producer.send(new ProducerRecord<>(topic, null, original.key(), original.value(), original.headers()))
                        .get();
            }
        }
        return TopicReader.header(original, "ce_id");
    }

    private static void awaitConsumed(String group, String topic) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaResource.bootstrapServers()))) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
                var ends = admin.listOffsets(latest).all().get();
                return ends.entrySet().stream().allMatch(end -> end.getValue().offset() == 0
                        || (committed.get(end.getKey()) != null
                                && committed.get(end.getKey()).offset() >= end.getValue().offset()));
            });
        }
    }

    private static long count(String service, String sql, String... parameters) throws Exception {
        String url = PostgresResource.server().getJdbcUrl("postgres", DATABASES.get(service));
        try (Connection c = DriverManager.getConnection(url); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
