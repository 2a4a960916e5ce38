package org.supportdesk.platform.outbox;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The line from {@link Outbox} to this instance's {@link OutboxRelay}: an append calls {@link #wake},
 * which reaches the relay once the relay runs (its first scheduled pass connects it). The outbox never
 * creates the relay itself, whose Kafka channel may not be wired yet while requests are already
 * served, and a wake never fails the transaction that appended.
 */
@ApplicationScoped
public class OutboxWakes {

    private volatile Runnable relay;

    void connect(Runnable wake) {
        relay = wake;
    }

    /** Asks the relay, if it runs in this instance, for a pass soon. */
    public void wake() {
        Runnable wake = relay;
        if (wake != null) {
            wake.run();
        }
    }
}
