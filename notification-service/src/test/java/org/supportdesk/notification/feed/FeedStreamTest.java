package org.supportdesk.notification.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.testing.Tokens;

@QuarkusTest
class FeedStreamTest {

    @TestHTTPResource("/api/v1/notifications/stream")
    URL stream;

    @jakarta.inject.Inject
    FeedStream feed;

    @Test
    void theSpaReceivesItsNewNotificationsLiveByServerSentEventsR_N1() throws Exception {
        UUID account = NotificationResourceTest.englishAccount();
        UUID other = NotificationResourceTest.englishAccount();
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<java.io.InputStream> response = client.send(HttpRequest.newBuilder(URI.create(stream.toString()))
                .header("Authorization", "Bearer " + Tokens.customer(account)).header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        java.util.concurrent.BlockingQueue<String> events = new java.util.concurrent.LinkedBlockingQueue<>();
        CompletableFuture.runAsync(() -> {
            try {
                BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("data:")) {
                        events.add(line);
                    }
                }
            } catch (java.io.IOException e) {
                // the stream closed
            }
        });
        try {
            // the stream is subscribed; only an account with a client connected has its notifications read back
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> feed.listened(account));
            assertThat(feed.listened(other)).isFalse();
            NotificationResourceTest.ticketOpened(UUID.randomUUID(), other, 7); // someone else's: not pushed here
            NotificationResourceTest.ticketOpened(UUID.randomUUID(), account, 1042);
            assertThat(events.poll(30, TimeUnit.SECONDS)).contains("Ticket #1042 opened").contains("ticket-opened");
            // a burst faster than the client reads arrives whole
            for (int n = 0; n < 20; n++) {
                NotificationResourceTest.ticketOpened(UUID.randomUUID(), account, 2000 + n);
            }
            java.util.List<String> burst = new java.util.ArrayList<>();
            for (int n = 0; n < 20; n++) {
                String event = events.poll(30, TimeUnit.SECONDS);
                assertThat(event).as("push %d of the burst", n).isNotNull();
                burst.add(event);
            }
            for (int n = 0; n < 20; n++) {
                String title = "Ticket #" + (2000 + n) + " opened";
                assertThat(burst).as(title).anyMatch(e -> e.contains(title));
            }
        } finally {
            response.body().close();
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !feed.listened(account));
    }
}
