package org.supportdesk.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A KRaft Kafka broker (combined broker and controller) as a process of its own, from the test
 * classpath's Kafka: unlike the broker inside the test JVM, it can be stopped and started again on
 * the same port and log directory, as an operator restarts one.
 */
final class BrokerProcess implements AutoCloseable {

    final int port;
    private final Path properties;
    private final Path log;
    private Process process;

    private BrokerProcess(int port, Path properties, Path log) {
        this.port = port;
        this.properties = properties;
        this.log = log;
    }

    /** Formats a new log directory and starts the broker on free ports. */
    static BrokerProcess start() throws Exception {
        Path dir = Files.createTempDirectory("supportdesk-kafka-");
        int port = freePort();
        int controller = freePort();
        Path properties = dir.resolve("server.properties");
        Files.writeString(properties, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=127.0.0.1:" + controller,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=3",
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0", ""));
        Path logs = Files.createDirectories(Path.of(System.getProperty("suite.root", "..")).resolve("e2e-tests/target/e2e-logs"));
        BrokerProcess broker = new BrokerProcess(port, properties, logs.resolve("kafka-" + port + ".log"));
        Process format = java("kafka.tools.StorageTool", "format", "-t", UUID.randomUUID().toString().replace("-", "")
                .substring(0, 22), "-c", properties.toString(), "--standalone")
                .redirectErrorStream(true).redirectOutput(logs.resolve("kafka-" + port + "-format.log").toFile()).start();
        if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
            throw new IllegalStateException("formatting the broker's storage failed; see kafka-" + port + "-format.log");
        }
        broker.startAgain();
        return broker;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker on its port and log directory; answers once it accepts connections. */
    void startAgain() throws Exception {
        process = java("kafka.Kafka", properties.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the broker exited with " + process.exitValue() + "; see " + log);
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the broker did not listen on " + port + "; see " + log);
    }

    /** Stops the broker as an operator does (SIGTERM, a controlled shutdown), waiting for it to end. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            stop();
        }
    }

    private static ProcessBuilder java(String main, String... args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx384m", "-cp", System.getProperty("java.class.path"),
                main));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
