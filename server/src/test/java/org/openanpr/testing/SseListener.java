package org.openanpr.testing;

import com.fasterxml.jackson.databind.JsonNode;
import org.openanpr.http.Json;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A real Server-Sent Events connection that collects the events it receives. */
public final class SseListener implements AutoCloseable {
    public record Event(String name, String id, JsonNode data) {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final StringBuffer raw = new StringBuffer();
    private final HttpResponse<Stream<String>> response;
    private final Thread reader;

    private SseListener(HttpResponse<Stream<String>> response) {
        this.response = response;
        this.reader = Thread.ofVirtual().start(this::read);
    }

    /** Opens the stream and waits for its response headers; the status tells whether the server accepted it. */
    public static SseListener open(String url, String token) throws Exception {
        return open(url, token, null);
    }

    /** Opens the stream as an EventSource reconnects: with the id of the last event it received (when not null). */
    public static SseListener open(String url, String token, String lastEventId) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream");
        if (lastEventId != null) builder.header("Last-Event-ID", lastEventId);
        HttpRequest request = builder.GET().build();
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient()
                .sendAsync(request, HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
        return new SseListener(response);
    }

    public int status() {
        return response.statusCode();
    }

    /** Everything the server sent, once it has closed the response (as it does for a refused request). */
    public String body() throws InterruptedException {
        reader.join(Duration.ofSeconds(5));
        return raw.toString();
    }

    /** Whether the server ended the stream within the timeout. */
    public boolean ended(Duration timeout) throws InterruptedException {
        reader.join(timeout);
        return !reader.isAlive();
    }

    /** The next event, or null when none arrives within the timeout. */
    public Event next(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void read() {
        String name = null;
        String id = null;
        StringBuilder data = new StringBuilder();
        try {
            for (Iterator<String> it = response.body().iterator(); it.hasNext(); ) {
                String line = it.next();
                raw.append(line).append('\n');
                if (line.isEmpty()) {
                    if (!data.isEmpty()) events.add(new Event(name, id, Json.MAPPER.readTree(data.toString())));
                    name = null;
                    id = null;
                    data.setLength(0);
                } else if (line.startsWith("event:")) name = line.substring(6).trim();
                else if (line.startsWith("id:")) id = line.substring(3).trim();
                else if (line.startsWith("data:")) data.append(line.substring(5).trim());
            }
        } catch (Exception ignored) {
            // the stream closed
        }
    }

    @Override
    public void close() {
        response.body().close();
        reader.interrupt();
    }
}
