package org.supportdesk.notification.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    /**
     * R-N2: the Standard Webhooks specification's test vector, which every reference library
     * verifies: the key is the secret's base64 decoded, not its text, so a partner's library accepts
     * what is sent.
     */
    @Test
    void rN2_theStandardWebhooksTestVectorIsReproduced() {
        assertThat(WebhookSignature.sign(SECRET, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, "{\"test\": 2432232314}"))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        String secret = WebhookSignature.newSecret(new java.security.SecureRandom());
        assertThat(secret).startsWith("whsec_");
        assertThat(java.util.Base64.getDecoder().decode(secret.substring(6))).hasSize(32);
        assertThat(WebhookSignature.key("whsec_not base64!")).isNull();
        assertThat(WebhookSignature.key("whsec_" + "QUJD")).isNull(); // 3 bytes: too short a key
        assertThat(WebhookSignature.key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS")).isNull(); // unpadded: not for every library
        // an endpoint created before keeps signing with its secret's text, as its partner verifies it
        String legacy = "whsec_abcdefghijklmnopqrstuvwxyz0123456789-_AB";
        assertThat(WebhookSignature.sign(WebhookSignature.signingKey(legacy, false), "d-1", 1L, "{}")).isEqualTo(
                WebhookSignature.sign(legacy.getBytes(java.nio.charset.StandardCharsets.UTF_8), "d-1", 1L, "{}"));
    }

    @Test
    void rN2_aSignatureVerifiesOnlyForItsSecretBodyAndFreshTimestamp() {
        String other = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
        String signature = WebhookSignature.sign(SECRET, "d-1", 1_700_000_000L, "{\"a\":1}");
        assertThat(signature).startsWith("v1,");
        assertThat(WebhookSignature.verify(SECRET, "d-1", 1_700_000_000L, "{\"a\":1}", signature, 1_700_000_100L, 300))
                .isTrue();
        assertThat(WebhookSignature.verify(other, "d-1", 1_700_000_000L, "{\"a\":1}", signature, 1_700_000_100L, 300))
                .isFalse();
        assertThat(WebhookSignature.verify(SECRET, "d-1", 1_700_000_000L, "{\"a\":2}", signature, 1_700_000_100L, 300))
                .isFalse();
        assertThat(WebhookSignature.verify(SECRET, "d-1", 1_700_000_000L, "{\"a\":1}", signature, 1_700_001_000L, 300))
                .isFalse(); // a replay 1000 s later
    }

    @Test
    void rN2_retriesBackOffExponentiallyWithJitterAndACap() {
        assertThat(WebhookSignature.backoffSeconds(1, 10, 0)).isEqualTo(10);
        assertThat(WebhookSignature.backoffSeconds(2, 10, 0)).isEqualTo(20);
        assertThat(WebhookSignature.backoffSeconds(4, 10, 0)).isEqualTo(80);
        assertThat(WebhookSignature.backoffSeconds(4, 10, 1)).isEqualTo(96);
        assertThat(WebhookSignature.backoffSeconds(30, 10, 0)).isEqualTo(3600);
    }

    /** R-N2: with the default attempts and first wait, a partner's endpoint down for seven hours misses nothing. */
    @Test
    void rN2_theDefaultAttemptsOutlastAnOutageOfSevenHours() throws Exception {
        int attempts = Integer.parseInt(WebhookConfig.class.getMethod("maxAttempts")
                .getAnnotation(io.smallrye.config.WithDefault.class).value());
        long base = java.time.Duration.parse("PT" + WebhookConfig.class.getMethod("baseDelay")
                .getAnnotation(io.smallrye.config.WithDefault.class).value().toUpperCase()).toSeconds();
        long waited = 0;
        for (int attempt = 1; attempt < attempts; attempt++) {
            waited += WebhookSignature.backoffSeconds(attempt, base, 0);
        }
        assertThat(waited).isGreaterThan(7 * 3600);
    }
}
