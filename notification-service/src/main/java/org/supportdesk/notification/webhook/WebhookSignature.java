package org.supportdesk.notification.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * R-N2: the signature partners verify (the Standard Webhooks scheme): HMAC-SHA256 over
 * {@code <delivery id>.<unix seconds>.<body>} keyed with the endpoint's secret, {@code whsec_} and the
 * key in base64 (the key is the decoded bytes, as every Standard Webhooks library reads it), sent
 * base64 as {@code webhook-signature: v1,<signature>} with {@code webhook-id} and
 * {@code webhook-timestamp}. The timestamp lets the partner refuse replays older than a few minutes. Pure.
 */
public final class WebhookSignature {

    private WebhookSignature() {
    }

    /** The key a secret stands for, 24 to 64 bytes, as {@link #key} reads it. */
    public static final int MIN_KEY_BYTES = 24;
    public static final int MAX_KEY_BYTES = 64;

    /** A new endpoint's secret: {@code whsec_} and 32 random bytes in base64. */
    public static String newSecret(java.security.SecureRandom random) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    /**
     * The HMAC key of a secret: what follows {@code whsec_} (optional, as the reference libraries have
     * it), base64-decoded. The URL-safe alphabet is read too: endpoints created before the key was
     * decoded were given such secrets. Null when it is not base64 of 24 to 64 bytes.
     */
    public static byte[] key(String secret) {
        String encoded = secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret;
        try {
            byte[] key = Base64.getDecoder().decode(encoded.replace('-', '+').replace('_', '/'));
            return key.length >= MIN_KEY_BYTES && key.length <= MAX_KEY_BYTES ? key : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The signature of a delivery. A secret that is not base64 (a partner's own, accepted before
     * secrets were checked) keys with its UTF-8 bytes, as it did then.
     */
    public static String sign(String secret, String deliveryId, long timestamp, String body) {
        byte[] decoded = key(secret);
        byte[] key = decoded != null ? decoded : secret.getBytes(StandardCharsets.UTF_8);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
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
