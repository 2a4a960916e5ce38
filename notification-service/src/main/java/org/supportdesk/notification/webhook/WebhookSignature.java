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
     * The HMAC key of a Standard Webhooks secret: what follows {@code whsec_} (optional, as the reference
     * libraries have it), decoded as padded standard base64, the form every library decodes. Null when it
     * is not that, or not 24 to 64 bytes.
     */
    public static byte[] key(String secret) {
        String encoded = secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret;
        if (encoded.length() % 4 != 0) {
            return null;
        }
        try {
            byte[] key = Base64.getDecoder().decode(encoded);
            return key.length >= MIN_KEY_BYTES && key.length <= MAX_KEY_BYTES ? key : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The key an endpoint signs with: its secret's {@link #key} (the Standard Webhooks scheme), or, for an
     * endpoint created before it ({@code standard} false), its secret's text, as its partner verifies.
     */
    public static byte[] signingKey(String secret, boolean standard) {
        byte[] decoded = standard ? key(secret) : null;
        return decoded != null ? decoded : secret.getBytes(StandardCharsets.UTF_8);
    }

    /** The signature of a delivery with a Standard Webhooks secret. */
    public static String sign(String secret, String deliveryId, long timestamp, String body) {
        return sign(signingKey(secret, true), deliveryId, timestamp, body);
    }

    public static String sign(byte[] key, String deliveryId, long timestamp, String body) {
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
