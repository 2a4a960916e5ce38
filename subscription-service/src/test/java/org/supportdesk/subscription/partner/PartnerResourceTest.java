package org.supportdesk.subscription.partner;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.testing.Sql;
import org.supportdesk.platform.testing.Tokens;
import org.supportdesk.platform.testing.TopicReader;
import org.supportdesk.subscription.account.AccountResourceTest;

@QuarkusTest
public class PartnerResourceTest {

    @jakarta.inject.Inject
    com.fasterxml.jackson.databind.ObjectMapper json;

    /** Registers a partner through the API; answers its id. */
    public static UUID registeredPartner() {
        return UUID.fromString(given().auth().oauth2(Tokens.withRoles("admin")).contentType("application/json")
                .body(Map.of("name", "ACME Ltd", "contactEmail", "hr@acme.example", "discountPercent", "12.50"))
                .post("/api/v1/partners").then().statusCode(201).extract().path("id"));
    }

    @Test
    void anAdminRegistersAPartnerWithItsDiscountAndItsEventIsPublishedR_P2_R_B9() {
        try (TopicReader events = TopicReader.fromStart("subscription-events")) {
            UUID partner = registeredPartner();
            given().auth().oauth2(Tokens.partner(partner)).get("/api/v1/partners/" + partner).then().statusCode(200)
                    .body("discountPercent", equalTo("12.50")).body("name", equalTo("ACME Ltd"));
            var event = events.awaitSubject(partner.toString());
            assertThat(TopicReader.header(event, "ce_type"))
                    .isEqualTo("org.supportdesk.subscription.partner-registered.v1");
            assertThat(event.value()).contains("\"discountPercent\":\"12.50\"");
        }
    }

    @Test
    void anAdminChangesOrEndsADiscountAndItsEventSaysFromWhenR_B9() {
        try (TopicReader events = TopicReader.fromStart("subscription-events")) {
            UUID partner = registeredPartner();
            events.awaitSubject(partner.toString()); // partner-registered
            given().auth().oauth2(Tokens.withRoles("admin")).contentType("application/json")
                    .body(Map.of("discountPercent", "0")).put("/api/v1/partners/" + partner + "/discount").then()
                    .statusCode(200).body("discountPercent", equalTo("0.00"));
            var changed = events.await(r -> partner.toString().equals(r.key())
                    && "org.supportdesk.subscription.partner-discount-changed.v1".equals(TopicReader.header(r, "ce_type")),
                    "partner-discount-changed");
            assertThat(changed.value()).contains("\"previousPercent\":\"12.50\"").contains("\"discountPercent\":\"0.00\"");
            given().auth().oauth2(Tokens.partner(partner)).get("/api/v1/partners/" + partner).then()
                    .statusCode(200).body("discountPercent", equalTo("0.00"));
        }
    }

    @Test
    void onlyAdminsChangeDiscountsAndBadOnesAnswer4xxR_B9() {
        UUID partner = registeredPartner();
        given().auth().oauth2(Tokens.partner(partner)).contentType("application/json")
                .body(Map.of("discountPercent", "50")).put("/api/v1/partners/" + partner + "/discount").then()
                .statusCode(403);
        given().auth().oauth2(Tokens.withRoles("admin")).contentType("application/json")
                .body(Map.of("discountPercent", "100.5")).put("/api/v1/partners/" + partner + "/discount").then()
                .statusCode(400).body("violations.field", hasItem("discountPercent"));
        given().auth().oauth2(Tokens.withRoles("admin")).contentType("application/json")
                .body(Map.of("discountPercent", "5")).put("/api/v1/partners/" + UUID.randomUUID() + "/discount").then()
                .statusCode(404);
        assertThat(Sql.count("select count(*) from outbox_event where type = "
                + "'org.supportdesk.subscription.partner-discount-changed.v1' and partition_key = ?1", partner.toString()))
                .isZero();
    }

