package org.openanpr.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.openanpr.access.Tokens;
import org.openanpr.db.Database;
import org.openanpr.http.ApiClient;
import org.openanpr.http.Json;
import org.openanpr.server.OpenAnprServer;
import org.openanpr.server.ServerConfig;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reference-list import end to end: a CSV of N entries posted over HTTP as a full replace, through parsing, the
 * atomic swap in PostgreSQL and the matcher's index rebuild, until the answer. Then a second replace over the first
 * (half the entries new), which is what a nightly list refresh does.
 */
public final class ImportBenchmark {
    private final int entries;
    private final Path data;

    public ImportBenchmark(int entries, Path data) {
        this.entries = entries;
        this.data = data;
    }

    public int run(PrintStream out) throws Exception {
        IngestBenchmark.wipe(data);
        String token = Tokens.generate("bench");
        try (Database db = Database.embedded(data, 8).migrate();
             OpenAnprServer server = OpenAnprServer.start(db.dataSource(), ServerConfig.defaults(0).withAdminToken(token))) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String base = "http://127.0.0.1:" + server.port();
            long list = new ApiClient(base, token).post("/api/v1/lists", "application/json", """
                            {"name":"bench fines","category":"UNPAID_FINES","purpose":"bench","legalBasis":"WAHV art. 28",
                             "organisation":"bench","source":"CJIB"}""").path("id").asLong();
            URI upload = URI.create(base + "/api/v1/lists/" + list + "/entries?mode=replace");

            byte[] first = csv(0);
            byte[] second = csv(entries / 2);
            out.println(MachineInfo.describe());
            out.printf(Locale.ROOT, "bench import: %,d entries per file (%.1f MB CSV), full replace over HTTP into embedded PostgreSQL%n",
                    entries, first.length / 1e6);
            double t1 = post(http, upload, token, first, entries, out, "first import (empty list)");
            double t2 = post(http, upload, token, second, entries, out, "second import (replaces, half new)");
            out.printf(Locale.ROOT, "import s: %.2f%n", Math.max(t1, t2));
            return t1 < 10 && t2 < 10 ? 0 : 1;
        }
    }

    private double post(HttpClient http, URI upload, String token, byte[] body, int expected, PrintStream out, String what)
            throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(upload).header("Authorization", "Bearer " + token)
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        double seconds = (System.nanoTime() - start) / 1e9;
        if (res.statusCode() != 200) throw new IllegalStateException(what + " failed: " + res.statusCode() + " " + res.body());
        JsonNode version = Json.MAPPER.readTree(res.body()).path("version");
        if (version.path("total").asInt() != expected)
            throw new IllegalStateException(what + ": list holds " + version.path("total") + " entries, expected " + expected);
        out.printf(Locale.ROOT, "%s: %.2f s, %,.0f entries/s, version %d: %,d added, %,d removed, %,d in the list%n", what,
                seconds, expected / seconds, version.path("version").asInt(), version.path("added").asInt(),
                version.path("removed").asInt(), version.path("total").asInt());
        return seconds;
    }

    private byte[] csv(int offset) {
        StringBuilder sb = new StringBuilder(entries * 40).append("plate,country,reason,amount\n");
        for (int i = 0; i < entries; i++)
            sb.append(SyntheticReads.uniquePlate(offset + i)).append(",NL,unpaid fine CJIB-").append(offset + i)
                    .append(',').append(50 + (i % 400)).append(".00\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
