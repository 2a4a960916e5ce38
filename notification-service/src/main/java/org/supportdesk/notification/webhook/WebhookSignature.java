package org.supportdesk.notification.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * R-N2: the signature partners verify (the Standard Webhooks scheme): HMAC-SHA256 with the
 * endpoint's secret over {@code <delivery id>.<unix seconds>.<body>}, sent base64 as
 * {@code webhook-signature: v1,<signature>} with {@code webhook-id} and {@code webhook-timestamp}.
 * The timestamp lets the partner refuse replays older than a few minutes. Pure.
 */
public final class WebhookSignature {

    private WebhookSignature() {
    }

    public static String sign(String secret, String deliveryId, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] signature = mac.doFinal((deliveryId + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(signature);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a partner does: recompute and compare in constant time, and refuse stale timestamps. */
    public static boolean verify(String secret, String deliveryId, long timestamp, String body, String header,
            long nowSeconds, long toleranceSeconds) {
        if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) {
            return false;
        }
        return MessageDigest.isEqual(sign(secret, deliveryId, timestamp, body).getBytes(StandardCharsets.UTF_8),
                header.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The wait before attempt {@code attempt + 1}: exponential from {@code baseSeconds}, capped at
     * an hour, with up to a fifth of jitter (given as 0..1) so retries of many deliveries spread.
     */
    public static long backoffSeconds(int attempt, long baseSeconds, double jitter) {
        long exponential = Math.min(3600, baseSeconds << Math.min(attempt - 1, 20));
        return exponential + Math.round(exponential * 0.2 * jitter);
    }
}
