package org.supportdesk.ticket.escalation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.testing.Sql;
import org.supportdesk.platform.testing.Tokens;
import org.supportdesk.ticket.Accounts;
import org.supportdesk.ticket.tickets.TicketWorkflowTest;

@QuarkusTest
class EscalationResourceTest {

    static ValidatableResponse escalate(String ticket, String token, String kind, String vendorTicket) {
        Map<String, Object> body = new HashMap<>();
        if (kind != null) {
            body.put("kind", kind);
        }
        if (vendorTicket != null) {
            body.put("vendorTicket", vendorTicket);
        }
        return given().auth().oauth2(token).contentType("application/json").body(body)
                .post("/api/v1/tickets/" + ticket + "/escalations").then();
    }

    @Test
    void staffEscalateUpTheTiersAndTheVendorTierWaitsOnTheVendorR_T8_R_T5() {
        UUID account = Accounts.inPlan("MONTHLY", "GOLD");
        String ticket = TicketWorkflowTest.open(account);
        String agent = Tokens.agent("T1");
        escalate(ticket, agent, null, null).statusCode(400);
        escalate(ticket, agent, "UPWARDS", null).statusCode(400);
        escalate(ticket, agent, "INTERNAL", null).statusCode(201).body("from", equalTo("T1")).body("to", equalTo("T2"));
        escalate(ticket, agent, "INTERNAL", null).statusCode(201).body("to", equalTo("T3"));
        escalate(ticket, agent, "INTERNAL", null).statusCode(409).body("tier", equalTo("T3"));
        escalate(ticket, Tokens.customer(account), "INTERNAL", null).statusCode(403);
        escalate(ticket, agent, "VENDOR", null).statusCode(422);
        escalate(ticket, agent, "VENDOR", "VND-77").statusCode(201).body("kind", equalTo("VENDOR"));
        escalate(ticket, agent, "VENDOR", "VND-78").statusCode(409);
        given().auth().oauth2(Tokens.customer(account)).get("/api/v1/tickets/" + ticket).then()
                .body("status", equalTo("PENDING_VENDOR")).body("vendorTicketNumber", equalTo("VND-77"))
                .body("tier", equalTo("T4"));
        assertThat(Sql.count("select count(*) from outbox_event where subject = ?1 and type = "
                + "'org.supportdesk.ticket.ticket-escalated.v1' and payload like '%\"vendorTicketNumber\":\"VND-77\"%'",
                ticket)).isEqualTo(1);
    }

    @Test
    void aTicketTheVendorGaveBackGoesToTheVendorAgainUnderItsNewTicketR_T5_R_T8() {
        UUID account = Accounts.inPlan("MONTHLY", "GOLD");
        String ticket = TicketWorkflowTest.open(account);
        String agent = Tokens.agent("T1");
        escalate(ticket, agent, "VENDOR", "VND-1").statusCode(201).body("from", equalTo("T1")).body("to", equalTo("T4"));
        escalate(ticket, agent, "VENDOR", "VND-2").statusCode(409)
                .body("type", equalTo("https://supportdesk.org/problems/already-with-vendor"));
        TicketWorkflowTest.move(ticket, agent, "IN_PROGRESS", "the vendor's fix did not hold", null).statusCode(200);
        escalate(ticket, agent, "VENDOR", "VND-2").statusCode(201).body("from", equalTo("T4")).body("to", equalTo("T4"));
        given().auth().oauth2(Tokens.customer(account)).get("/api/v1/tickets/" + ticket).then()
                .body("status", equalTo("PENDING_VENDOR")).body("vendorTicketNumber", equalTo("VND-2"))
                .body("tier", equalTo("T4"));
        assertThat(Sql.count("select count(*) from outbox_event where subject = ?1 and type = "
                + "'org.supportdesk.ticket.ticket-escalated.v1' and payload like '%\"vendorTicketNumber\":\"VND-2\"%'",
                ticket)).isEqualTo(1);
    }

    @Test
    void movingATicketToPendingVendorIsTheVendorEscalationR_T5() {
        UUID account = Accounts.inPlan("MONTHLY", "GOLD");
        String ticket = TicketWorkflowTest.open(account);
        String agent = Tokens.agent("T1");
        TicketWorkflowTest.move(ticket, agent, "IN_PROGRESS", null, null).statusCode(200);
        TicketWorkflowTest.move(ticket, agent, "PENDING_VENDOR", "vendor fixes the driver", "VND-9").statusCode(200)
                .body("tier", equalTo("T4"));
        given().auth().oauth2(Tokens.customer(account)).get("/api/v1/tickets/" + ticket + "/escalations").then()
                .statusCode(200).body("kind", contains("VENDOR")).body("to", contains("T4"))
                .body("reason", contains("vendor fixes the driver"));
        assertThat(Sql.count("select count(*) from outbox_event where subject = ?1 and type = "
                + "'org.supportdesk.ticket.ticket-escalated.v1' and payload like '%\"vendorTicketNumber\":\"VND-9\"%'",
                ticket)).isEqualTo(1);
        escalate(ticket, agent, "VENDOR", "VND-10").statusCode(409);
    }

    @Test
    void theCustomerAsksForTheHeadOfSupportThenTheCcoR_T8() {
        UUID account = Accounts.inPlan("MONTHLY", "GOLD");
        String ticket = TicketWorkflowTest.open(account);
        String customer = Tokens.customer(account);
        escalate(ticket, customer, "EXTERNAL", null).statusCode(201).body("to", equalTo("HEAD_OF_SUPPORT"));
        escalate(ticket, customer, "EXTERNAL", null).statusCode(201).body("to", equalTo("CCO"));
        escalate(ticket, customer, "EXTERNAL", null).statusCode(409);
        given().auth().oauth2(customer).get("/api/v1/tickets/" + ticket + "/escalations").then().statusCode(200)
                .body("to", contains("HEAD_OF_SUPPORT", "CCO")).body("kind", contains("EXTERNAL", "EXTERNAL"));
        escalate(ticket, Tokens.customer(UUID.randomUUID()), "EXTERNAL", null).statusCode(404);
        given().auth().oauth2(customer).get("/api/v1/tickets/" + ticket).then().body("externalLevel", equalTo("CCO"));
    }
}
