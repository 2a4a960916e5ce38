package org.supportdesk.platform.problem;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.testing.Tokens;

@QuarkusTest
class ProblemResponsesTest {

    @Test
    void invalidFieldsAnswer400WithEachViolation() {
        given().auth().oauth2(Tokens.withRoles("admin")).contentType("application/json")
                .body(Map.of("name", " "))
                .post("/api/v1/widgets")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://supportdesk.org/problems/validation"))
                .body("status", equalTo(400))
                .body("violations.field", hasItem("name"))
                .body("violations.field", hasItem("accountId"))
                .body("trace", nullValue());
    }

    @Test
    void malformedJsonAnswers400() {
        given().auth().oauth2(Tokens.withRoles("admin")).contentType("application/json")
                .body("{\"name\": ")
                .post("/api/v1/widgets")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://supportdesk.org/problems/malformed-body"));
    }

    @Test
    void aValueOfTheWrongTypeNamesTheField() {
        given().auth().oauth2(Tokens.withRoles("admin")).contentType("application/json")
                .body("{\"name\": \"x\", \"accountId\": \"not-a-uuid\"}")
                .post("/api/v1/widgets")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("accountId"));
    }

    @Test
    void anUnknownIdAnswers404() {
        given().auth().oauth2(Tokens.withRoles("admin"))
                .get("/api/v1/widgets/" + UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://supportdesk.org/problems/not-found"));
    }

    @Test
    void anotherTenantsResourceAnswers404NotForbidden() {
        UUID owner = UUID.randomUUID();
        String id = given().auth().oauth2(Tokens.customer(owner)).contentType("application/json")
                .body(Map.of("name", "mine", "accountId", owner))
                .post("/api/v1/widgets").then().statusCode(201).extract().path("id");
        given().auth().oauth2(Tokens.customer(UUID.randomUUID()))
                .get("/api/v1/widgets/" + id)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(Tokens.customer(owner))
                .get("/api/v1/widgets/" + id)
                .then().statusCode(200).body("name", equalTo("mine"));
    }

    @Test
    void theWrongRoleAnswers403AndNoTokenAnswers401() {
        given().auth().oauth2(Tokens.withRoles("ops"))
                .get("/api/v1/widgets/" + UUID.randomUUID())
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://supportdesk.org/problems/forbidden"));
        given().get("/api/v1/widgets/" + UUID.randomUUID())
                .then().statusCode(401);
    }

    @Test
    void aMalformedIdInThePathAnswers404() {
        given().auth().oauth2(Tokens.withRoles("admin"))
                .get("/api/v1/widgets/not-a-uuid")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aQueryParameterOfTheWrongTypeAnswers400NamingIt() {
        given().auth().oauth2(Tokens.withRoles("admin"))
                .get("/api/v1/widgets?page=abc")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://supportdesk.org/problems/invalid-parameter"))
                .body("violations[0].field", equalTo("page"));
        given().auth().oauth2(Tokens.withRoles("admin"))
                .get("/api/v1/widgets?accountId=not-a-uuid")
                .then().statusCode(400).body("violations[0].field", equalTo("accountId"));
        // a page so far that page × size would overflow an offset is refused, not a 500
        given().auth().oauth2(Tokens.withRoles("admin"))
                .get("/api/v1/widgets?page=2147483647")
                .then().statusCode(400).body("violations[0].field", equalTo("page"));
        given().auth().oauth2(Tokens.withRoles("admin"))
                .get("/api/v1/widgets?page=3")
                .then().statusCode(200);
    }
}
