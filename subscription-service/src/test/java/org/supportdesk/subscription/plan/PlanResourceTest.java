package org.supportdesk.subscription.plan;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.testing.CataloguedEvents;
import org.supportdesk.platform.testing.Sql;
import org.supportdesk.platform.testing.Tokens;
import org.supportdesk.platform.testing.TopicReader;

@QuarkusTest
class PlanResourceTest {

    @Inject
    ObjectMapper json;

    static String code() {
        return "p-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String publish(Map<String, Object> body) {
        return given().auth().oauth2(Tokens.withRoles("admin")).contentType("application/json").body(body)
                .post("/api/v1/plans").then().statusCode(201).extract().path("id");
    }

    @Test
    void anAdminPublishesAPlanWithExactPricesAndTheDefaultVatScheduleR_S2() {
        String code = code();
        try (TopicReader events = TopicReader.fromStart("subscription-events")) {
            String id = given().auth().oauth2(Tokens.withRoles("admin")).contentType("application/json")
                    .body(PlanFixtures.body(code, "MONTHLY", "GOLD"))
                    .post("/api/v1/plans").then().statusCode(201)
                    .body("version", equalTo(1))
                    .body("terms.monthlyFee.amount", equalTo("99.00"))
                    .body("terms.minuteRate.amount", equalTo("2.90"))
                    .body("terms.includedMinutes.perDay", equalTo(30))
                    .body("terms.includedMinutes.perTicket", equalTo(null))
                    .body("terms.vatRates.find { it.effectiveFrom == '2025-01-01' }.rate", equalTo("0.18"))
                    .extract().path("id");

            ConsumerRecord<String, String> published = events.awaitSubject(id);
            assertThat(TopicReader.header(published, "ce_type"))
                    .isEqualTo("org.supportdesk.subscription.plan-published.v1");
            assertThat(published.value()).contains("\"version\":1").contains("\"amount\":\"99.00\"");
        }
    }

    @Test
    void thePlanPublishedEventMatchesTheCataloguedSample() throws Exception {
        JsonNode sample = CataloguedEvents.sample(PlanEvents.PUBLISHED);
        PlanEvents.PlanPublished event = new PlanEvents.PlanPublished(
                UUID.fromString(sample.get("planId").asText()), sample.get("code").asText(),
                sample.get("name").asText(), sample.get("version").asInt(),
                json.treeToValue(sample.get("terms"), PlanTerms.class),
                java.time.Instant.parse(sample.get("publishedAt").asText()));
        // compared as the outbox writes it: the serialized text, read back
        assertThat(json.readTree(json.writeValueAsString(event))).isEqualTo(sample);
    }

    @Test
    void revisingAPlanAddsAVersionAndKeepsTheEarlierOneR_S2() {
        Map<String, Object> body = PlanFixtures.body(code(), "MONTHLY", "GOLD");
        String id = publish(body);
        @SuppressWarnings("unchecked")
        Map<String, Object> terms = (Map<String, Object>) body.get("terms");
        terms.put("monthlyFee", PlanFixtures.money("109.00"));
        given().auth().oauth2(Tokens.withRoles("admin")).contentType("application/json").body(body)
                .put("/api/v1/plans/" + id).then().statusCode(200)
                .body("version", equalTo(2)).body("terms.monthlyFee.amount", equalTo("109.00"));

        String customer = Tokens.customer(UUID.randomUUID());
        given().auth().oauth2(customer).get("/api/v1/plans/" + id).then().statusCode(200)
                .body("version", equalTo(2)).body("currentVersion", equalTo(2));
        given().auth().oauth2(customer).get("/api/v1/plans/" + id + "?version=1").then().statusCode(200)
                .body("version", equalTo(1)).body("terms.monthlyFee.amount", equalTo("99.00"));
        given().auth().oauth2(customer).get("/api/v1/plans/" + id + "?version=3").then().statusCode(404);
    }

