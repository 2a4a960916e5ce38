package org.supportdesk.notification.webhook;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.testing.AccountRegistrations;
import org.supportdesk.platform.testing.CataloguedEvents;
import org.supportdesk.platform.testing.HeldLocks;
import org.supportdesk.platform.testing.Sql;
import org.supportdesk.platform.testing.Tokens;

@QuarkusTest
class WebhookDeliveryTest {

    static final String TICKET_OPENED = "org.supportdesk.ticket.ticket-opened.v1";

    static UUID customerOf(UUID partner) {
        UUID account = AccountRegistrations.publishNew(partner);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Sql.count("select count(*) from recipient where account_id = ?1", account) == 1);
        return account;
    }

    static String webhook(UUID partner, PartnerEndpoint endpoint) {
        String secret = given().auth().oauth2(Tokens.partner(partner)).contentType("application/json")
                .body(Map.of("url", endpoint.url())).post("/api/v1/partners/" + partner + "/webhooks").then()
                .statusCode(201).body("secret", startsWith("whsec_")).extract().path("secret");
        endpoint.secret = secret;
        return secret;
    }

    static UUID ticketOpened(UUID account) {
        UUID event = UUID.randomUUID();
        ObjectNode data = CataloguedEvents.sample(TICKET_OPENED);
        data.put("ticketId", UUID.randomUUID().toString());
        data.put("accountId", account.toString());
        CataloguedEvents.publish("ticket-events", event, TICKET_OPENED, account.toString(), account.toString(),
                data.toString());
        return event;
    }

    static long deliveries(UUID partner, String status) {
        return Sql.count("select count(*) from webhook_delivery where partner_id = ?1 and status = ?2", partner, status);
    }

    /**
     * R-N1, R-N2: an event about an account whose registration arrives after it (the two topics are
     * consumed apart; a restart can apply them in either order) is in the feed at once, and mailed and
     * delivered to the partner when the registration says where: nothing is lost.
     */
    @Test
    void anEventBeforeItsAccountsRegistrationIsToldWhenItArrivesR_N1_R_N2() {
        try (PartnerEndpoint endpoint = new PartnerEndpoint()) {
            UUID partner = UUID.randomUUID();
            webhook(partner, endpoint);
            UUID account = UUID.randomUUID();
            UUID event = ticketOpened(account);
            await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count("select count(*) from notification "
                    + "where account_id = ?1 and event_id = ?2", account, event) == 1);
            assertThat(deliveries(partner, "DELIVERED") + deliveries(partner, "PENDING")).isZero();
            assertThat(Sql.count("select count(*) from email_message where account_id = ?1", account)).isZero();

            ObjectNode registered = AccountRegistrations.data(account, partner);
            registered.put("email", "late." + account + "@example.com");
            AccountRegistrations.publish(UUID.randomUUID(), registered);
            await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(partner, "DELIVERED") == 1);
            assertThat(endpoint.received.getFirst().body()).contains("\"id\":\"" + event + "\"");
            assertThat(Sql.count("select count(*) from email_message where account_id = ?1 and event_id = ?2",
                    account, event)).isEqualTo(1);
            assertThat(Sql.count("select count(*) from notification where account_id = ?1", account)).isEqualTo(1);
            assertThat(Sql.count("select count(*) from untold_event where account_id = ?1", account)).isZero();
        }
    }

    /**
     * R-N1, R-N2: an event consumed while its account's registration is being written (the two topics'
     * consumers in transactions that overlap) waits for the registration and is told with it, never
     * kept untold after the registration looked for what was untold. The test's own transaction plays
     * the registration: the recipient written and the account's lock taken, not yet committed.
     */
    @Test
    void anEventArrivingAsItsAccountRegistersIsToldNotLeftUntoldR_N1_R_N2() throws Exception {
        UUID account = UUID.randomUUID();
        UUID event;
        try (HeldLocks registering = HeldLocks.hold(Sql::connect,
                "select pg_advisory_xact_lock(hashtextextended('" + account + "', 0))")) {
            registering.update("insert into recipient (account_id, display_name, email, language, time_zone, updated_at) "
                    + "values ('" + account + "', 'Overlap Ltd', 'overlap." + account + "@example.com', 'en', "
                    + "'Asia/Jerusalem', now())");
            event = ticketOpened(account);
            registering.awaitWaiting(1, Duration.ofSeconds(30));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count(
                "select count(*) from email_message where account_id = ?1 and event_id = ?2", account, event) == 1);
        assertThat(Sql.count("select count(*) from notification where account_id = ?1", account)).isEqualTo(1);
        assertThat(Sql.count("select count(*) from untold_event where account_id = ?1", account)).isZero();
    }

    @Test
    void aPartnerReceivesItsCustomersEventsSignedR_N2() {
        try (PartnerEndpoint endpoint = new PartnerEndpoint()) {
            UUID partner = UUID.randomUUID();
            webhook(partner, endpoint);
            UUID account = customerOf(partner);
            UUID event = ticketOpened(account);
            await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(partner, "DELIVERED") == 1);
            assertThat(endpoint.received).hasSize(1);
            assertThat(endpoint.received.getFirst().signatureValid()).isTrue();
            assertThat(endpoint.received.getFirst().body()).contains("\"id\":\"" + event + "\"")
                    .contains("\"type\":\"" + TICKET_OPENED + "\"").contains(account.toString());
            given().auth().oauth2(Tokens.partner(partner)).get("/api/v1/partners/" + partner + "/webhooks/deliveries")
                    .then().statusCode(200).body("total", equalTo(1)).body("items[0].status", equalTo("DELIVERED"))
                    .body("items[0].attempts", equalTo(1));
            given().auth().oauth2(Tokens.partner(partner)).get("/api/v1/partners/" + partner + "/webhooks").then()
                    .statusCode(200).body("[0].secret", startsWith("…"));
            // another partner's customers are not this partner's business
            UUID stranger = customerOf(UUID.randomUUID());
            ticketOpened(stranger);
            await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count(
                    "select count(*) from notification where account_id = ?1", stranger) == 1);
            assertThat(endpoint.received).hasSize(1);
        }
    }

    @Test
    void anEmergencyReachesEachPartnerOnceNamingItsCoveredCustomersEmailedTooR_E1_R_N2_R_S8() throws Exception {
        try (PartnerEndpoint endpoint = new PartnerEndpoint(); PartnerEndpoint bystander = new PartnerEndpoint()) {
            UUID partner = UUID.randomUUID();
            UUID otherPartner = UUID.randomUUID();
            webhook(partner, endpoint);
            webhook(otherPartner, bystander);
            UUID covered = customerOf(partner);
            UUID alsoCovered = customerOf(partner);
            UUID notCovered = customerOf(otherPartner);
            // R-S8: a closed account is a customer no more: named in the scope, it is told nothing
            UUID closed = customerOf(partner);
            var closing = CataloguedEvents.sample("org.supportdesk.subscription.account-closed.v1");
            closing.put("accountId", closed.toString());
            CataloguedEvents.publish("subscription-events", UUID.randomUUID(), "org.supportdesk.subscription.account-closed.v1",
                    closed.toString(), closed.toString(), closing.toString());
            await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count(
                    "select count(*) from recipient where account_id = ?1 and closed_at is not null", closed) == 1);
            String id = given().auth().oauth2(Tokens.withRoles("ops")).contentType("application/json")
                    .body(Map.of("title", "Regional power outage", "message", "Our data center runs on generators.",
                            "scope", Map.of("allAccounts", false, "accountIds",
                                    java.util.List.of(covered.toString(), alsoCovered.toString(), closed.toString()))))
                    .post("/api/v1/emergencies").then().statusCode(201).extract().path("id");
            await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count("select count(*) from webhook_delivery where "
                    + "partner_id = ?1 and event_type like '%emergency-declared%' and status = 'DELIVERED'", partner) == 1);
            var received = endpoint.received.stream().filter(r -> r.body().contains("emergency-declared")).toList();
            assertThat(received).hasSize(1);
            assertThat(received.getFirst().signatureValid()).isTrue();
            var data = new com.fasterxml.jackson.databind.ObjectMapper().readTree(received.getFirst().body()).get("data");
            assertThat(data.get("emergencyId").asText()).isEqualTo(id);
            assertThat(data.get("accountIds").toString()).contains(covered.toString()).contains(alsoCovered.toString())
                    .doesNotContain(closed.toString());
            assertThat(Sql.count("select count(*) from email_message where account_id = ?1 and kind like 'emergency%'",
                    closed)).isZero();
            assertThat(Sql.count("select count(*) from notification where account_id = ?1 and kind like 'emergency%'",
                    closed)).isZero();
            // a partner none of whose customers is covered hears nothing; every covered customer is mailed too
            assertThat(Sql.count("select count(*) from webhook_delivery where partner_id = ?1 and event_type like "
                    + "'%emergency%'", otherPartner)).isZero();
            assertThat(Sql.count("select count(*) from email_message where account_id in (?1, ?2) and kind = "
                    + "'emergency-declared'", covered, alsoCovered)).isEqualTo(2);
            assertThat(Sql.count("select count(*) from email_message where account_id = ?1 and kind = "
                    + "'emergency-declared'", notCovered)).isZero();
            given().auth().oauth2(Tokens.withRoles("ops")).post("/api/v1/emergencies/" + id + "/end").then().statusCode(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count("select count(*) from webhook_delivery where "
                    + "partner_id = ?1 and event_type like '%emergency-ended%' and status = 'DELIVERED'", partner) == 1);
        }
    }

    @jakarta.inject.Inject
    org.supportdesk.platform.testing.TestClock clock;

    /**
     * R-N2: the signature's timestamp is the time on the wire, not the business clock (which the local
     * stack's demo moves weeks ahead): a partner's library, allowing five minutes, accepts it.
     */
    @Test
    void theSignatureCarriesTheRealTimeWhateverTheBusinessClockSaysR_N2() {
        try (PartnerEndpoint endpoint = new PartnerEndpoint()) {
            UUID partner = UUID.randomUUID();
            webhook(partner, endpoint);
            UUID account = customerOf(partner);
            clock.advance(Duration.ofDays(30));
            try {
                ticketOpened(account);
                await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(partner, "DELIVERED") == 1);
            } finally {
                clock.reset();
            }
            assertThat(endpoint.received.getFirst().signatureValid()).isTrue();
        }
    }

    @Test
    void aFailingEndpointIsRetriedWithBackOffThenDeadLetteredAndReplayedR_N2() {
        try (PartnerEndpoint down = new PartnerEndpoint(); PartnerEndpoint healthy = new PartnerEndpoint()) {
            down.failFirst.set(1000);
            UUID downPartner = UUID.randomUUID();
            UUID healthyPartner = UUID.randomUUID();
            webhook(downPartner, down);
            webhook(healthyPartner, healthy);
            ticketOpened(customerOf(downPartner));
            ticketOpened(customerOf(healthyPartner));
            // the healthy partner is served while the other one keeps failing
            await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(healthyPartner, "DELIVERED") == 1);
            await().atMost(Duration.ofSeconds(60)).until(() -> deliveries(downPartner, "DEAD") == 1);
            assertThat(down.received).hasSize(3); // max-attempts in the test configuration
            assertThat(Sql.count("select count(*) from webhook_delivery where partner_id = ?1 and last_status = 500",
                    downPartner)).isEqualTo(1);

            String id = given().auth().oauth2(Tokens.partner(downPartner))
                    .get("/api/v1/partners/" + downPartner + "/webhooks/deliveries?status=DEAD").then().statusCode(200)
                    .extract().path("items[0].id");
            down.failFirst.set(0);
            given().auth().oauth2(Tokens.partner(healthyPartner)).post("/api/v1/webhook-deliveries/" + id + "/replay")
                    .then().statusCode(404);
            given().auth().oauth2(Tokens.partner(downPartner)).post("/api/v1/webhook-deliveries/" + id + "/replay")
                    .then().statusCode(200).body("status", equalTo("PENDING"));
            await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(downPartner, "DELIVERED") == 1);
        }
    }

    @Test
    void aSlowPartnerNeverHoldsUpAnotherAndAnUncallableEndpointFailsOnlyItselfR_N2() {
        try (PartnerEndpoint slow = new PartnerEndpoint(); PartnerEndpoint healthy = new PartnerEndpoint()) {
            slow.delayMillis = 3000; // beyond the 1 s timeout of the test configuration
            UUID slowPartner = UUID.randomUUID();
            UUID healthyPartner = UUID.randomUUID();
            webhook(slowPartner, slow);
            webhook(healthyPartner, healthy);
            UUID slowCustomer = customerOf(slowPartner);
            UUID healthyCustomer = customerOf(healthyPartner);
            // an endpoint whose URL the HTTP client refuses, as if stored before URLs were checked
            UUID brokenPartner = UUID.randomUUID();
            PartnerEndpoint brokenStandIn = new PartnerEndpoint();
            webhook(brokenPartner, brokenStandIn);
            brokenStandIn.close();
            org.supportdesk.platform.testing.Sql.update("update webhook set url = 'http://[bad/hooks' where partner_id = ?1",
                    brokenPartner);
            UUID brokenCustomer = customerOf(brokenPartner);
            for (int i = 0; i < 5; i++) {
                ticketOpened(slowCustomer);
                ticketOpened(brokenCustomer);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(slowPartner, "SENDING") > 0
                    || slow.received.size() > 0);
            long sent = System.nanoTime();
            ticketOpened(healthyCustomer);
            await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(healthyPartner, "DELIVERED") == 1);
            // rounds overlap: the healthy partner waits for no slow round (not asserted as a speed: logged)
            System.out.printf("healthy delivery %d ms after its event, a slow partner timing out meanwhile%n",
                    (System.nanoTime() - sent) / 1_000_000);
            await().atMost(Duration.ofSeconds(60)).until(() -> Sql.count("select count(*) from webhook_delivery where "
                    + "partner_id = ?1 and attempts >= 1 and last_error is not null", brokenPartner) == 5);
            assertThat(healthy.received).hasSize(1);
            given().auth().oauth2(Tokens.partner(healthyPartner)).contentType("application/json")
                    .body(Map.of("url", "http://[bad/hooks")).post("/api/v1/partners/" + healthyPartner + "/webhooks")
                    .then().statusCode(anyOf(equalTo(400), equalTo(422)));
        }
    }

    @Test
    void aSlowEndpointTimesOutAndOnlyPartnersManageTheirWebhooks() {
        try (PartnerEndpoint slow = new PartnerEndpoint()) {
            slow.delayMillis = 3000; // beyond the 1 s timeout of the test configuration
            UUID partner = UUID.randomUUID();
            webhook(partner, slow);
            ticketOpened(customerOf(partner));
            await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count("select count(*) from webhook_delivery "
                    + "where partner_id = ?1 and last_error like '%imeout%'", partner) == 1);
            given().auth().oauth2(Tokens.partner(UUID.randomUUID())).get("/api/v1/partners/" + partner + "/webhooks")
                    .then().statusCode(404);
            given().auth().oauth2(Tokens.customer(UUID.randomUUID())).get("/api/v1/partners/" + partner + "/webhooks")
                    .then().statusCode(403);
            given().auth().oauth2(Tokens.partner(partner)).contentType("application/json").body(Map.of("url", "ftp://x"))
                    .post("/api/v1/partners/" + partner + "/webhooks").then().statusCode(400);
            given().auth().oauth2(Tokens.partner(partner)).contentType("application/json")
                    .body(Map.of("url", slow.url(), "eventTypes", java.util.List.of("not-a-type")))
                    .post("/api/v1/partners/" + partner + "/webhooks").then().statusCode(400);
            // a secret of the partner's own is a Standard Webhooks one: whsec_ and the base64 of 24 to 64 bytes
            given().auth().oauth2(Tokens.partner(partner)).contentType("application/json")
                    .body(Map.of("url", slow.url(), "secret", "whsec_this is not base64 at all!!"))
                    .post("/api/v1/partners/" + partner + "/webhooks").then().statusCode(400)
                    .body("violations.field", org.hamcrest.Matchers.hasItem("secret"));
            // a list whose element is missing is bad input too, never a 500
            given().auth().oauth2(Tokens.partner(partner)).contentType("application/json")
                    .body(Map.of("url", slow.url(), "eventTypes", java.util.Arrays.asList((String) null)))
                    .post("/api/v1/partners/" + partner + "/webhooks").then().statusCode(400)
                    .contentType("application/problem+json");
        }
    }
}
