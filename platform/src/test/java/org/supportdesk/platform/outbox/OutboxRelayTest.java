package org.supportdesk.platform.outbox;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.testing.OnVertx;
import org.supportdesk.platform.testing.Sql;
import org.supportdesk.platform.testing.TopicReader;
import org.supportdesk.platform.testing.Tokens;

@QuarkusTest
class OutboxRelayTest {

    @Inject
    OutboxRelay relay;

    @Test
    void stateChangeAndItsEventCommitTogetherAndTheRelayPublishesACloudEventKeyedByAccount() {
        UUID account = UUID.randomUUID();
        String widgetId = given().auth().oauth2(Tokens.customer(account)).contentType("application/json")
                .body(Map.of("name", "gear", "accountId", account))
                .post("/api/v1/widgets").then().statusCode(201).extract().path("id");

        // committed, not yet relayed: the event waits in the outbox, as after a crash before publishing
        assertThat(Sql.count("select count(*) from outbox_event where subject = ?1 and published_at is null", widgetId))
                .isEqualTo(1);

        try (TopicReader consumer = TopicReader.fromStart("platform-test-events")) {
            int published = OnVertx.await(() -> relay.publishPending());
            assertThat(published).isGreaterThanOrEqualTo(1);

            ConsumerRecord<String, String> record = consumer.awaitSubject(widgetId);
            assertThat(record.key()).isEqualTo(account.toString());
            assertThat(TopicReader.header(record, "ce_specversion")).isEqualTo("1.0");
            assertThat(TopicReader.header(record, "ce_type")).isEqualTo("org.supportdesk.test.widget-created.v1");
            assertThat(TopicReader.header(record, "ce_source")).isEqualTo("/platform-test");
            assertThat(UUID.fromString(TopicReader.header(record, "ce_id"))).isNotNull();
            assertThat(TopicReader.header(record, "ce_time")).isNotBlank();
            assertThat(record.value()).contains("\"name\":\"gear\"").contains(account.toString());
        }
        assertThat(Sql.count("select count(*) from outbox_event where subject = ?1 and published_at is null", widgetId))
                .isZero();
    }

    @Test
    void aFailedTransactionLeavesNeitherStateNorEvent() {
        UUID account = UUID.randomUUID();
        given().auth().oauth2(Tokens.withRoles("admin")).contentType("application/json")
                .body(Map.of("name", "explode-after-outbox", "accountId", account))
                .post("/api/v1/widgets").then().statusCode(500)
                .contentType("application/problem+json");

        assertThat(Sql.count("select count(*) from outbox_event where partition_key = ?1", account.toString())).isZero();
        assertThat(Sql.count("select count(*) from widget where account_id = ?1", account)).isZero();
    }
}
