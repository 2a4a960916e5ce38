package org.supportdesk.notification.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    @Test
    void rN2_aSignatureVerifiesOnlyForItsSecretBodyAndFreshTimestamp() {
        String signature = WebhookSignature.sign("whsec_abc", "d-1", 1_700_000_000L, "{\"a\":1}");
        assertThat(signature).startsWith("v1,");
        assertThat(WebhookSignature.verify("whsec_abc", "d-1", 1_700_000_000L, "{\"a\":1}", signature, 1_700_000_100L, 300))
                .isTrue();
        assertThat(WebhookSignature.verify("whsec_other", "d-1", 1_700_000_000L, "{\"a\":1}", signature, 1_700_000_100L, 300))
                .isFalse();
        assertThat(WebhookSignature.verify("whsec_abc", "d-1", 1_700_000_000L, "{\"a\":2}", signature, 1_700_000_100L, 300))
                .isFalse();
        assertThat(WebhookSignature.verify("whsec_abc", "d-1", 1_700_000_000L, "{\"a\":1}", signature, 1_700_001_000L, 300))
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
}
