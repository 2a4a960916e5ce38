package org.supportdesk.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.testing.Tokens;

/**
 * Two replicas of subscription-service on one database (R-S7): freezes given with notice on either
 * replica start through the due timers; when they come due both replicas claim batches of them at
 * once (SKIP LOCKED, batches of 5; the test holds the accounts' rows until both have), yet each
 * timer fires once and each account is frozen once, with one account-frozen event.
 */
class TwoSubscriptionReplicasIT {

    private static final String FROZEN = "org.supportdesk.subscription.account-frozen.v1";
    private static Replicas replicas;

    @BeforeAll
    static void start() throws Exception {
        replicas = Replicas.start("subscription-service", "subscription2", 2, Replicas.SMALL_TIMER_BATCHES);
    }

    @AfterAll
    static void stop() throws Exception {
        if (replicas != null) {
            replicas.close();
        }
    }

    @Test
    void twoReplicasStartEachFreezeGivenWithNoticeOnce() throws Exception {
        int count = 40;
        List<UUID> accounts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ServiceProcess replica = replicas.get(i);
            String id = given().baseUri(replica.url()).auth().oauth2(Tokens.withRoles("admin")).contentType("application/json")
                    .body(Map.of("displayName", "Replica " + i, "contactName", "Dana Levi",
                            "email", "dana." + UUID.randomUUID() + "@example.com", "phone", "+972 50-1234567"))
                    .post("/api/v1/accounts").then().statusCode(201).extract().path("id");
            UUID account = UUID.fromString(id);
            accounts.add(account);
            // R-S7: insolvency freezes with 7 days' notice, through a timer
            given().baseUri(replica.url()).auth().oauth2(Tokens.withRoles("ops")).contentType("application/json")
                    .body(Map.of("reason", "INSOLVENCY", "note", "receivership"))
                    .post("/api/v1/accounts/" + account + "/freeze").then().statusCode(200);
        }
        String mine = "(" + String.join(",", accounts.stream().map(a -> "'" + a + "'").toList()) + ")";
        String freezes = "(select id::text from account_freeze where account_id in " + mine + ")";
        assertThat(replicas.database.count("select count(*) from due_timer where kind = 'freeze-start' and fired_at is null "
                + "and subject in " + freezes)).as("each freeze has its timer").isEqualTo(count);
        assertThat(replicas.database.count("select count(*) from account where status = 'ACTIVE' and id in " + mine)).isEqualTo(count);

        // the notices end now, while the test holds the accounts' rows: a batch's freezes wait for them until
        // both replicas have claimed batches
        replicas.makeDueOnceBothClaim("select id from account where id in " + mine + " for update", """
                update account_freeze set starts_at = now() - interval '1 minute',
                    starts_on = cast(timezone('Asia/Jerusalem', now() - interval '1 minute') as date)
                where account_id in %1$s;
                update due_timer set due_at = now() - interval '1 minute'
                where kind = 'freeze-start' and fired_at is null and subject in %2$s
                """.formatted(mine, freezes));

        await().atMost(Duration.ofSeconds(60))
                .until(() -> replicas.database.count("select count(*) from account where status = 'FROZEN' and id in " + mine) == count);
        Thread.sleep(3000); // a second firing would have had its chance (both replicas poll every second)

        assertThat(replicas.database.count("select count(*) from due_timer where kind = 'freeze-start' and subject in " + freezes
                + " and fired_at is not null and attempts = 1")).as("each timer fired once").isEqualTo(count);
        assertThat(replicas.database.count("select count(*) from outbox_event where type = '" + FROZEN + "' and subject in "
                + "(select id::text from account where id in " + mine + ")")).as("one account-frozen event an account")
                .isEqualTo(count);
        assertThat(replicas.database.count("select count(*) from account_freeze where ends_at is null and account_id in " + mine))
                .as("one freeze in force an account").isEqualTo(count);
    }
}
