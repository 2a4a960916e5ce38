package org.supportdesk.ticket.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.testing.AccountRegistrations;
import org.supportdesk.platform.testing.Sql;
import org.supportdesk.ticket.Accounts;

@QuarkusTest
class AccountViewProjectorTest {

    @Test
    void theCataloguedAccountRegisteredSampleBuildsTheReadModel() {
        UUID partner = UUID.randomUUID();
        UUID account = Accounts.registered(partner);
        assertThat(Sql.count("select count(*) from account_view where account_id = ?1 and partner_id = ?2 "
                + "and status = 'ACTIVE' and time_zone = 'Asia/Jerusalem'", account, partner)).isEqualTo(1);
    }

    @Test
    void aRedeliveredEventIsAppliedOnceAndUnknownFieldsAreIgnored() {
        UUID account = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        ObjectNode data = AccountRegistrations.data(account, null);
        data.put("aFieldFromTheFuture", "ignored");
        AccountRegistrations.publish(eventId, data);
        AccountRegistrations.publish(eventId, data);
        UUID marker = Accounts.registered(null); // applied after both copies: the partition is drained past them

        await().atMost(Duration.ofSeconds(30)).until(
                () -> Sql.count("select count(*) from account_view where account_id = ?1", account) == 1);
        assertThat(Sql.count("select count(*) from processed_event where event_id = ?1", eventId)).isEqualTo(1);
        assertThat(marker).isNotNull();
    }

    @Test
    void theAccountsPlanAndStatusFollowSubscriptionEventsR_S7_R_S8() {
        UUID account = Accounts.registered(null);
        UUID plan = Accounts.planChanged(account, "JOINED", UUID.randomUUID(), "MONTHLY", "GOLD", null, false);
        assertThat(Sql.count("select count(*) from account_view where account_id = ?1 and plan_id = ?2 "
                + "and plan_version = 1 and plan_type = 'MONTHLY' and plan_tier = 'GOLD'", account, plan)).isEqualTo(1);
        Accounts.statusChanged(account, Accounts.FROZEN);
        assertThat(Sql.count("select count(*) from account_view where account_id = ?1 and status = 'FROZEN'", account))
                .isEqualTo(1);
        Accounts.statusChanged(account, Accounts.UNFROZEN);
        assertThat(Sql.count("select count(*) from account_view where account_id = ?1 and status = 'ACTIVE'", account))
                .isEqualTo(1);
        Accounts.statusChanged(account, Accounts.CLOSED);
        assertThat(Sql.count("select count(*) from account_view where account_id = ?1 and status = 'CLOSED'", account))
                .isEqualTo(1);
    }

    @Test
    void anEventForAnAccountNeverRegisteredIsDeadLetteredAndTheConsumerGoesOn() throws Exception {
        UUID stranger = UUID.randomUUID();
        try (var dlq = org.supportdesk.platform.testing.TopicReader.fromStart("subscription-events.dlq")) {
            ObjectNode data = org.supportdesk.platform.testing.CataloguedEvents.sample(Accounts.FROZEN);
            data.put("accountId", stranger.toString());
            org.supportdesk.platform.testing.CataloguedEvents.publish("subscription-events", UUID.randomUUID(),
                    Accounts.FROZEN, stranger.toString(), stranger.toString(), data.toString());
            var dead = dlq.awaitSubject(stranger.toString());
            assertThat(org.supportdesk.platform.testing.TopicReader.header(dead, "dead-letter-reason"))
                    .contains("unknown account");
        }
        assertThat(Accounts.registered(null)).isNotNull(); // the consumer goes on
    }
}