    @Test
    void theCatalogueListsCurrentVersionsFilteredByTypeAndTier() {
        String prepaid = publish(PlanFixtures.body(code(), "PREPAID", "SILVER"));
        String gold = publish(PlanFixtures.body(code(), "MONTHLY", "GOLD"));
        given().auth().oauth2(Tokens.partner(UUID.randomUUID())).get("/api/v1/plans?type=PREPAID").then()
                .statusCode(200).body("id", hasItem(prepaid)).body("id", not(hasItem(gold)))
                .body("terms.type", not(hasItem("MONTHLY")));
        given().auth().oauth2(Tokens.agent("T1")).get("/api/v1/plans?tier=GOLD").then()
                .statusCode(200).body("id", hasItem(gold)).body("id", not(hasItem(prepaid)));
        given().auth().oauth2(Tokens.agent("T1")).get("/api/v1/plans?tier=DIAMOND").then().statusCode(400)
                .contentType("application/problem+json").body("violations[0].field", equalTo("tier"));
    }

    @Test
    void aPlanBreakingTheTypeMatrixIsRefusedWithItsFieldsAndNothingIsStoredR_S1_R_S3() {
        String code = code();
        given().auth().oauth2(Tokens.withRoles("admin")).contentType("application/json")
                .body(PlanFixtures.body(code, "PREPAID", "GOLD"))
                .post("/api/v1/plans").then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("https://supportdesk.org/problems/plan-rules"))
                .body("violations.field", hasItem("tier"));
        assertThat(Sql.count("select count(*) from plan where code = ?1", code)).isZero();
    }

    @Test
    void malformedPlansAnswer400() {
        Map<String, Object> body = PlanFixtures.body("Bad Code!", "MONTHLY", "GOLD");
        @SuppressWarnings("unchecked")
        Map<String, Object> terms = (Map<String, Object>) body.get("terms");
        terms.put("monthlyFee", Map.of("amount", "99.999", "currency", "ILS"));
        terms.put("minuteRate", Map.of("amount", "-1", "currency", "ils"));
        given().auth().oauth2(Tokens.withRoles("admin")).contentType("application/json").body(body)
                .post("/api/v1/plans").then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem("code"))
                .body("violations.field", hasItem("terms.monthlyFee.amount"))
                .body("violations.field", hasItem("terms.minuteRate.amount"))
                .body("violations.field", hasItem("terms.minuteRate.currency"));
        terms.put("monthlyFee", 99.0);
        given().auth().oauth2(Tokens.withRoles("admin")).contentType("application/json").body(body)
                .post("/api/v1/plans").then().statusCode(400);
    }

    @Test
    void theCodeIsUniqueAndTheTypeAndCodeCannotChange() {
        Map<String, Object> body = PlanFixtures.body(code(), "MONTHLY", "GOLD");
        String id = publish(body);
        given().auth().oauth2(Tokens.withRoles("admin")).contentType("application/json").body(body)
                .post("/api/v1/plans").then().statusCode(409)
                .body("type", equalTo("https://supportdesk.org/problems/plan-code-taken"));
        Map<String, Object> other = PlanFixtures.body((String) body.get("code"), "OCCASIONAL", "SILVER");
        given().auth().oauth2(Tokens.withRoles("admin")).contentType("application/json").body(other)
                .put("/api/v1/plans/" + id).then().statusCode(422)
                .body("type", equalTo("https://supportdesk.org/problems/plan-type-immutable"));
        given().auth().oauth2(Tokens.withRoles("admin")).contentType("application/json")
                .body(PlanFixtures.body(code(), "MONTHLY", "GOLD"))
                .put("/api/v1/plans/" + id).then().statusCode(422);
        given().auth().oauth2(Tokens.withRoles("admin")).contentType("application/json").body(body)
                .put("/api/v1/plans/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void onlyAdminsPublishAndAnonymousCallersReadNothing() {
        Map<String, Object> body = PlanFixtures.body(code(), "MONTHLY", "GOLD");
        for (String token : new String[] { Tokens.withRoles("ops"), Tokens.agent("T3"),
                Tokens.customer(UUID.randomUUID()), Tokens.partner(UUID.randomUUID()) }) {
            given().auth().oauth2(token).contentType("application/json").body(body)
                    .post("/api/v1/plans").then().statusCode(403).contentType("application/problem+json");
        }
        given().get("/api/v1/plans").then().statusCode(401);
    }
}
