package org.openanpr.cli;

import org.openanpr.db.Database;
import org.openanpr.kafka.KafkaSettings;
import org.openanpr.passage.IngestLimits;
import org.openanpr.server.WorkerNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Takes reads from Kafka and runs the read pipeline on them (match lists, store, alerts): the",
                "workers behind `serve --kafka`. Stateless; start as many as the reads topic has partitions.",
                "Needs the same PostgreSQL server as the serve nodes (--db)."})
final class WorkerCommand implements Callable<Integer> {
    @Mixin
    DatabaseOptions database;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--pool", defaultValue = "16", description = "Database connections (default: ${DEFAULT-VALUE}; a quarter of them, at most 4, write at once).")
    int pool;

    @Option(names = "--metrics-port", defaultValue = "0", description = "Serve /metrics for Prometheus on this port (consumer lag, "
            + "throughput, worker count, this worker's reads stored). Default: none.")
    int metricsPort;

    @Option(names = "--metrics-host", defaultValue = "127.0.0.1", description = "Address the metrics port binds to "
            + "(default: ${DEFAULT-VALUE}; e.g. 0.0.0.0 for a Prometheus on another host).")
    String metricsHost;

    @Override
    public Integer call() throws Exception {
        KafkaSettings settings = kafka.settings();
        if (settings == null) throw new IllegalArgumentException("--kafka BOOTSTRAP is required");
        if (database.url == null)
            throw new IllegalArgumentException("--db is required: a worker writes to the PostgreSQL server of the serve nodes");
        if (pool < 2 || pool > 200) throw new IllegalArgumentException("--pool must be between 2 and 200");
        if (metricsPort < 0 || metricsPort > 65535) throw new IllegalArgumentException("--metrics-port must be between 1 and 65535");
        Database db = database.open(pool).migrate();
        WorkerNode node = WorkerNode.start(db.dataSource(), settings, IngestLimits.DEFAULT, Clock.systemUTC());
        System.out.println("OpenANPR worker consuming " + settings.readsTopic() + " at " + settings.bootstrap()
                + " (group " + settings.workerGroup() + ", database: " + db.displayUrl() + ")");
        if (metricsPort > 0)
            System.out.println("metrics: http://" + metricsHost + ":" + node.serveMetrics(metricsHost, metricsPort) + "/metrics");
        CountDownLatch stopped = new CountDownLatch(1);
        StopOnSignal.install(() -> {
            node.close();
            db.close();
            stopped.countDown();
        });
        stopped.await();
        return 0;
    }
}
