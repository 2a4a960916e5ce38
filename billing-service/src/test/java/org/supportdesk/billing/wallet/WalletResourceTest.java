package org.supportdesk.billing.wallet;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.testing.AccountRegistrations;
import org.supportdesk.platform.testing.CataloguedEvents;
import org.supportdesk.platform.testing.TopicReader;
import org.supportdesk.platform.testing.Sql;
import org.supportdesk.platform.testing.Tokens;

@QuarkusTest
class WalletResourceTest {

    static UUID registered(UUID partner) {
        UUID account = AccountRegistrations.publishNew(partner);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Sql.count("select count(*) from wallet where account_id = ?1", account) == 1);
        return account;
    }

    @Test
    void aNewAccountGetsAnEmptyWalletInExactDecimalsR_B6() {
        UUID account = registered(null);
        given().auth().oauth2(Tokens.customer(account)).get("/api/v1/accounts/" + account + "/wallet")
                .then().statusCode(200)
                .body("accountId", equalTo(account.toString()))
                .body("minuteCredit", equalTo(0))
                .body("cashCredit.amount", equalTo("0.00"))
                .body("cashCredit.currency", equalTo("ILS"))
                .body("entries", empty());
    }

    @Test
    void aRedeliveredRegistrationOpensOneWallet() {
        UUID account = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        ObjectNode data = AccountRegistrations.data(account, null);
        AccountRegistrations.publish(eventId, data);
        AccountRegistrations.publish(eventId, data);
        UUID after = registered(null);

        assertThat(after).isNotNull();
        assertThat(Sql.count("select count(*) from wallet where account_id = ?1", account)).isEqualTo(1);
        assertThat(Sql.count("select count(*) from processed_event where event_id = ?1", eventId)).isEqualTo(1);
    }

    @Test
    void onlyTheAccountItsPartnerAndStaffSeeTheWallet() {
        UUID partner = UUID.randomUUID();
        UUID account = registered(partner);
        String path = "/api/v1/accounts/" + account + "/wallet";
        given().auth().oauth2(Tokens.partner(partner)).get(path).then().statusCode(200);
        given().auth().oauth2(Tokens.agent("T1")).get(path).then().statusCode(200);
        given().auth().oauth2(Tokens.customer(UUID.randomUUID())).get(path)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(Tokens.partner(UUID.randomUUID())).get(path).then().statusCode(404);
        given().get(path).then().statusCode(401);
    }

    @Test
    void anUnknownOrMalformedAccountIsNotFound() {
        given().auth().oauth2(Tokens.withRoles("admin")).get("/api/v1/accounts/" + UUID.randomUUID() + "/wallet")
                .then().statusCode(404).body("type", equalTo("https://supportdesk.org/problems/not-found"));
        given().auth().oauth2(Tokens.withRoles("admin")).get("/api/v1/accounts/nope/wallet")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aRegistrationWithoutAnAccountIdGoesToTheDeadLetterTopic() {
        UUID eventId = UUID.randomUUID();
        ObjectNode data = AccountRegistrations.data(UUID.randomUUID(), null);
        data.putNull("accountId");
        CataloguedEvents.publish("subscription-events", eventId,
                AccountRegistrations.TYPE, "broken", "broken", data.toString());
        try (TopicReader dlq = TopicReader.fromStart("subscription-events.dlq")) {
            var dead = dlq.await(
                    r -> eventId.toString().equals(TopicReader.header(r, "ce_id")),
                    "event " + eventId);
            assertThat(TopicReader.header(dead, "dead-letter-reason"))
                    .contains("lacks accountId");
        }
        // the consumer went on
        registered(null);
    }
}
