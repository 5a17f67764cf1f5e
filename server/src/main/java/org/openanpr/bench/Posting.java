package org.openanpr.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.openanpr.http.Json;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Prepared requests posted by several clients at once, each over its own kept-alive connection ({@link AgentConnection}),
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

    /**
     * Posts the requests over {@code clients} connections, each sending its next request once its last was answered,
     * and waits for all. One thread drives every connection: 32 blocking client threads, each woken for each answer,
     * were 17.6 % of this JVM's CPU samples in {@code bench connectors} (one thread: 7.2 %), and on the same two cores
     * as the server that is measured as the server's.
     */
    static Posted post(URI uri, int clients, List<Request> requests) throws IOException {
        long[] latencies = new long[requests.size()];
        int next = 0;
        int failures = 0;
        long notAccepted = 0;
        try (Selector selector = Selector.open()) {
            List<AgentConnection> connections = new ArrayList<>(clients);
            for (int c = 0; c < clients && next < requests.size(); c++) {
                AgentConnection connection = new AgentConnection(uri, selector);
                connections.add(connection);
                send(connection, next, requests.get(next++));
            }
            int inFlight = connections.size();
            try {
                while (inFlight > 0) {
                    selector.select();
                    for (Iterator<SelectionKey> keys = selector.selectedKeys().iterator(); keys.hasNext(); ) {
                        SelectionKey key = keys.next();
                        keys.remove();
                        AgentConnection connection = (AgentConnection) key.attachment();
                        if (!key.isValid()) continue;
                        if (key.isWritable()) {
                            connection.onWritable();
                            continue;
                        }
                        int i = connection.request;
                        AgentConnection.Response res = connection.onReadable();
                        if (res == null) continue;
                        latencies[i] = System.nanoTime() - connection.sentAt;
                        Request r = requests.get(i);
                        int accepted = res.status() == 200 ? accepted(res.body()) : 0;
                        if (accepted != r.reads()) {
                            notAccepted += r.reads() - accepted;
                            if (++failures <= 3) System.err.println("request " + i + ": " + res.status()
                                    + " " + res.body().substring(0, Math.min(300, res.body().length())));
                        }
                        if (next < requests.size()) send(connection, next, requests.get(next++));
                        else inFlight--;
                    }
                }
            } finally {
                connections.forEach(AgentConnection::close);
            }
        }
        return new Posted(latencies, failures, notAccepted);
    }

    private static void send(AgentConnection connection, int index, Request r) throws IOException {
        connection.send(index, r.token(), "application/json", r.body());
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
