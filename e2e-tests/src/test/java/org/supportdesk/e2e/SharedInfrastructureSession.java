package org.supportdesk.e2e;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.supportdesk.platform.testing.KafkaResource;
import org.supportdesk.platform.testing.PostgresResource;

/**
 * Stops the in-JVM broker and the embedded PostgreSQL when the test run ends, whichever test class
 * used them last, before the JVM shuts down. Left to the JVM's shutdown hooks, the broker raced the
 * Kafka test kit's own hook, which deletes its log directory: a broker that lost that race found its
 * log directory gone and halted the JVM with exit code 1, failing a run whose tests had all passed.
 */
public final class SharedInfrastructureSession implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        KafkaResource.shutdown();
        PostgresResource.shutdown();
    }
}
