package org.openanpr.server;

import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

/**
 * A worker's {@code /metrics} for Prometheus, on a port of its own (a worker has no HTTP API). Counts only, no
 * personal data; it binds to 127.0.0.1 unless told otherwise, and answers nothing but {@code GET /metrics}.
 */
final class MetricsPort implements AutoCloseable {
    private final HttpServer server;

    MetricsPort(String host, int port, PrometheusRegistry registry) {
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("--metrics-port " + port + " on " + host + ": " + e.getMessage(), e);
        }
        server.createContext("/", exchange -> {
            try (exchange) {
                if (!exchange.getRequestMethod().equals("GET") || !exchange.getRequestURI().getPath().equals("/metrics")) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                new PrometheusTextFormatWriter(false).write(out, registry.scrape());
                exchange.getResponseHeaders().set("Content-Type", PrometheusTextFormatWriter.CONTENT_TYPE);
                exchange.sendResponseHeaders(200, out.size());
                try (OutputStream body = exchange.getResponseBody()) {
                    out.writeTo(body);
                }
            }
        });
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "worker-metrics");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
