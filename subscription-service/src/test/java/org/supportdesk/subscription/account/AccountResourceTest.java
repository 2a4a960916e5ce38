package org.supportdesk.subscription.account;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.testing.Sql;
import org.supportdesk.platform.testing.Tokens;
import org.supportdesk.platform.testing.TopicReader;
import org.supportdesk.subscription.partner.PartnerResourceTest;

@QuarkusTest
public class AccountResourceTest {

    @Inject
    ObjectMapper json;

    public static Map<String, Object> newAccount(String name) {
        Map<String, Object> body = new HashMap<>();
        body.put("displayName", name);
        body.put("contactName", "Dana Levi");
        body.put("email", "Dana." + UUID.randomUUID() + "@Example.com");
        body.put("phone", "+972 50-1234567");
        return body;
    }

    @Test
    void adminRegistersAnAccountAndItsEventIsPublishedKeyedByTheAccount() throws Exception {
        try (TopicReader events = TopicReader.fromStart("subscription-events")) {
            String id = given().auth().oauth2(Tokens.withRoles("admin")).contentType("application/json")
                    .body(newAccount("Levi Consulting"))
                    .post("/api/v1/accounts")
                    .then().statusCode(201)
                    .header("Location", org.hamcrest.Matchers.containsString("/api/v1/accounts/"))
                    .body("timeZone", equalTo("Asia/Jerusalem"))
                    .body("language", equalTo("he"))
                    .body("status", equalTo("ACTIVE"))
                    .extract().path("id");

            ConsumerRecord<String, String> record = events.awaitSubject(id);
            assertThat(record.key()).isEqualTo(id);
            assertThat(TopicReader.header(record, "ce_type"))
                    .isEqualTo("org.supportdesk.subscription.account-registered.v1");
            JsonNode data = json.readTree(record.value());
            assertThat(data.get("accountId").asText()).isEqualTo(id);
            assertThat(data.get("email").asText()).startsWith("dana.");
            assertThat(data.get("status").asText()).isEqualTo("ACTIVE");
        }
    }

    @Test
    void theEventMatchesTheCataloguedSampleConsumersAreTestedWith() throws Exception {
        JsonNode sample = json.readTree(Files.readString(
                Path.of("../docs/events/samples/org.supportdesk.subscription.account-registered.v1.json")));
        Account account = new Account();
        account.id = UUID.fromString(sample.get("accountId").asText());
        account.displayName = sample.get("displayName").asText();
        account.email = sample.get("email").asText();
        account.timeZone = sample.get("timeZone").asText();
        account.language = sample.get("language").asText();
        account.partnerId = UUID.fromString(sample.get("partnerId").asText());
        account.status = Account.Status.valueOf(sample.get("status").asText());
        account.registeredAt = java.time.Instant.parse(sample.get("registeredAt").asText());

        // compared as the outbox writes it: the serialized text, read back
        JsonNode produced = json.readTree(json.writeValueAsString(AccountEvents.AccountRegistered.of(account)));
        assertThat(produced).isEqualTo(sample);
    }

    @Test
    void aPartnerRegistersItsOwnCustomerAndSeesOnlyItsOwnCustomers() {
        UUID partner = PartnerResourceTest.registeredPartner();
        Map<String, Object> body = newAccount("Partner customer");
        body.put("partnerId", UUID.randomUUID()); // ignored: the token decides
        String id = given().auth().oauth2(Tokens.partner(partner)).contentType("application/json").body(body)
                .post("/api/v1/accounts").then().statusCode(201)
                .body("partnerId", equalTo(partner.toString()))
                .extract().path("id");

        given().auth().oauth2(Tokens.partner(partner)).get("/api/v1/accounts/" + id)
                .then().statusCode(200).body("id", equalTo(id));
        given().auth().oauth2(Tokens.partner(UUID.randomUUID())).get("/api/v1/accounts/" + id)
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aCustomerSeesItsOwnAccountAndAnotherAccountIsNotFound() {
        String id = given().auth().oauth2(Tokens.withRoles("admin")).contentType("application/json")
                .body(newAccount("Own")).post("/api/v1/accounts").then().statusCode(201).extract().path("id");
        given().auth().oauth2(Tokens.customer(UUID.fromString(id))).get("/api/v1/accounts/" + id)
                .then().statusCode(200).body("displayName", equalTo("Own"));
        given().auth().oauth2(Tokens.customer(UUID.randomUUID())).get("/api/v1/accounts/" + id)
                .then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://supportdesk.org/problems/not-found"));
        given().auth().oauth2(Tokens.agent("T1")).get("/api/v1/accounts/" + id).then().statusCode(200);
    }

    @Test
    void customersAndAgentsCannotRegisterAccounts() {
        given().auth().oauth2(Tokens.customer(UUID.randomUUID())).contentType("application/json")
                .body(newAccount("x")).post("/api/v1/accounts")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(Tokens.agent("T2")).contentType("application/json")
                .body(newAccount("x")).post("/api/v1/accounts").then().statusCode(403);
        given().contentType("application/json").body(newAccount("x")).post("/api/v1/accounts")
                .then().statusCode(401);
    }

    @Test
    void invalidInputAnswers400AndStoresNothing() {
        String email = "broken-" + UUID.randomUUID() + "@example.com";
        Map<String, Object> body = newAccount("");
        body.put("email", "not-an-email");
        body.put("timeZone", "Mars/Olympus");
        body.put("language", "fr");
        given().auth().oauth2(Tokens.withRoles("admin")).contentType("application/json").body(body)
                .post("/api/v1/accounts")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem("displayName"))
                .body("violations.field", hasItem("email"))
                .body("violations.field", hasItem("timeZone"))
                .body("violations.field", hasItem("language"))
                .body("stackTrace", nullValue());
        assertThat(Sql.count("select count(*) from account where email = ?1", email)).isZero();
        assertThat(Sql.count("select count(*) from account where display_name = ''")).isZero();
    }

    @Test
    void aPaymentMethodIsTheProvidersReferenceNeverACardNumberR_S3() {
        Map<String, Object> body = newAccount("Payer");
        body.put("paymentMethodRef", "4111-1111-1111-1111");
        given().auth().oauth2(Tokens.withRoles("admin")).contentType("application/json").body(body)
                .post("/api/v1/accounts").then().statusCode(400)
                .body("violations.field", hasItem("paymentMethodRef"));
        body.put("paymentMethodRef", "tok_4111111111111111");
        given().auth().oauth2(Tokens.withRoles("admin")).contentType("application/json").body(body)
                .post("/api/v1/accounts").then().statusCode(400);
        body.put("paymentMethodRef", "pm_1PqR2sT3uV4wX5yZ");
        given().auth().oauth2(Tokens.withRoles("admin")).contentType("application/json").body(body)
                .post("/api/v1/accounts").then().statusCode(201)
                .body("hasPaymentMethod", equalTo(true))
                .body("paymentMethodRef", nullValue());
    }

    @Test
    void anUnknownOrMalformedIdIsNotFound() {
        given().auth().oauth2(Tokens.withRoles("admin")).get("/api/v1/accounts/" + UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(Tokens.withRoles("admin")).get("/api/v1/accounts/42")
                .then().statusCode(404).contentType("application/problem+json");
    }
}