    @Test
    void theDiscountChangedEventMatchesTheCataloguedSample() throws Exception {
        var sample = org.supportdesk.platform.testing.CataloguedEvents.sample(PartnerEvents.DISCOUNT_CHANGED);
        var event = new PartnerEvents.PartnerDiscountChanged(UUID.fromString(sample.get("partnerId").asText()),
                new java.math.BigDecimal(sample.get("previousPercent").asText()),
                new java.math.BigDecimal(sample.get("discountPercent").asText()),
                java.time.Instant.parse(sample.get("changedAt").asText()));
        assertThat(json.readTree(json.writeValueAsString(event))).isEqualTo(sample);
    }

    @Test
    void aPartnerSeesOnlyItsOwnCustomersR_P2() {
        UUID acme = registeredPartner();
        UUID other = registeredPartner();
        String mine = given().auth().oauth2(Tokens.partner(acme)).contentType("application/json")
                .body(AccountResourceTest.newAccount("Mine")).post("/api/v1/accounts").then().statusCode(201)
                .extract().path("id");
        given().auth().oauth2(Tokens.partner(other)).contentType("application/json")
                .body(AccountResourceTest.newAccount("Theirs")).post("/api/v1/accounts").then().statusCode(201);

        given().auth().oauth2(Tokens.partner(acme)).get("/api/v1/partners/" + acme + "/customers").then()
                .statusCode(200).body("total", equalTo(1)).body("items", hasSize(1)).body("items[0].id", equalTo(mine));
        given().auth().oauth2(Tokens.partner(acme)).get("/api/v1/accounts?partnerId=" + acme).then()
                .statusCode(200).body("items.id", hasItem(mine));
        given().auth().oauth2(Tokens.partner(acme)).get("/api/v1/partners/" + other + "/customers").then()
                .statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(Tokens.partner(acme)).get("/api/v1/accounts?partnerId=" + other).then()
                .statusCode(404);
        // without naming a partner, a partner lists its own customers
        given().auth().oauth2(Tokens.partner(acme)).get("/api/v1/accounts").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].id", equalTo(mine));
        given().auth().oauth2(Tokens.withRoles("ops")).get("/api/v1/partners/" + other + "/customers").then()
                .statusCode(200).body("total", equalTo(1));
        given().auth().oauth2(Tokens.customer(UUID.randomUUID())).get("/api/v1/partners/" + acme + "/customers")
                .then().statusCode(403);
    }

    @Test
    void anAccountCanOnlyJoinARegisteredPartner() {
        Map<String, Object> body = AccountResourceTest.newAccount("Orphan");
        body.put("partnerId", UUID.randomUUID());
        given().auth().oauth2(Tokens.withRoles("admin")).contentType("application/json").body(body)
                .post("/api/v1/accounts").then().statusCode(422)
                .body("type", equalTo("https://supportdesk.org/problems/unknown-partner"));
        given().auth().oauth2(Tokens.partner(UUID.randomUUID())).contentType("application/json")
                .body(AccountResourceTest.newAccount("Orphan")).post("/api/v1/accounts").then().statusCode(422);
        assertThat(Sql.count("select count(*) from account where display_name = 'Orphan'")).isZero();
    }

    @Test
    void badPartnersAnswer400AndOnlyAdminsRegister() {
        given().auth().oauth2(Tokens.withRoles("admin")).contentType("application/json")
                .body(Map.of("name", "", "contactEmail", "nope", "discountPercent", "100.5"))
                .post("/api/v1/partners").then().statusCode(400)
                .body("violations.field", hasItem("name"))
                .body("violations.field", hasItem("contactEmail"))
                .body("violations.field", hasItem("discountPercent"));
        given().auth().oauth2(Tokens.withRoles("ops")).contentType("application/json")
                .body(Map.of("name", "X", "contactEmail", "x@x.example", "discountPercent", "1"))
                .post("/api/v1/partners").then().statusCode(403);
        given().auth().oauth2(Tokens.withRoles("admin")).get("/api/v1/partners/" + UUID.randomUUID())
                .then().statusCode(404);
    }
}
