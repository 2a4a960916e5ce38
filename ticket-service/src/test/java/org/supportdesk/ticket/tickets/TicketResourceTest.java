package org.supportdesk.ticket.tickets;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.testing.CataloguedEvents;
import org.supportdesk.platform.testing.Sql;
import org.supportdesk.platform.testing.Tokens;
import org.supportdesk.platform.testing.TopicReader;
import org.supportdesk.ticket.Accounts;

@QuarkusTest
class TicketResourceTest {

    @Inject
    ObjectMapper json;

    static Map<String, Object> incident(String severity) {
        Map<String, Object> body = new HashMap<>();
        body.put("kind", "INCIDENT");
        body.put("severity", severity);
        body.put("title", "Mail server down");
        body.put("description", "No mail since 08:00");
        return body;
    }

    @Test
    void aTicketSaysWhenItsFaultAroseNeverInTheFutureR_L4() {
        UUID account = Accounts.registered(null);
        java.util.Map<String, Object> body = new java.util.HashMap<>(incident("URGENT"));
        String arisen = java.time.Instant.now().minusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        body.put("arisenAt", arisen);
        given().auth().oauth2(Tokens.customer(account)).contentType("application/json").body(body)
                .post("/api/v1/tickets").then().statusCode(201).body("arisenAt", equalTo(arisen));
        body.put("arisenAt", java.time.Instant.now().plusSeconds(3600).toString());
        given().auth().oauth2(Tokens.customer(account)).contentType("application/json").body(body)
                .post("/api/v1/tickets").then().statusCode(422)
                .body("type", equalTo("https://supportdesk.org/problems/fault-in-the-future"));
        body.put("arisenAt", "yesterday");
        given().auth().oauth2(Tokens.customer(account)).contentType("application/json").body(body)
                .post("/api/v1/tickets").then().statusCode(400);
    }

    @Test
    void theOpeningsAnswerIsTheTicketAsReadBackWithItsTrailAndTargetsR_T2_R_L2() throws Exception {
        UUID account = Accounts.registered(null);
        for (String severity : new String[] { "URGENT", "NORMAL" }) {
            JsonNode answered = json.readTree(given().auth().oauth2(Tokens.customer(account)).contentType("application/json")
                    .body(incident(severity)).post("/api/v1/tickets").then().statusCode(201).extract().asString());
            JsonNode read = json.readTree(given().auth().oauth2(Tokens.customer(account))
                    .get("/api/v1/tickets/" + answered.get("id").asText()).then().statusCode(200).extract().asString());
            assertThat(answered.get("transitions")).hasSize(1);
            assertThat(answered.get("sla").get("targets")).isNotEmpty();
            assertThat(answered).isEqualTo(read);
        }
    }

