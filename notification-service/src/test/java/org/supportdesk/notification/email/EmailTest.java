package org.supportdesk.notification.email;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.supportdesk.notification.SmtpResource;
import org.supportdesk.notification.feed.FeedRules;
import org.supportdesk.notification.feed.FeedRulesTest;
import org.supportdesk.notification.feed.NotificationResourceTest;
import org.supportdesk.platform.testing.AccountRegistrations;
import org.supportdesk.platform.testing.CataloguedEvents;
import org.supportdesk.platform.testing.Sql;
import org.supportdesk.platform.testing.Tokens;

@QuarkusTest
public class EmailTest {

    @Inject
    EmailTemplates templates;

    public static UUID accountWithEmail(String email, String language) {
        UUID account = UUID.randomUUID();
        ObjectNode data = AccountRegistrations.data(account, null);
        data.put("email", email);
        data.put("language", language);
        AccountRegistrations.publish(UUID.randomUUID(), data);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Sql.count("select count(*) from recipient where account_id = ?1", account) == 1);
        return account;
    }

    public static MimeMessage[] mailTo(String address) {
        return Arrays.stream(SmtpResource.smtp.getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().equals(address);
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toArray(MimeMessage[]::new);
    }

    @Test
    void aTicketOpenedIsMailedToTheCustomerInHebrewRightToLeftOnceR_N1() throws Exception {
        String address = "dana." + UUID.randomUUID() + "@example.com";
        UUID account = accountWithEmail(address, "he");
        UUID event = UUID.randomUUID();
        NotificationResourceTest.ticketOpened(event, account, 1042);
        NotificationResourceTest.ticketOpened(event, account, 1042); // redelivered: mailed once
        await().atMost(Duration.ofSeconds(30)).until(() -> mailTo(address).length == 1);
        MimeMessage mail = mailTo(address)[0];
        assertThat(mail.getSubject()).isEqualTo("פנייה מספר 1042 נפתחה");
        assertThat(html(mail)).contains("dir=\"rtl\"").contains("קיבלנו את פנייתך מספר 1042");
        await().atMost(Duration.ofSeconds(10)).until(() -> Sql.count(
                "select count(*) from email_message where account_id = ?1 and status = 'SENT'", account) == 1);
        String logged = given().auth().oauth2(Tokens.withRoles("ops")).get("/api/v1/emails?accountId=" + account).then()
                .statusCode(200).body("total", equalTo(1)).body("items[0].status", equalTo("SENT"))
                .body("items[0].to", equalTo(address)).extract().path("items[0].id");
        // the received mail names its line in the mail log, the same on every attempt
        assertThat(mail.getMessageID()).isEqualTo("<" + logged + "@supportdesk.mail>");
        // by status too: the account's sent mail, none pending; a status the log does not know is refused
        given().auth().oauth2(Tokens.withRoles("ops")).get("/api/v1/emails?status=SENT&accountId=" + account).then()
                .statusCode(200).body("total", equalTo(1)).body("items[0].id", equalTo(logged));
        given().auth().oauth2(Tokens.withRoles("ops")).get("/api/v1/emails?status=PENDING&accountId=" + account).then()
                .statusCode(200).body("total", equalTo(0));
        given().auth().oauth2(Tokens.withRoles("ops")).get("/api/v1/emails?status=LOST").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(Tokens.customer(account)).get("/api/v1/emails").then().statusCode(403);
    }

    /** The HTML part of a received mail, decoded. */
    static String html(jakarta.mail.Part part) throws Exception {
        if (part.isMimeType("text/html")) {
            return (String) part.getContent();
        }
        if (part.getContent() instanceof jakarta.mail.Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                String found = html(multipart.getBodyPart(i));
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    @Test
    void everyToldEventRendersInBothLanguagesRightToLeftForHebrewR_N1() {
        for (String type : FeedRulesTest.TOLD) {
            var sample = CataloguedEvents.sample(type);
            for (String language : new String[] { "he", "en" }) {
                var message = FeedRules.of(type, sample, language).orElseThrow().message();
                var rendered = templates.render(message, language);
                assertThat(rendered.subject()).isEqualTo(message.title());
                assertThat(rendered.html()).as(type + " " + language)
                        .contains("dir=\"" + ("he".equals(language) ? "rtl" : "ltr") + "\"")
                        .contains("lang=\"" + language + "\"");
                assertThat(rendered.text()).contains(message.title()).contains(message.body());
            }
        }
    }
}
