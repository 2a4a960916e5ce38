package org.supportdesk.notification.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.testing.Sql;

/**
 * R-N2, as deployed: a delivery goes to a public address only. A partner endpoint on this host's
 * loopback (as a URL pointing into the service's own network would be) is never called; each attempt
 * fails with the reason, and the delivery is dead-lettered like any that keeps failing.
 */
@QuarkusTest
@TestProfile(WebhookAddressTest.PublicOnly.class)
class WebhookAddressTest {

    public static class PublicOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("notification.webhooks.allow-private-addresses", "false");
        }
    }

    @Test
    void anEndpointOnAPrivateAddressIsNeverCalledR_N2() {
        try (PartnerEndpoint loopback = new PartnerEndpoint()) {
            UUID partner = UUID.randomUUID();
            WebhookDeliveryTest.webhook(partner, loopback);
            UUID customer = WebhookDeliveryTest.customerOf(partner);
            WebhookDeliveryTest.ticketOpened(customer);
            await().atMost(Duration.ofSeconds(60)).until(() -> WebhookDeliveryTest.deliveries(partner, "DEAD") == 1);
            assertThat(Sql.count("select count(*) from webhook_delivery where partner_id = ?1 and last_error like "
                    + "'refused: 127.0.0.1 is 127.0.0.1, not a public address' and attempts = 3", partner)).isEqualTo(1);
            assertThat(loopback.received).isEmpty();
        }
    }

    @Inject
    WebhookDispatcher dispatcher;

    /**
     * The call goes to the address that was checked, over a connection to it, and the name is not
     * looked up again (DNS rebinding between the check and the call): an endpoint named in
     * {@code .invalid}, which no resolver answers, is reached at the address given, and the request
     * still names its host.
     */
    @Test
    void aDeliveryGoesToTheAddressCheckedNotToASecondLookupR_N2() throws Exception {
        try (PartnerEndpoint endpoint = new PartnerEndpoint()) {
            WebhookDelivery delivery = delivery();
            WebhookDispatcher.Attempt attempt = postedTo("http://partner.invalid:" + endpoint.port() + "/hooks", delivery,
                    endpoint);

            assertThat(attempt.delivered()).as(attempt.error()).isTrue();
            assertThat(endpoint.received).singleElement().satisfies(received -> {
                assertThat(received.deliveryId()).isEqualTo(delivery.id.toString());
                assertThat(received.signatureValid()).isTrue();
                assertThat(received.host()).isEqualTo("partner.invalid:" + endpoint.port());
            });
        }
    }

    /**
     * A redirect is not followed: it would send the call to an address nobody checked (a partner's
     * endpoint answering 303 to the metadata service, or to a name it then rebinds). It is an answer
     * like any other that is not 2xx, retried and in the end dead-lettered.
     */
    @Test
    void aRedirectIsNotFollowedR_N2() throws Exception {
        try (PartnerEndpoint redirecting = new PartnerEndpoint(); PartnerEndpoint elsewhere = new PartnerEndpoint()) {
            redirecting.redirectTo = elsewhere.url();
            WebhookDispatcher.Attempt attempt = postedTo(redirecting.url(), delivery(), redirecting, elsewhere);

            assertThat(attempt.delivered()).isFalse();
            assertThat(attempt.status()).as(attempt.error()).isEqualTo(303);
            assertThat(attempt.error()).isEqualTo("HTTP 303");
            assertThat(redirecting.received).hasSize(1);
            assertThat(elsewhere.received).isEmpty();
        }
    }

    @Inject
    WebhookConfig config;

    @Inject
    io.vertx.mutiny.core.Vertx vertx;

    @Inject
    java.time.Clock clock;

    /**
     * An answer's body is not kept: a partner endpoint answering with 200 MB is counted by its status,
     * and the connection is closed once 64 KiB of the body were thrown away, long before any deadline
     * (here a minute, so that only the cut can end it).
     */
    @Test
    void aLongAnswerIsCutR_N2() throws Exception {
        WebhookDispatcher patient = dispatcherWithTimeout(Duration.ofMinutes(1));
        try (PartnerEndpoint endpoint = new PartnerEndpoint()) {
            endpoint.answerBytes = 200L * 1024 * 1024;
            endpoint.secret = SECRET;
            WebhookDispatcher.Attempt attempt = patient.post(delivery(), hook(endpoint.url()),
                    InetAddress.getByName("127.0.0.1")).await().atMost(Duration.ofSeconds(30));

            assertThat(attempt.delivered()).as(attempt.error()).isTrue();
            await().atMost(Duration.ofSeconds(20)).untilTrue(endpoint.answerCut);
            // what the connection's buffers took before the cut, not the 200 MB
            assertThat(endpoint.answerWritten.get()).isLessThan(32L * 1024 * 1024);
        } finally {
            patient.close();
        }
    }

    /**
     * A call's deadline holds while it waits for one of the endpoint's pooled connections (five an
     * endpoint): six calls at once to an endpoint that answers after ten seconds all end at the deadline
     * (3 s here), the sixth too. Had its deadline started when it got a connection, the sixth would have
     * waited for one the first five gave back at their deadline and then run a deadline of its own (6 s):
     * past the minute after which a later round posts a delivery still SENDING again, once enough calls
     * queue behind a slow endpoint.
     */
    @Test
    void aCallWaitingForAPooledConnectionEndsAtItsDeadlineTooR_N2() throws Exception {
        WebhookDispatcher dispatcher = dispatcherWithTimeout(Duration.ofSeconds(3));
        try (PartnerEndpoint slow = new PartnerEndpoint()) {
            slow.delayMillis = 10_000;
            slow.secret = SECRET;
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            long started = System.nanoTime();
            java.util.List<io.smallrye.mutiny.Uni<WebhookDispatcher.Attempt>> calls = java.util.stream.IntStream.range(0, 6)
                    .mapToObj(i -> dispatcher.post(delivery(), hook(slow.url()), loopback)).toList();
            java.util.List<WebhookDispatcher.Attempt> attempts = io.smallrye.mutiny.Uni.join().all(calls).andFailFast()
                    .await().atMost(Duration.ofSeconds(30));
            long tookMillis = (System.nanoTime() - started) / 1_000_000;

            assertThat(attempts).hasSize(6).allSatisfy(attempt -> assertThat(attempt.error())
                    .isEqualTo("TimeoutException: no answer within 3000 ms"));
            assertThat(tookMillis).isBetween(2_900L, 4_500L);
        } finally {
            dispatcher.close();
        }
    }

    /**
     * A call has one deadline, its answer's body included: an endpoint that answers 200 and then
     * trickles its body a byte every 100 ms (for 100 s) has its connection closed at the timeout (1 s
     * in the tests), as one that never answers has.
     */
    @Test
    void aTrickledAnswerIsCutAtTheDeadlineR_N2() throws Exception {
        try (PartnerEndpoint endpoint = new PartnerEndpoint()) {
            endpoint.answerBytes = 1000;
            endpoint.trickleMillis = 100;
            WebhookDispatcher.Attempt attempt = postedTo(endpoint.url(), delivery(), endpoint);

            assertThat(attempt.delivered()).as(attempt.error()).isTrue();
            await().atMost(Duration.ofSeconds(20)).untilTrue(endpoint.answerCut);
        }
    }

    private static final String SECRET = "whsec-test";

    /** A dispatcher of its own (with its own connection pool) whose calls have this deadline, the rest as configured. */
    private WebhookDispatcher dispatcherWithTimeout(Duration timeout) {
        WebhookConfig withTimeout = (WebhookConfig) java.lang.reflect.Proxy.newProxyInstance(WebhookConfig.class.getClassLoader(),
                new Class<?>[] { WebhookConfig.class },
                (proxy, method, args) -> "timeout".equals(method.getName()) ? timeout : method.invoke(config, args));
        return new WebhookDispatcher(withTimeout, vertx, clock);
    }

    private static WebhookDelivery delivery() {
        WebhookDelivery delivery = new WebhookDelivery();
        delivery.id = UUID.randomUUID();
        delivery.body = "{\"type\":\"org.supportdesk.ticket.ticket-opened.v1\"}";
        return delivery;
    }

    /**
     * The delivery posted to the endpoint at {@code url} over a connection to 127.0.0.1; the receivers
     * verify its signature.
     */
    private WebhookDispatcher.Attempt postedTo(String url, WebhookDelivery delivery, PartnerEndpoint... receivers)
            throws java.net.UnknownHostException {
        for (PartnerEndpoint receiver : receivers) {
            receiver.secret = SECRET;
        }
        return dispatcher.post(delivery, hook(url), InetAddress.getByName("127.0.0.1")).await().atMost(Duration.ofSeconds(30));
    }

    private static Webhook hook(String url) {
        Webhook hook = new Webhook();
        hook.url = url;
        hook.secret = SECRET;
        hook.active = true;
        return hook;
    }
}