    @Test
    void aReadShowsTheTrailAndTheClocksAsEachChangeAnsweredThemR_T2_R_L5() throws Exception {
        UUID account = Accounts.registered(null);
        String customer = Tokens.customer(account);
        String agent = Tokens.agent("T1");
        String id = given().auth().oauth2(customer).contentType("application/json").body(incident("HIGH"))
                .post("/api/v1/tickets").then().statusCode(201).extract().path("id");
        // taken up (first response met), waiting on the customer (clocks paused, with a reason), answered
        String[][] changes = { { agent, "IN_PROGRESS", null }, { agent, "PENDING_CUSTOMER", "send a screenshot" },
                { customer, "IN_PROGRESS", "here it is" } };
        for (String[] change : changes) {
            Map<String, Object> body = new HashMap<>();
            body.put("to", change[1]);
            body.put("reason", change[2]);
            JsonNode answered = json.readTree(given().auth().oauth2(change[0]).contentType("application/json").body(body)
                    .post("/api/v1/tickets/" + id + "/transitions").then().statusCode(200).extract().asString());
            for (String reader : new String[] { customer, agent }) {
                JsonNode read = json.readTree(given().auth().oauth2(reader).get("/api/v1/tickets/" + id)
                        .then().statusCode(200).extract().asString());
                assertThat(read).isEqualTo(answered);
            }
            if (change[1].equals("PENDING_CUSTOMER")) {
                assertThat(answered.at("/sla/pausedForCustomer").asBoolean()).isTrue();
                assertThat(answered.at("/transitions/2/reason").asText()).isEqualTo("send a screenshot");
            }
        }
        JsonNode last = json.readTree(given().auth().oauth2(agent).get("/api/v1/tickets/" + id).then().statusCode(200)
                .extract().asString());
        assertThat(last.get("transitions")).hasSize(4);
        assertThat(last.at("/transitions/3/from").asText()).isEqualTo("PENDING_CUSTOMER");
        assertThat(last.at("/sla/targets").findValues("metAt")).anyMatch(at -> !at.isNull());
        given().auth().oauth2(Tokens.customer(UUID.randomUUID())).get("/api/v1/tickets/" + id)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(agent).get("/api/v1/tickets/" + UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void customerOpensATicketOnItsOwnAccountWithItsAuditTrailAndEvent() {
        UUID account = Accounts.registered(null);
        try (TopicReader events = TopicReader.fromStart("ticket-events")) {
            String id = given().auth().oauth2(Tokens.customer(account)).contentType("application/json")
                    .body(incident("URGENT"))
                    .post("/api/v1/tickets")
                    .then().statusCode(201)
                    .body("accountId", equalTo(account.toString()))
                    .body("status", equalTo("NEW"))
                    .body("number", greaterThanOrEqualTo(1000))
                    .body("partnerId", nullValue())
                    .extract().path("id");

            // R-T2: the trail records the opening with actor and time, readable by the customer
            given().auth().oauth2(Tokens.customer(account)).get("/api/v1/tickets/" + id)
                    .then().statusCode(200)
                    .body("transitions", hasSize(1))
                    .body("transitions[0].to", equalTo("NEW"))
                    .body("transitions[0].actorRole", equalTo("customer"))
                    .body("transitions[0].at", org.hamcrest.Matchers.notNullValue());

            ConsumerRecord<String, String> opened = events.awaitSubject(id);
            assertThat(opened.key()).isEqualTo(account.toString());
            assertThat(TopicReader.header(opened, "ce_type")).isEqualTo("org.supportdesk.ticket.ticket-opened.v1");
            assertThat(opened.value()).contains("\"severity\":\"URGENT\"");
        }
    }

    @Test
    void aCallerWithANameLongerThanTheTrailKeepsIsRecordedCutNeverRefusedR_T2() {
        UUID account = Accounts.registered(null);
        // a directory may hand out user names of 255 characters and more (here 150 two-unit code points, then 150 letters)
        String name = "\uD83D\uDE00".repeat(150) + "x".repeat(150);
        String token = Tokens.token(name, java.util.Set.of("customer"), Map.of("account_id", account.toString()));
        String key = UUID.randomUUID().toString();
        String id = given().auth().oauth2(token).header("Idempotency-Key", key).contentType("application/json")
                .body(incident("NORMAL")).post("/api/v1/tickets").then().statusCode(201).extract().path("id");
        given().auth().oauth2(token).header("Idempotency-Key", key).contentType("application/json")
                .body(incident("NORMAL")).post("/api/v1/tickets").then().statusCode(201)
                .header("Idempotent-Replayed", "true").body("id", equalTo(id));
        // another caller whose name begins alike does not get the first one's answer, nor its name
        String alike = Tokens.token(name + "y", java.util.Set.of("customer"), Map.of("account_id", account.toString()));
        String other = given().auth().oauth2(alike).header("Idempotency-Key", key).contentType("application/json")
                .body(incident("NORMAL")).post("/api/v1/tickets").then().statusCode(201)
                .header("Idempotent-Replayed", (String) null).extract().path("id");
        String actor = given().auth().oauth2(token).get("/api/v1/tickets/" + id).then().statusCode(200)
                .extract().path("transitions[0].actor");
        assertThat(actor.codePointCount(0, actor.length())).isEqualTo(200);
        assertThat(actor).startsWith("\uD83D\uDE00".repeat(150) + "x".repeat(36) + "\u2026#").matches("(?s).*#[0-9a-f]{12}");
        assertThat(given().auth().oauth2(alike).get("/api/v1/tickets/" + other).then().statusCode(200)
                .extract().<String>path("transitions[0].actor")).hasSize(actor.length()).isNotEqualTo(actor);
    }

    @Test
    void partnerOpensForItsOwnCustomerOnlyR_P2() {
        UUID partner = UUID.randomUUID();
        UUID account = Accounts.registered(partner);
        Map<String, Object> body = incident("HIGH");
        body.put("accountId", account);
        String id = given().auth().oauth2(Tokens.partner(partner)).contentType("application/json").body(body)
                .post("/api/v1/tickets").then().statusCode(201)
                .body("partnerId", equalTo(partner.toString()))
                .extract().path("id");
        given().auth().oauth2(Tokens.partner(UUID.randomUUID())).contentType("application/json").body(body)
                .post("/api/v1/tickets").then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(Tokens.partner(UUID.randomUUID())).get("/api/v1/tickets/" + id)
                .then().statusCode(404);
        given().auth().oauth2(Tokens.customer(account)).get("/api/v1/tickets/" + id)
                .then().statusCode(200);
    }

    @Test
    void anotherTenantsAccountOrTicketIsNotFound() {
        UUID mine = Accounts.registered(null);
        UUID theirs = Accounts.registered(null);
        Map<String, Object> body = incident("NORMAL");
        body.put("accountId", theirs);
        given().auth().oauth2(Tokens.customer(mine)).contentType("application/json").body(body)
                .post("/api/v1/tickets").then().statusCode(404).contentType("application/problem+json");
        assertThat(Sql.count("select count(*) from ticket where account_id = ?1", theirs)).isZero();

        String id = given().auth().oauth2(Tokens.customer(theirs)).contentType("application/json")
                .body(incident("NORMAL")).post("/api/v1/tickets").then().statusCode(201).extract().path("id");
        given().auth().oauth2(Tokens.customer(mine)).get("/api/v1/tickets/" + id)
                .then().statusCode(404).body("type", equalTo("https://supportdesk.org/problems/not-found"));
    }

    @Test
    void anAgentOpensForAnyKnownAccountButMustNameIt() {
        UUID account = Accounts.registered(null);
        Map<String, Object> body = new HashMap<>(Map.of("kind", "SERVICE_REQUEST", "title", "Install Office",
                "description", "On the new laptop"));
        given().auth().oauth2(Tokens.agent("T1")).contentType("application/json").body(body)
                .post("/api/v1/tickets").then().statusCode(400).contentType("application/problem+json");
        body.put("accountId", account);
        given().auth().oauth2(Tokens.agent("T1")).contentType("application/json").body(body)
                .post("/api/v1/tickets").then().statusCode(201).body("kind", equalTo("SERVICE_REQUEST"))
                .body("severity", nullValue());
        body.put("accountId", UUID.randomUUID());
        given().auth().oauth2(Tokens.agent("T1")).contentType("application/json").body(body)
                .post("/api/v1/tickets").then().statusCode(404);
    }

    @Test
    void severityIsRequiredForIncidentsAndRefusedForServiceRequestsR_T1() {
        UUID account = Accounts.registered(null);
        Map<String, Object> noSeverity = incident(null);
        given().auth().oauth2(Tokens.customer(account)).contentType("application/json").body(noSeverity)
                .post("/api/v1/tickets").then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem("severity"));
        Map<String, Object> request = incident("HIGH");
        request.put("kind", "SERVICE_REQUEST");
        given().auth().oauth2(Tokens.customer(account)).contentType("application/json").body(request)
                .post("/api/v1/tickets").then().statusCode(400).body("violations.field", hasItem("severity"));
        assertThat(Sql.count("select count(*) from ticket where account_id = ?1", account)).isZero();
    }

    @Test
    void badInputAnswers400WithTheFields() {
        UUID account = Accounts.registered(null);
        Map<String, Object> body = incident("CATASTROPHIC");
        given().auth().oauth2(Tokens.customer(account)).contentType("application/json").body(body)
                .post("/api/v1/tickets").then().statusCode(400).contentType("application/problem+json");
        Map<String, Object> blank = incident("HIGH");
        blank.put("title", " ");
        blank.put("description", "x".repeat(10_001));
        given().auth().oauth2(Tokens.customer(account)).contentType("application/json").body(blank)
                .post("/api/v1/tickets").then().statusCode(400)
                .body("violations.field", hasItem("title"))
                .body("violations.field", hasItem("description"));
        assertThat(Sql.count("select count(*) from ticket where account_id = ?1", account)).isZero();
    }

    @Test
    void wrongRolesAndMissingTokensAreRefused() {
        UUID account = Accounts.registered(null);
        Map<String, Object> body = incident("HIGH");
        body.put("accountId", account);
        given().auth().oauth2(Tokens.withRoles("ops")).contentType("application/json").body(body)
                .post("/api/v1/tickets").then().statusCode(403).contentType("application/problem+json");
        given().contentType("application/json").body(body).post("/api/v1/tickets").then().statusCode(401);
        given().get("/api/v1/tickets/" + UUID.randomUUID()).then().statusCode(401);
    }

    @Test
    void theTicketOpenedEventMatchesTheCataloguedSample() throws Exception {
        JsonNode sample = CataloguedEvents.sample(TicketEvents.OPENED);
        Ticket ticket = new Ticket();
        ticket.id = UUID.fromString(sample.get("ticketId").asText());
        ticket.number = sample.get("number").asLong();
        ticket.accountId = UUID.fromString(sample.get("accountId").asText());
        ticket.kind = Ticket.Kind.valueOf(sample.get("kind").asText());
        ticket.severity = Ticket.Severity.valueOf(sample.get("severity").asText());
        ticket.title = sample.get("title").asText();
        ticket.status = Ticket.Status.valueOf(sample.get("status").asText());
        ticket.openedBy = sample.get("openedBy").asText();
        ticket.openedAt = java.time.Instant.parse(sample.get("openedAt").asText());
        // compared as the outbox writes it: the serialized text, read back
        assertThat(json.readTree(json.writeValueAsString(TicketEvents.TicketOpened.of(ticket)))).isEqualTo(sample);
    }
}
