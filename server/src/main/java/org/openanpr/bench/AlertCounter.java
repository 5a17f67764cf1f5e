package org.openanpr.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.openanpr.http.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** An officer's client on the alert stream, counting the distinct reads it was alerted to. */
final class AlertCounter implements AutoCloseable {
    private final HttpResponse<Stream<String>> stream;
    private final Set<UUID> alerted = ConcurrentHashMap.newKeySet();
    private final Thread listener;

    private AlertCounter(HttpResponse<Stream<String>> stream) {
        this.stream = stream;
        this.listener = Thread.ofPlatform().daemon().name("bench-alert-listener").start(this::listen);
    }

    static AlertCounter connect(String baseUrl, String token) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<Stream<String>> stream = http.sendAsync(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/alerts/stream"))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
        if (stream.statusCode() != 200) throw new IllegalStateException("alert stream answered " + stream.statusCode());
        return new AlertCounter(stream);
    }

    long received() {
        return alerted.size();
    }

    /** Waits until {@code n} reads were alerted, or the time is up: alerts follow the answers, never precede them. */
    void awaitAtLeast(long n, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (alerted.size() < n && System.nanoTime() < deadline) Thread.sleep(20);
    }

    private void listen() {
        try {
            stream.body().forEach(line -> {
                if (!line.startsWith("data:")) return;
                try {
                    JsonNode passage = Json.MAPPER.readTree(line.substring(5)).path("hit").path("passageId");
                    if (passage.isTextual()) alerted.add(UUID.fromString(passage.asText()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException closed) {
            // the benchmark closed the stream
        }
    }

    @Override
    public void close() {
        stream.body().close();
        listener.interrupt();
    }
}
