package org.supportdesk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.testing.AccountRegistrations;
import org.supportdesk.platform.testing.CataloguedEvents;

/**
 * Two replicas of notification-service on one database and one SMTP relay (R-N1): they share the
 * ticket events (one consumer group) and run their mail rounds side by side (mails claimed with SKIP
 * LOCKED, three a round, so that the mails take several rounds), yet each account is told once in
 * its feed and gets one mail, which reaches the relay once, whichever replica sends it.
 */
class TwoNotificationReplicasIT {

    private static final String OPENED = "org.supportdesk.ticket.ticket-opened.v1";
    private static final String TICKET_EVENTS = "notification-replicas-ticket-events";
    private static GreenMail relay;
    private static Replicas replicas;

    @BeforeAll
    static void start() throws Exception {
        relay = new GreenMail(new ServerSetup(3025, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        relay.start();
        replicas = Replicas.start("notification-service", "notification2", 2, Map.of(
                "QUARKUS_MAILER_HOST", "127.0.0.1",
                "QUARKUS_MAILER_PORT", String.valueOf(relay.getSmtp().getPort()),
                "NOTIFICATION_EMAIL_BATCH_SIZE", "3",
                // the ticket events on a topic of their own: the other tests' tickets would be mailed too, ahead of these
                "MP_MESSAGING_INCOMING_TICKET_EVENTS_TOPIC", TICKET_EVENTS,
                "MP_MESSAGING_INCOMING_TICKET_EVENTS_DEAD_LETTER_QUEUE_TOPIC", TICKET_EVENTS + ".dlq"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (replicas != null) {
            replicas.close();
        }
        if (relay != null) {
            relay.stop();
        }
    }

    @Test
    void twoReplicasTellEachAccountOnceAndHandTheRelayEachMailOnce() throws Exception {
        int count = 40;
        List<UUID> accounts = new ArrayList<>();
        Set<String> addresses = new HashSet<>();
        for (int i = 0; i < count; i++) {
            UUID account = UUID.randomUUID();
            ObjectNode registered = AccountRegistrations.data(account, null);
            registered.put("email", "owner-" + account + "@replicas.example");
            registered.put("language", "en");
            AccountRegistrations.publish(UUID.randomUUID(), registered);
            accounts.add(account);
            addresses.add("owner-" + account + "@replicas.example");
        }
        String mine = "(" + String.join(",", accounts.stream().map(a -> "'" + a + "'").toList()) + ")";
        await().atMost(Duration.ofSeconds(90))
                .until(() -> replicas.database.count("select count(*) from recipient where account_id in " + mine) == count);

        // a ticket opened for each account
        for (int i = 0; i < count; i++) {
            ObjectNode opened = CataloguedEvents.sample(OPENED);
            UUID ticket = UUID.randomUUID();
            opened.put("ticketId", ticket.toString());
            opened.put("number", 900_000 + i);
            opened.put("accountId", accounts.get(i).toString());
            CataloguedEvents.publish(TICKET_EVENTS, UUID.randomUUID(), OPENED, ticket.toString(),
                    accounts.get(i).toString(), opened.toString());
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> replicas.database.count(
                "select count(*) from email_message where status = 'SENT' and account_id in " + mine) == count);
        Thread.sleep(3000); // a second sending would have had its chance (both replicas' rounds come every second)

        assertThat(replicas.database.count("select count(*) from notification where channel = 'IN_APP' and account_id in " + mine))
                .as("one feed entry an account").isEqualTo(count);
        assertThat(replicas.database.count("select count(*) from email_message where account_id in " + mine)).isEqualTo(count);
        assertThat(replicas.database.count("select count(*) from email_message where account_id in " + mine
                + " and (status <> 'SENT' or attempts <> 1)")).as("each mail sent on its first attempt").isZero();
        List<String> ids = new ArrayList<>();
        int received = 0;
        for (MimeMessage mail : relay.getReceivedMessages()) {
            Address[] to = mail.getRecipients(Message.RecipientType.TO);
            boolean ours = to != null && Arrays.stream(to)
                    .anyMatch(address -> addresses.contains(((InternetAddress) address).getAddress()));
            if (ours) {
                received++;
                ids.add(mail.getMessageID());
            }
        }
        assertThat(received).as("each mail reaches the relay once").isEqualTo(count);
        assertThat(new HashSet<>(ids)).hasSize(count);
    }
}
