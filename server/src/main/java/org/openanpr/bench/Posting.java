package org.openanpr.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.openanpr.http.Json;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prepared requests posted by several clients at once, each over its own kept-alive connection ({@link KeepAliveClient}),
 * as cameras and agents post them; every answer's {@code accepted} count is checked against the reads it carried.
 */
final class Posting {
    private Posting() {
    }

    /**
     * One request as a camera or agent sends it: its body, with its token, and the reads it carries. The body is sent
     * as its parts in turn, so that requests may share their large parts (the same image in every webhook) instead of
     * holding tens of thousands of copies in the heap the server shares.
     */
    record Request(String token, List<byte[]> body, int reads) {
        Request(String token, byte[] body, int reads) {
            this(token, List.of(body), reads);
        }
    }

    /** How a run of requests went: per request its latency; failed requests; reads not answered "accepted". */
    record Posted(long[] latencies, int failures, long notAccepted) {
    }

    /** Posts the requests from {@code clients} threads and waits for all. */
    static Posted post(URI uri, int clients, List<Request> requests) throws Exception {
        long[] latencies = new long[requests.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        AtomicLong notAccepted = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                done.add(pool.submit(() -> {
                    try (KeepAliveClient http = new KeepAliveClient(uri)) {
                        for (int i = next.getAndIncrement(); i < requests.size(); i = next.getAndIncrement()) {
                            Request r = requests.get(i);
                            long t0 = System.nanoTime();
                            KeepAliveClient.Response res = http.post(r.token(), "application/json", r.body());
                            latencies[i] = System.nanoTime() - t0;
                            int accepted = res.status() == 200 ? accepted(res.body()) : 0;
                            if (accepted != r.reads()) {
                                notAccepted.addAndGet(r.reads() - accepted);
                                if (failures.incrementAndGet() <= 3) System.err.println("request " + i + ": " + res.status()
                                        + " " + res.body().substring(0, Math.min(300, res.body().length())));
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) f.get();
        } finally {
            pool.shutdown();
        }
        return new Posted(latencies, failures.get(), notAccepted.get());
    }

    /** The answer's {@code accepted} count, read without parsing the per-item list that follows it. */
    private static int accepted(String body) throws IOException {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(body)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.FIELD_NAME && p.currentName().equals("accepted")) {
                    p.nextToken();
                    return p.getIntValue();
                }
            }
        }
        return 0;
    }
}
