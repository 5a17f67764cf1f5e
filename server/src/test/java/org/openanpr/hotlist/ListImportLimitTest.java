package org.openanpr.hotlist;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openanpr.http.Json;
import org.openanpr.testing.ChunkedUpload;
import org.openanpr.testing.ServeProcess;
import org.openanpr.testing.TestServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The list import limit is what the server can hold: a file at the limit imports in a server whose heap has the same
 * ratio to the limit as the default (2 GiB for 64 MiB); a file over it is refused without being read, whatever
 * Content-Length says. Bodies are generated as they are sent, never held by the test.
 */
class ListImportLimitTest {
    /** Heap per byte of import limit, as in the default: 2 GiB for 64 MiB. */
    static final int HEAP_PER_LIMIT = 32;

    /**
     * A chunked (no Content-Length) list file of 40 MiB against a 1 MiB limit: 413 once 1 MiB has been read; the
     * previous code read every byte into memory (only Content-Length was checked) and parsed it.
     */
    @Test
    void aListFileOverTheLimitIsRefusedUnread() throws Exception {
        long limit = 1024 * 1024;
        try (TestServer server = TestServer.start(ListImportLimitTest.class,
                c -> c.withClock(Clock.systemUTC()).withLimits(c.limits().withMaxImportBytes(limit)))) {
            long list = createList(server.baseUrl(), TestServer.ADMIN_TOKEN);
            ChunkedUpload upload = ChunkedUpload.send(server.server().port(), "/api/v1/lists/" + list + "/entries",
                    "text/csv", TestServer.ADMIN_TOKEN, new ListFile(40L * 1024 * 1024, new AtomicLong()));
            assertThat(upload.statusLine()).startsWith("HTTP/1.1 413");
        }
    }

    /**
     * {@code serve --max-import-mb 8} in its own JVM with 32 times that as heap (the default's ratio: 64 MiB in
     * 2 GiB): an 8 MiB file of short rows, the worst case for memory, imports whole. At 20 times it runs out of
     * memory, so the test sees a limit set too high for its heap.
     */
    @Test
    void aListFileAtTheLimitFitsTheHeapItIsSizedFor(@TempDir Path dir) throws Exception {
        // 8 MiB in the suite; -Danpr.importLimitMb=64 checks the default itself in a 2 GiB JVM (about a minute)
        int limitMb = Integer.getInteger("anpr.importLimitMb", 8);
        ServeProcess serve = ServeProcess.start(dir.resolve("data"), dir.resolve("serve.log"),
                List.of("-Xmx" + limitMb * HEAP_PER_LIMIT + "m", "-XX:+ExitOnOutOfMemoryError"),
                List.of("--max-import-mb", String.valueOf(limitMb)));
        try {
            String base = serve.baseUrl();
            HttpClient http = HttpClient.newHttpClient();
            long list = createList(base, ServeProcess.ADMIN_TOKEN);
            AtomicLong produced = new AtomicLong();
            long size = limitMb * 1024L * 1024;
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/lists/" + list + "/entries"))
                    .header("Authorization", "Bearer " + ServeProcess.ADMIN_TOKEN).header("Content-Type", "text/csv").timeout(Duration.ofSeconds(120))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ListFile(size, produced))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(res.statusCode()).as(res.body() + "\n" + serve.output()).isEqualTo(200);
            assertThat(produced.get()).isEqualTo(size);
            JsonNode version = Json.MAPPER.readTree(res.body()).path("version");
            assertThat(version.path("total").asLong()).isEqualTo(ListFile.rows(size));
            assertThat(serve.process().isAlive()).isTrue();
        } finally {
            serve.stop();
        }
    }

    private static long createList(String base, String token) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/v1/lists"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"name":"Large","category":"UNPAID_FINES","purpose":"collect","legalBasis":"WAHV art. 28",
                             "organisation":"utrecht","source":"CJIB"}""")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            return Json.MAPPER.readTree(r.body()).path("id").asLong();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A CSV list file of exactly {@code size} bytes, made up as it is read: a header and then rows of 12 bytes
     * ({@code BB-00-00,NL} and a newline), the shortest realistic row and so the most entries per byte; the last
     * bytes are empty lines (skipped by the import) to hit the size exactly.
     */
    static final class ListFile extends InputStream {
        static final byte[] HEADER = "plate,country\n".getBytes(StandardCharsets.US_ASCII);
        static final int ROW = 12;
        private static final String LETTERS = "BDFGHJKLNPRSTVXZ";
        private final long size;
        private final AtomicLong produced;
        private byte[] current = HEADER;
        private int pos;
        private long row;

        ListFile(long size, AtomicLong produced) {
            this.size = size;
            this.produced = produced;
        }

        static long rows(long size) {
            return (size - HEADER.length) / ROW;
        }

        @Override
        public int read() {
            if (produced.get() >= size) return -1;
            if (pos == current.length) {
                current = row < rows(size) ? row(row++) : pad((int) (size - produced.get()));
                pos = 0;
            }
            produced.incrementAndGet();
            return current[pos++];
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int n = 0;
            while (n < len) {
                int c = read();
                if (c < 0) return n == 0 ? -1 : n;
                b[off + n++] = (byte) c;
            }
            return n;
        }

        /** Unique plates in the sidecodes XX-99-99, 99-XX-99 and 99-99-XX: 7.68 million, a 90 MiB file. */
        private static byte[] row(long i) {
            int digits = (int) (i % 10_000);
            int letters = (int) (i / 10_000 % 256);
            String xx = "" + LETTERS.charAt(letters / 16) + LETTERS.charAt(letters % 16);
            String a = String.format("%02d", digits / 100);
            String b = String.format("%02d", digits % 100);
            String plate = switch ((int) (i / 2_560_000)) {
                case 0 -> xx + "-" + a + "-" + b;
                case 1 -> a + "-" + xx + "-" + b;
                default -> a + "-" + b + "-" + xx;
            };
            return (plate + ",NL\n").getBytes(StandardCharsets.US_ASCII);
        }

        private static byte[] pad(int n) {
            byte[] b = new byte[n];
            java.util.Arrays.fill(b, (byte) '\n');
            return b;
        }
    }
}
