package org.supportdesk.notification.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** R-N2: how partner webhooks are delivered. */
@ConfigMapping(prefix = "notification.webhooks")
public interface WebhookConfig {

    /** Whether this replica sends deliveries (every replica may; each delivery is claimed by one). */
    @WithDefault("true")
    boolean enabled();

    /** The first retry's wait; each further one doubles it (capped at an hour), plus up to 20% jitter. */
    @WithDefault("10s")
    Duration baseDelay();

    /**
     * Attempts before a delivery is dead-lettered (it can still be replayed). With the defaults the waits
     * add up to over 7 hours, so a partner's endpoint down for a deploy or a night's maintenance
     * misses nothing.
     */
    @WithDefault("16")
    int maxAttempts();

    /**
     * How long a call to a partner endpoint may take, from the wait for a connection to its answer's
     * last byte (a trickled answer is cut there); a slow endpoint never holds up the others.
     */
    @WithDefault("5s")
    Duration timeout();

    /**
     * Whether deliveries may go to an endpoint whose address is not public (loopback, private, link-local:
     * {@link PublicAddresses}); off, such a delivery fails with the reason. The local stack's demo partner
     * and the tests' endpoints listen on loopback.
     */
    @WithDefault("false")
    boolean allowPrivateAddresses();

    /** Deliveries claimed per round (sent concurrently). */
    @WithDefault("50")
    int batchSize();
}
