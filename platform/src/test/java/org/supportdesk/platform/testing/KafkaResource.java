package org.supportdesk.platform.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node KRaft Kafka broker (combined broker and controller) inside the test JVM, on a
 * random port; started on first use, stopped with the Quarkus application (or by {@link #shutdown()}).
 * Topics are created on first use.
 */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {

    private static KafkaClusterTestKit cluster;

    public static synchronized String bootstrapServers() {
        if (cluster == null) {
            try {
                KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .build())
                        .setConfigProp("auto.create.topics.enable", "true")
                        .setConfigProp("num.partitions", "3")
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("transaction.state.log.replication.factor", "1")
                        .setConfigProp("transaction.state.log.min.isr", "1")
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
                        .build();
                kit.format();
                kit.startup();
                kit.waitForReadyBrokers();
                cluster = kit;
            } catch (Exception e) {
                throw new IllegalStateException("in-JVM Kafka broker did not start", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(KafkaResource::shutdown));
        }
        return cluster.bootstrapServers();
    }

    /** Stops the broker (idempotent); a test that owns the JVM's lifecycle calls it when done. */
    public static synchronized void shutdown() {
        if (cluster != null) {
            try {
                cluster.close();
            } catch (Exception e) {
                System.err.println("in-JVM Kafka broker did not close cleanly: " + e);
            }
            cluster = null;
        }
    }

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", bootstrapServers());
    }

    /**
     * Stops the broker when Quarkus stops its test resources, before the JVM shuts down: the test kit
     * deletes the broker's log directory in a JVM shutdown hook of its own, and a broker still running
     * then would find its log directory gone and halt the JVM.
     */
    @Override
    public void stop() {
        shutdown();
    }
}
