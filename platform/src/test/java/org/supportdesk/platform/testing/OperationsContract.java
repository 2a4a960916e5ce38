package org.supportdesk.platform.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;

import org.junit.jupiter.api.Test;

/**
 * What every service exposes for operations. Each service runs it against itself:
 * {@code @QuarkusTest class OperationsTest extends OperationsContract} naming one of its API paths.
 */
public abstract class OperationsContract {

    /** A path of the service's own API, which its OpenAPI document must describe. */
    protected abstract String anApiPath();

    @Test
    void readinessChecksTheDatabaseAndKafka() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Database")))
                .body("checks.name", hasItem(containsString("Messaging")));
    }

    @Test
    void livenessAnswers() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void theOpenApiDocumentDescribesTheApiAndSwaggerUiIsServed() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", hasKey(anApiPath()));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void prometheusMetricsAreServed() {
        given().get(anApiPath().replaceAll("\\{[^}]+}", "00000000-0000-0000-0000-000000000000"));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("http_server_requests_seconds_count"));
    }
}
