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
}
