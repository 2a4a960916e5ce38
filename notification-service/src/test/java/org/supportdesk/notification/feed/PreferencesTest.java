package org.supportdesk.notification.feed;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.testing.CataloguedEvents;
import org.supportdesk.platform.testing.Sql;
import org.supportdesk.platform.testing.Tokens;

@QuarkusTest
class PreferencesTest {

    static void publish(String topic, String type, UUID account) {
        ObjectNode data = CataloguedEvents.sample(type);
        data.put("accountId", account.toString());
        CataloguedEvents.publish(topic, UUID.randomUUID(), type, account.toString(), account.toString(), data.toString());
    }

    @Test
    void optOutsAreHonouredExceptForLegallyRequiredMessagesR_N1() {
        UUID account = NotificationResourceTest.englishAccount();
        given().auth().oauth2(Tokens.customer(account)).contentType("application/json")
                .body(Map.of("inApp", true, "email", false, "mutedKinds", List.of("session-started", "invoice-issued")))
                .put("/api/v1/accounts/" + account + "/notification-preferences").then().statusCode(200)
                .body("alwaysSent", hasItem("invoice-issued"));
        publish("ticket-events", "org.supportdesk.ticket.session-started.v1", account);
        publish("billing-events", "org.supportdesk.billing.invoice-issued.v1", account);
        publish("ticket-events", "org.supportdesk.ticket.session-closed.v1", account);
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count(
                "select count(*) from notification where account_id = ?1", account) == 2);
        assertThat(Sql.count("select count(*) from notification where account_id = ?1 and kind = 'session-started'",
                account)).isZero();
        assertThat(Sql.count("select count(*) from notification where account_id = ?1 and kind = 'invoice-issued'",
                account)).isEqualTo(1);
    }

    @Test
    void onlyTheAccountItsPartnerOrStaffSetPreferencesAndBadOnesAre400() {
        UUID account = NotificationResourceTest.englishAccount();
        given().auth().oauth2(Tokens.customer(UUID.randomUUID())).contentType("application/json")
                .body(Map.of("inApp", true, "email", true)).put("/api/v1/accounts/" + account + "/notification-preferences")
                .then().statusCode(404);
        given().auth().oauth2(Tokens.customer(account)).contentType("application/json")
                .body(Map.of("inApp", true)).put("/api/v1/accounts/" + account + "/notification-preferences")
                .then().statusCode(400);
        given().auth().oauth2(Tokens.customer(account)).contentType("application/json")
                .body(Map.of("inApp", true, "email", true, "language", "fr"))
                .put("/api/v1/accounts/" + account + "/notification-preferences").then().statusCode(400);
        for (List<String> muted : List.of(java.util.Arrays.asList((String) null),
                java.util.Arrays.asList("session-started", null))) {
            given().auth().oauth2(Tokens.customer(account)).contentType("application/json")
                    .body(Map.of("inApp", true, "email", true, "mutedKinds", muted))
                    .put("/api/v1/accounts/" + account + "/notification-preferences").then().statusCode(400)
                    .contentType("application/problem+json");
        }
    }
}
