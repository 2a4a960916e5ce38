package org.supportdesk.platform.idempotency;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.testing.Sql;
import org.supportdesk.platform.testing.Tokens;

@QuarkusTest
class IdempotencyKeyFilterTest {

    @Test
    void aRetriedPostReturnsTheFirstAnswerAndChangesNothing() {
        UUID account = UUID.randomUUID();
        String token = Tokens.customer(account);
        String key = UUID.randomUUID().toString();
        Response first = post(token, key, Map.of("name", "once", "accountId", account));
        first.then().statusCode(201);
        Response retry = post(token, key, Map.of("name", "once", "accountId", account));
        retry.then().statusCode(201).header("Idempotent-Replayed", "true").contentType("application/json")
                .body("id", equalTo(first.path("id")))
                .header("Location", org.hamcrest.Matchers.endsWith("/api/v1/widgets/" + first.path("id"))); // its 201's
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));

        assertThat(Sql.count("select count(*) from widget where account_id = ?1", account)).isEqualTo(1);
        assertThat(Sql.count("select count(*) from outbox_event where partition_key = ?1", account.toString()))
                .isEqualTo(1);
    }

    @Test
    void theSameKeyFromAnotherCallerIsAnotherRequest() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        post(Tokens.customer(a), key, Map.of("name", "a", "accountId", a)).then().statusCode(201);
        post(Tokens.customer(b), key, Map.of("name", "b", "accountId", b)).then().statusCode(201)
                .header("Idempotent-Replayed", (String) null);
        assertThat(Sql.count("select count(*) from widget where account_id in (?1, ?2)", a, b)).isEqualTo(2);
    }

    @Test
    void aRejectedRequestIsNotKeptSoItsCorrectedRetryRuns() {
        String token = Tokens.withRoles("admin");
        String key = UUID.randomUUID().toString();
        UUID account = UUID.randomUUID();
        post(token, key, Map.of("name", "")).then().statusCode(400)
                .header("Idempotent-Replayed", (String) null)
                .body("type", equalTo("https://supportdesk.org/problems/validation"));
        post(token, key, Map.of("name", "fixed", "accountId", account)).then().statusCode(201)
                .header("Idempotent-Replayed", (String) null);
        post(token, key, Map.of("name", "fixed", "accountId", account)).then().statusCode(201)
                .header("Idempotent-Replayed", "true");
        assertThat(Sql.count("select count(*) from widget where account_id = ?1", account)).isEqualTo(1);
    }

    /** A path no resource has (longer than any), with a key: the resource's 4xx, never a 500 from keeping it. */
    @Test
    void aPathLongerThanAnyResourceIsAnsweredByTheResourcesNotTheKeyStore() {
        given().auth().oauth2(Tokens.withRoles("admin")).header("Idempotency-Key", UUID.randomUUID().toString())
                .post("/api/v1/widgets/" + "x".repeat(600) + "/archive")
                .then().statusCode(404);
    }

    @Test
    void theSameKeyOnAnotherPathIsRefused() {
        String token = Tokens.withRoles("admin");
        String key = UUID.randomUUID().toString();
        String id = post(token, key, Map.of("name", "first", "accountId", UUID.randomUUID())).then().statusCode(201)
                .extract().path("id");
        given().auth().oauth2(token).header("Idempotency-Key", key)
                .post("/api/v1/widgets/" + id + "/archive")
                .then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("https://supportdesk.org/problems/idempotency-key-reused"));
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefusedAndWritesNothing() {
        UUID account = UUID.randomUUID();
        String token = Tokens.customer(account);
        String key = UUID.randomUUID().toString();
        post(token, key, Map.of("name", "first", "accountId", account)).then().statusCode(201);
        post(token, key, Map.of("name", "second", "accountId", account)).then().statusCode(422)
                .contentType("application/problem+json").header("Idempotent-Replayed", (String) null)
                .body("type", equalTo("https://supportdesk.org/problems/idempotency-key-reused"))
                .body("detail", org.hamcrest.Matchers.containsString("another query or body"));
        // another query on the same path and body is another request too
        given().auth().oauth2(token).header("Idempotency-Key", key).contentType("application/json")
                .queryParam("dryRun", "true").body(Map.of("name", "first", "accountId", account))
                .post("/api/v1/widgets").then().statusCode(422);
        assertThat(Sql.count("select count(*) from widget where account_id = ?1", account)).isEqualTo(1);
        assertThat(Sql.count("select count(*) from widget where name = 'second' and account_id = ?1", account))
                .isZero();
        // the first request's retry is still answered from the record
        post(token, key, Map.of("name", "first", "accountId", account)).then().statusCode(201)
                .header("Idempotent-Replayed", "true").body("name", equalTo("first"));
    }

    @Test
    void aLargeBodyReadForItsDigestReachesTheMethodWhole() {
        // larger than the input buffer: read past the event loop, then handed to the method
        UUID account = UUID.randomUUID();
        String token = Tokens.withRoles("admin");
        String name = "w".repeat(100);
        String padding = "x".repeat(200_000);
        String body = "{\"name\":\"" + name + "\",\"accountId\":\"" + account + "\",\"padding\":\"" + padding + "\"}";
        String key = UUID.randomUUID().toString();
        given().auth().oauth2(token).header("Idempotency-Key", key).contentType("application/json").body(body)
                .post("/api/v1/widgets").then().statusCode(201).body("name", equalTo(name));
        given().auth().oauth2(token).header("Idempotency-Key", key).contentType("application/json").body(body)
                .post("/api/v1/widgets").then().statusCode(201).header("Idempotent-Replayed", "true");
        // its digest covers the whole body, the part read past the event loop too
        given().auth().oauth2(token).header("Idempotency-Key", key).contentType("application/json")
                .body(body.replace(padding, padding.substring(1) + "y"))
                .post("/api/v1/widgets").then().statusCode(422);
        assertThat(Sql.count("select count(*) from widget where account_id = ?1", account)).isEqualTo(1);
    }

    @Test
    void aBlockingMethodGetsItsBodyAndItsKeyNamesThatBody() {
        String token = Tokens.withRoles("admin");
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("name", "echoed", "accountId", UUID.randomUUID());
        given().auth().oauth2(token).header("Idempotency-Key", key).contentType("application/json").body(body)
                .post("/api/v1/widgets/echo").then().statusCode(200).body("name", equalTo("echoed"))
                .header("Idempotent-Replayed", (String) null);
        given().auth().oauth2(token).header("Idempotency-Key", key).contentType("application/json").body(body)
                .post("/api/v1/widgets/echo").then().statusCode(200).body("name", equalTo("echoed"))
                .header("Idempotent-Replayed", "true");
        given().auth().oauth2(token).header("Idempotency-Key", key).contentType("application/json")
                .body(Map.of("name", "other", "accountId", UUID.randomUUID()))
                .post("/api/v1/widgets/echo").then().statusCode(422)
                .body("type", equalTo("https://supportdesk.org/problems/idempotency-key-reused"));
    }

    @Test
    void aServerErrorIsNotKeptSoTheRetryRunsAgain() {
        UUID account = UUID.randomUUID();
        String token = Tokens.withRoles("admin");
        String key = UUID.randomUUID().toString();
        post(token, key, Map.of("name", "explode-after-outbox", "accountId", account)).then().statusCode(500);
        post(token, key, Map.of("name", "explode-after-outbox", "accountId", account)).then().statusCode(500)
                .header("Idempotent-Replayed", (String) null);
        post(token, key, Map.of("name", "fine-now", "accountId", account)).then().statusCode(201);
    }

    @Test
    void aBlankOrOverlongKeyAnswers400() {
        String token = Tokens.withRoles("admin");
        post(token, " ", Map.of("name", "x", "accountId", UUID.randomUUID())).then().statusCode(400)
                .body("type", equalTo("https://supportdesk.org/problems/invalid-idempotency-key"));
        post(token, "k".repeat(201), Map.of("name", "x", "accountId", UUID.randomUUID())).then().statusCode(400);
    }

    private static Response post(String token, String key, Object body) {
        return given().auth().oauth2(token).header("Idempotency-Key", key).contentType("application/json")
                .body(body).post("/api/v1/widgets");
    }
}
