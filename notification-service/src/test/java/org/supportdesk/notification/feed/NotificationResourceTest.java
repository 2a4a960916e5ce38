package org.supportdesk.notification.feed;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.testing.AccountRegistrations;
import org.supportdesk.platform.testing.CataloguedEvents;
import org.supportdesk.platform.testing.Sql;
import org.supportdesk.platform.testing.Tokens;

@QuarkusTest
public class NotificationResourceTest {

    static final String TICKET_OPENED = "org.supportdesk.ticket.ticket-opened.v1";
    static final String STATUS_CHANGED = "org.supportdesk.ticket.ticket-status-changed.v1";

    public static UUID englishAccount() {
        UUID account = UUID.randomUUID();
        ObjectNode data = AccountRegistrations.data(account, null);
        data.put("language", "en");
        AccountRegistrations.publish(UUID.randomUUID(), data);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Sql.count("select count(*) from recipient where account_id = ?1", account) == 1);
        return account;
    }

    public static UUID ticketOpened(UUID eventId, UUID account, long number) {
        UUID ticket = UUID.randomUUID();
        ObjectNode data = CataloguedEvents.sample(TICKET_OPENED);
        data.put("ticketId", ticket.toString());
        data.put("accountId", account.toString());
        data.put("number", number);
        CataloguedEvents.publish("ticket-events", eventId, TICKET_OPENED, ticket.toString(), account.toString(),
                data.toString());
        return ticket;
    }

    public static void statusChanged(UUID account, UUID ticket, long number, String from, String to) {
        ObjectNode data = CataloguedEvents.sample(STATUS_CHANGED);
        data.put("ticketId", ticket.toString()).put("accountId", account.toString()).put("number", number)
                .put("from", from).put("to", to);
        CataloguedEvents.publish("ticket-events", UUID.randomUUID(), STATUS_CHANGED, ticket.toString(), account.toString(),
                data.toString());
    }

    static void awaitFeed(UUID account, int count) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Sql.count("select count(*) from notification where account_id = ?1", account) >= count);
    }

    @Test
    void anOpenedTicketAppearsInTheAccountsFeedInItsLanguageR_N1() {
        UUID account = englishAccount();
        UUID ticket = ticketOpened(UUID.randomUUID(), account, 1042);
        awaitFeed(account, 1);
        given().auth().oauth2(Tokens.customer(account)).get("/api/v1/notifications")
                .then().statusCode(200)
                .body("total", equalTo(1))
                .body("items", hasSize(1))
                .body("items[0].kind", equalTo("ticket-opened"))
                .body("items[0].subjectId", equalTo(ticket.toString()))
                .body("items[0].title", equalTo("Ticket #1042 opened"));
    }

    @Test
    void anAccountNotYetKnownIsToldInHebrew() {
        UUID account = UUID.randomUUID();
        ticketOpened(UUID.randomUUID(), account, 77);
        awaitFeed(account, 1);
        given().auth().oauth2(Tokens.customer(account)).get("/api/v1/notifications")
                .then().statusCode(200).body("items[0].title", equalTo("פנייה מספר 77 נפתחה"));
    }

    @Test
    void aRedeliveredEventTellsOnce() {
        UUID account = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        ticketOpened(eventId, account, 5);
        ticketOpened(eventId, account, 5);
        ticketOpened(UUID.randomUUID(), account, 6);
        awaitFeed(account, 2);
        await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(Sql.count("select count(*) from notification where event_id = ?1", eventId)).isEqualTo(1);
        assertThat(Sql.count("select count(*) from notification where account_id = ?1", account)).isEqualTo(2);
    }

    @Test
    void readingANotificationTakesItOutOfTheUnreadFeed() {
        UUID account = UUID.randomUUID();
        ticketOpened(UUID.randomUUID(), account, 1);
        ticketOpened(UUID.randomUUID(), account, 2);
        awaitFeed(account, 2);
        String token = Tokens.customer(account);
        String id = given().auth().oauth2(token).get("/api/v1/notifications?unread=true")
                .then().statusCode(200).body("total", equalTo(2)).extract().path("items[0].id");
        given().auth().oauth2(token).post("/api/v1/notifications/" + id + "/read")
                .then().statusCode(200).body("readAt", notNullValue());
        given().auth().oauth2(token).get("/api/v1/notifications?unread=true")
                .then().statusCode(200).body("total", equalTo(1));
        given().auth().oauth2(token).get("/api/v1/notifications?size=1&page=1")
                .then().statusCode(200).body("items", hasSize(1)).body("total", equalTo(2));
    }

    @Test
    void anotherAccountsNotificationIsNotFound() {
        UUID owner = UUID.randomUUID();
        ticketOpened(UUID.randomUUID(), owner, 9);
        awaitFeed(owner, 1);
        String id = given().auth().oauth2(Tokens.customer(owner)).get("/api/v1/notifications")
                .then().extract().path("items[0].id");
        given().auth().oauth2(Tokens.customer(UUID.randomUUID())).post("/api/v1/notifications/" + id + "/read")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(Tokens.customer(UUID.randomUUID())).get("/api/v1/notifications")
                .then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void pageBoundsAndRolesAreEnforced() {
        String token = Tokens.customer(UUID.randomUUID());
        given().auth().oauth2(token).get("/api/v1/notifications?size=101").then().statusCode(400)
                .contentType("application/problem+json").body("violations[0].field", equalTo("size"));
        given().auth().oauth2(token).get("/api/v1/notifications?page=-1").then().statusCode(400);
        given().auth().oauth2(token).get("/api/v1/notifications?unread=maybe").then().statusCode(400)
                .body("violations[0].field", equalTo("unread"));
        given().auth().oauth2(Tokens.agent("T1")).get("/api/v1/notifications").then().statusCode(403);
        given().get("/api/v1/notifications").then().statusCode(401);
    }
}
