package org.supportdesk.notification.emergency;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.supportdesk.notification.feed.NotificationResourceTest;
import org.supportdesk.platform.testing.CataloguedEvents;
import org.supportdesk.platform.testing.Sql;
import org.supportdesk.platform.testing.Tokens;
import org.supportdesk.platform.testing.TopicReader;

@QuarkusTest
class EmergencyResourceTest {

    @Inject
    ObjectMapper json;

    static Map<String, Object> declaration(boolean all, List<UUID> accounts) {
        Map<String, Object> scope = new HashMap<>();
        scope.put("allAccounts", all);
        scope.put("accountIds", accounts.stream().map(UUID::toString).toList());
        return new HashMap<>(Map.of("title", "Regional power outage", "message", "Our data center runs on generators.",
                "scope", scope));
    }

    @Test
    void opsDeclareAnEmergencyCoveredCustomersAreToldAtOnceAndTicketServiceHearsOfItR_E1() throws Exception {
        UUID covered = NotificationResourceTest.englishAccount();
        UUID other = NotificationResourceTest.englishAccount();
        try (TopicReader events = TopicReader.fromStart("notification-events")) {
            String id = given().auth().oauth2(Tokens.withRoles("ops")).contentType("application/json")
                    .body(declaration(false, List.of(covered))).post("/api/v1/emergencies").then().statusCode(201)
                    .body("declaredBy", org.hamcrest.Matchers.notNullValue())
                    .header("Location", org.hamcrest.Matchers.containsString("/api/v1/emergencies/")).extract().path("id");
            // its Location answers it
            given().auth().oauth2(Tokens.withRoles("agent")).get("/api/v1/emergencies/" + id).then().statusCode(200)
                    .body("id", equalTo(id)).body("title", equalTo("Regional power outage"));
            given().auth().oauth2(Tokens.customer(covered)).get("/api/v1/emergencies/" + id).then().statusCode(403);
            given().auth().oauth2(Tokens.withRoles("agent")).get("/api/v1/emergencies/" + UUID.randomUUID()).then()
                    .statusCode(404);
            given().auth().oauth2(Tokens.customer(covered)).get("/api/v1/notifications").then().statusCode(200)
                    .body("items.kind", hasItem("emergency-declared"))
                    .body("items[0].title", equalTo("Emergency: Regional power outage"));
            assertThat(Sql.count("select count(*) from notification where account_id = ?1", other)).isZero();

            var declared = events.awaitSubject(id);
            assertThat(TopicReader.header(declared, "ce_type")).isEqualTo(EmergencyService.DECLARED);
            JsonNode data = json.readTree(declared.value());
            // the fields ticket-service reads are those of the catalogued sample
            JsonNode sample = CataloguedEvents.sample(EmergencyService.DECLARED);
            sample.fieldNames().forEachRemaining(field -> assertThat(data.has(field)).as(field).isTrue());
            assertThat(data.path("scope").path("accountIds").get(0).asText()).isEqualTo(covered.toString());

            given().auth().oauth2(Tokens.withRoles("ops")).post("/api/v1/emergencies/" + id + "/end").then()
                    .statusCode(200).body("endedAt", org.hamcrest.Matchers.notNullValue());
            given().auth().oauth2(Tokens.withRoles("ops")).post("/api/v1/emergencies/" + id + "/end").then()
                    .statusCode(409);
            await().atMost(Duration.ofSeconds(30)).until(() -> events.await(r -> id.equals(r.key())
                    && EmergencyService.ENDED.equals(TopicReader.header(r, "ce_type")), "emergency-ended") != null);
            assertThat(Sql.count("select count(*) from notification where account_id = ?1 and kind = 'emergency-ended'",
                    covered)).isEqualTo(1);
        }
    }

    /** R-E1: an emergency declared ahead tells its customers from when (the support center's time), not "now". */
    @Test
    void anEmergencyDeclaredAheadSaysFromWhenR_E1() {
        UUID covered = NotificationResourceTest.englishAccount();
        Map<String, Object> ahead = declaration(false, List.of(covered));
        ahead.put("startsAt", "2099-03-01T08:00:00Z");
        given().auth().oauth2(Tokens.withRoles("ops")).contentType("application/json").body(ahead)
                .post("/api/v1/emergencies").then().statusCode(201);
        given().auth().oauth2(Tokens.customer(covered)).get("/api/v1/notifications").then().statusCode(200)
                .body("items[0].body", equalTo("Our data center runs on generators. From 2099-03-01 10:00 (Asia/Jerusalem), "
                        + "response times are suspended until it ends."));
    }

    @Test
    void onlyOpsDeclareAndABadDeclarationIs400() {
        given().auth().oauth2(Tokens.withRoles("agent")).contentType("application/json")
                .body(declaration(true, List.of())).post("/api/v1/emergencies").then().statusCode(403);
        given().auth().oauth2(Tokens.withRoles("ops")).contentType("application/json")
                .body(declaration(true, List.of(UUID.randomUUID()))).post("/api/v1/emergencies").then().statusCode(400)
                .body("violations.field", hasItem("scope"));
        given().auth().oauth2(Tokens.withRoles("ops")).contentType("application/json").body(Map.of("title", "x"))
                .post("/api/v1/emergencies").then().statusCode(400);
        // starting now (no startsAt) and expected to have ended yesterday: refused, nothing declared
        Map<String, Object> endedBefore = declaration(true, List.of());
        endedBefore.put("title", "Ended before it began " + UUID.randomUUID());
        endedBefore.put("expectedEndAt", java.time.Instant.now().minus(java.time.Duration.ofDays(1)).toString());
        given().auth().oauth2(Tokens.withRoles("ops")).contentType("application/json").body(endedBefore)
                .post("/api/v1/emergencies").then().statusCode(422).contentType("application/problem+json")
                .body("field", org.hamcrest.Matchers.equalTo("expectedEndAt"));
        org.assertj.core.api.Assertions.assertThat(org.supportdesk.platform.testing.Sql.count(
                "select count(*) from emergency where title = ?1", endedBefore.get("title"))).isZero();
        given().auth().oauth2(Tokens.withRoles("ops")).post("/api/v1/emergencies/" + UUID.randomUUID() + "/end").then()
                .statusCode(404);
        given().auth().oauth2(Tokens.customer(UUID.randomUUID())).get("/api/v1/emergencies").then().statusCode(403);
    }
}
