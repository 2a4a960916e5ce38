package org.supportdesk.subscription.plan;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.testing.Tokens;

/** The shipped presets (deploy/presets, domain.md "Presets") load through the public API. */
@QuarkusTest
class PresetTest {

    @Inject
    ObjectMapper json;

    @Test
    void theSupportOnlinePresetPublishesAPlanOfEveryTypeAndTierThatKeepsTheRules() throws Exception {
        JsonNode preset = json.readTree(Files.readString(Path.of("../deploy/presets/support-online.json")));
        String admin = Tokens.withRoles("admin");
        for (JsonNode plan : preset.get("plans")) {
            PlanTerms terms = json.treeToValue(plan.get("terms"), PlanTerms.class);
            assertThat(PlanRules.check(terms)).as(plan.get("code").asText()).isEmpty();
            given().auth().oauth2(admin).contentType("application/json").body(plan.toString())
                    .post("/api/v1/plans").then().statusCode(201)
                    .body("code", equalTo(plan.get("code").asText()));
        }
        List<String> kinds = given().auth().oauth2(Tokens.agent("T1")).get("/api/v1/plans").then().statusCode(200)
                .extract().jsonPath().getList("findAll { it.code.startsWith('online-') }.collect { it.terms.type + '/' + it.terms.tier }");
        assertThat(kinds).containsExactlyInAnyOrder("PREPAID/SILVER", "OCCASIONAL/SILVER", "MONTHLY/SILVER",
                "MONTHLY/GOLD", "MONTHLY/PLATINUM");
        // loading again changes nothing
        given().auth().oauth2(admin).contentType("application/json").body(preset.get("plans").get(0).toString())
                .post("/api/v1/plans").then().statusCode(409);
    }

    @Test
    void theWebshopPresetsPlanCarriesItsOnCallAndInvestigationChargesR_B15() throws Exception {
        JsonNode preset = json.readTree(Files.readString(Path.of("../deploy/presets/webshop.json")));
        String admin = Tokens.withRoles("admin");
        for (JsonNode plan : preset.get("plans")) {
            assertThat(PlanRules.check(json.treeToValue(plan.get("terms"), PlanTerms.class))).isEmpty();
            given().auth().oauth2(admin).contentType("application/json").body(plan.toString())
                    .post("/api/v1/plans").then().statusCode(201)
                    .body("terms.onCall.hourlyRate.amount", equalTo("250.00"))
                    .body("terms.investigation.minimumCharge.amount", equalTo("120.00"));
        }
        assertThat(json.readTree(Files.readString(Path.of("../deploy/presets/charter.json"))).get("plans")).isEmpty();
    }
}
