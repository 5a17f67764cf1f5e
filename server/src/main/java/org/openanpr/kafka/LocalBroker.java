package org.openanpr.kafka;

import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Kafka broker in KRaft mode (broker and controller in one process), run as a child JVM from the Apache Kafka jars
 * on this process's class path: for the tests and {@code bench load}, never for production, where the cluster is
 * the operator's. It can be stopped and started again on the same port and log directory, as a broker restart.
 */
public final class LocalBroker implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final String heap;
    private Process process;

    private LocalBroker(Path dir, int port, int controllerPort, String heap) {
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.heap = heap;
    }

    /** Formats a log directory under {@code dir} and starts the broker on a free port; returns when it answers. */
    public static LocalBroker start(Path dir, String heap) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        LocalBroker b = new LocalBroker(dir, freePort(), freePort(), heap);
        b.writeConfig();
        b.java(List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c",
                b.config().toString(), "--ignore-formatted"), dir.resolve("format.log")).waitFor(120, TimeUnit.SECONDS);
        b.start();
        return b;
    }

    /** Bytes on disk of a topic's partitions (every replica here is this broker's). */
    public long topicBytes(String topic) throws IOException {
        long total = 0;
        try (var dirs = Files.list(dir.resolve("logs"))) {
            for (Path d : dirs.filter(p -> p.getFileName().toString().startsWith(topic + "-")).toList())
                try (var files = Files.walk(d)) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) total += Files.size(f);
                }
        }
        return total;
    }

    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** Starts it (again) and waits until it takes connections. */
    public synchronized void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) return;
        process = java(List.of("kafka.Kafka", config().toString()), dir.resolve("broker.log"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive())
                throw new IllegalStateException("the Kafka broker exited with " + process.exitValue() + "; see " + dir.resolve("broker.log"));
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the Kafka broker did not start within 2 minutes; see " + dir.resolve("broker.log"));
    }

    /** Stops it as an operator would (SIGTERM, a clean shutdown), or kills it after 30 s. */
    public synchronized void stop() throws InterruptedException {
        if (process == null) return;
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        process = null;
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Path config() {
        return dir.resolve("server.properties");
    }

    private void writeConfig() throws IOException {
        String props = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("logs"),
                "num.partitions=1",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "log.flush.interval.messages=9223372036854775807",
                "auto.create.topics.enable=false",
                "");
        Files.writeString(config(), props);
    }

    private Process java(List<String> mainAndArgs, Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + heap);
        cmd.add("-XX:+UseParallelGC");
        cmd.add("-cp");
        cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        cmd.addAll(mainAndArgs);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
