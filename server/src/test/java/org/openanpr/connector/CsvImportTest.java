package org.openanpr.connector;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.db.Sql;
import org.openanpr.testing.TestClock;
import org.openanpr.testing.TestServer;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connector's CSV import of historical reads as a job, with a real server and PostgreSQL: progress and refused lines
 * of a file of several chunks, the same file posted again is the same job, a job a crash abandoned is taken up from its
 * last committed chunk, and another organisation, a role without the right and files that are no CSV of reads refused
 * with nothing stored.
 */
public class CsvImportTest {
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static final TestClock CLOCK = new TestClock(NOW);
    static TestServer server;
    static String gooiAdmin;
    static String utrechtOfficer;

    @BeforeAll
    static void start() {
        server = TestServer.start(CsvImportTest.class, CLOCK);
        for (String org : new String[]{"utrecht", "gooi"})
            assertThat(server.post("/api/v1/organisations", "application/json",
                    "{\"code\":\"%s\",\"name\":\"%s\"}".formatted(org, org)).status()).isIn(201, 409);
        for (String[] cam : new String[][]{{"UT-HIST-01", "utrecht"}, {"UT-HIST-02", "utrecht"}, {"GO-HIST-01", "gooi"}})
            assertThat(server.post("/api/v1/cameras", "application/json",
                    "{\"id\":\"%s\",\"name\":\"%s\",\"lat\":52.09,\"lon\":5.12,\"organisation\":\"%s\"}".formatted(cam[0], cam[0], cam[1])).status())
                    .isEqualTo(201);
        gooiAdmin = server.userToken("gadmin", "gooi", "ADMINISTRATOR");
        utrechtOfficer = server.userToken("uofficer", "utrecht", "OFFICER");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static void connector(String id, String vendorCamera, String camera) {
        TestServer.Response r = server.post("/api/v1/connectors", "application/json",
                "{\"id\":\"%s\",\"kind\":\"OPENALPR\",\"organisation\":\"utrecht\"}".formatted(id));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        TestServer.Response m = server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/connectors/" + id + "/cameras"))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"vendorCamera\":\"%s\",\"camera\":\"%s\"}".formatted(vendorCamera, camera))));
        assertThat(m.status()).as(m.body()).isEqualTo(200);
    }

    /** A plate per line number, distinct over the file: 'HI' + 4 digits. */
    static String plate(int line, String prefix) {
        return prefix + String.format("%04d", line);
    }

    /** {@code lines} reads of one vendor camera, a second apart within the last ten hours; plates prefix + line number. */
    static String readsCsv(String vendorCamera, String prefix, int lines) {
        StringBuilder csv = new StringBuilder("camera,plate,time\n");
        for (int line = 2; line <= lines + 1; line++)
            csv.append(vendorCamera).append(',').append(prefix).append(String.format("%05d", line)).append(',')
                    .append(NOW.minus(Duration.ofHours(10)).plusSeconds(line)).append('\n');
        return csv.toString();
    }

    static void awaitFirstChunk(String connector, long id) throws InterruptedException {
        long until = System.nanoTime() + 60_000_000_000L;
        while (server.get("/api/v1/connectors/" + connector + "/imports/" + id).json().path("linesRead").asInt() < CsvImports.CHUNK) {
            assertThat(System.nanoTime()).as("the first chunk committed").isLessThan(until);
            Thread.sleep(10);
        }
    }

    static long count(String sql, Object... args) {
        return Sql.list(server.db().dataSource(), sql, rs -> rs.getLong(1), args).getFirst();
    }

    @Test
    void aFileOfSeveralChunksShowsItsProgressAndItsFirstThousandRefusedLines() {
        connector("hist-a", "old-1", "UT-HIST-01");
        // 2,500 data lines (lines 2..2501). Every second line of the first 2,400 has no plate (1,200 refused while read);
        // line 2,501 is older than the retention (refused by the read pipeline).
        StringBuilder csv = new StringBuilder("camera,plate,time,country,make\n");
        Instant base = NOW.minus(Duration.ofDays(1));
        for (int line = 2; line <= 2501; line++) {
            boolean bad = line <= 2401 && line % 2 == 1;
            Instant at = line == 2501 ? NOW.minus(Duration.ofDays(400)) : base.plusSeconds(line);
            csv.append("old-1,").append(bad ? "" : plate(line, "HA")).append(',').append(at).append(",NL,Volvo\n");
        }
        csv.append("\n\n"); // blank lines are no data lines
        byte[] file = csv.toString().getBytes(StandardCharsets.UTF_8);
        TestServer.Response posted = server.post("/api/v1/connectors/hist-a/imports?name=export-2026.csv", "text/csv", csv.toString());
        assertThat(posted.status()).as(posted.body()).isEqualTo(202);
        assertThat(posted.json().path("lines").asInt()).isEqualTo(2500);
        assertThat(posted.json().path("sha256").asText()).isEqualTo(CsvImports.sha256(file));
        assertThat(posted.json().path("fileName").asText()).isEqualTo("export-2026.csv");
        long id = posted.json().path("id").asLong();

        JsonNode job = awaitImport(server, "hist-a", id);
        assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("DONE");
        assertThat(job.path("linesRead").asInt()).isEqualTo(2500);
        assertThat(job.path("refused").asInt()).isEqualTo(1201);
        assertThat(job.path("accepted").asInt()).isEqualTo(1299);
        assertThat(job.path("duplicates").asInt()).isZero();
        JsonNode refused = job.path("refusedLines");
        assertThat(refused.size()).as("the first 1,000 refused lines are kept").isEqualTo(1000);
        assertThat(refused.get(0).path("line").asInt()).isEqualTo(3);
        assertThat(refused.get(0).path("reason").asText()).isEqualTo("plate: empty");
        assertThat(refused.get(999).path("line").asInt()).isEqualTo(2001);
        assertThat(count("select count(*) from passage where plate like 'HA%' and camera_id = 'UT-HIST-01'")).isEqualTo(1299);
        assertThat(count("select count(*) from connector_import where id = ? and content is null", id)).as("the file goes when done").isEqualTo(1);

        // Posted again: the same job, not a second import.
        TestServer.Response again = server.post("/api/v1/connectors/hist-a/imports", "text/csv", csv.toString());
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("id").asLong()).isEqualTo(id);
        assertThat(server.get("/api/v1/connectors/hist-a/imports").json().size()).isEqualTo(1);
        // On the record with the file's SHA-256, in the request's transaction, both times.
        assertThat(count("select count(*) from audit_log where action = 'ADMIN' and target = ? and details->>'sha256' = ?",
                "connector hist-a import " + id, CsvImports.sha256(file))).isEqualTo(2);
    }

    @Test
    void aJobACrashAbandonedIsTakenUpFromItsLastCommittedChunk() {
        connector("hist-b", "old-2", "UT-HIST-02");
        StringBuilder csv = new StringBuilder("camera;plate;time\n");
        for (int line = 2; line <= 2501; line++)
            csv.append("old-2;").append(plate(line, "HB")).append(';').append(NOW.minus(Duration.ofHours(5)).plusSeconds(line)).append('\n');
        byte[] file = csv.toString().getBytes(StandardCharsets.UTF_8);
        // As a server that crashed after committing its first chunk left it: running, under a runner that is gone, the
        // first 1,000 lines counted (their reads were delivered then; here they never were, so a restart from the top
        // would show in the passages).
        Instant lastProgress = CLOCK.instant();
        long id = Sql.list(server.db().dataSource(), """
                insert into connector_import (connector_id, organisation, sha256, size, lines, content, state, next_line,
                        lines_read, accepted, runner, attempts, created_by, created_at, updated_at)
                values ('hist-b', 'utrecht', ?, ?, 2500, ?, 'RUNNING', 1002, 1000, 1000, ?, 1, 'admin', ?, ?) returning id""",
                rs -> rs.getLong(1), CsvImports.sha256(file), (long) file.length, file, UUID.randomUUID(), lastProgress, lastProgress).getFirst();
        CsvImports imports = server.server().connectors().imports();
        CLOCK.advance(Duration.ofSeconds(90));
        assertThat(imports.resumeAbandoned()).as("90 s without progress is not abandoned").isZero();
        assertThat(server.get("/api/v1/connectors/hist-b/imports/" + id).json().path("state").asText()).isEqualTo("RUNNING");
        CLOCK.advance(Duration.ofSeconds(31));
        // What the server's maintenance does every 30 s (it may have been first).
        imports.resumeAbandoned();
        JsonNode job = awaitImport(server, "hist-b", id);
        assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("DONE");
        assertThat(job.path("linesRead").asInt()).isEqualTo(2500);
        assertThat(job.path("accepted").asInt()).isEqualTo(2500);
        assertThat(count("select count(*) from passage where plate like 'HB%'")).as("lines 1,002 on, not the committed chunk again")
                .isEqualTo(1500);
        assertThat(count("select count(*) from passage where plate = ?", plate(1001, "HB"))).isZero();
        assertThat(count("select count(*) from passage where plate = ?", plate(1002, "HB"))).isEqualTo(1);
        assertThat(imports.resumeAbandoned()).as("a finished job is not taken up").isZero();
    }

    @Test
    void anotherOrganisationARoleWithoutTheRightAndFilesThatAreNoCsvOfReadsAreRefused() {
        connector("hist-c", "old-3", "UT-HIST-01");
        String good = "camera,plate,time\nold-3,HC0001," + NOW.minusSeconds(60) + "\n";
        TestServer.Response ok = server.post("/api/v1/connectors/hist-c/imports", "text/csv", good);
        assertThat(ok.status()).isEqualTo(202);
        long id = ok.json().path("id").asLong();
        long jobs = count("select count(*) from connector_import");

        // Another organisation's administrator: as unknown as a connector that does not exist.
        assertThat(server.post("/api/v1/connectors/hist-c/imports", "text/csv", good.replace("HC0001", "HC0002"), gooiAdmin).status()).isEqualTo(404);
        assertThat(server.get("/api/v1/connectors/hist-c/imports", gooiAdmin).status()).isEqualTo(404);
        assertThat(server.get("/api/v1/connectors/hist-c/imports/" + id, gooiAdmin).status()).isEqualTo(404);
        // A role without MANAGE_CAMERAS.
        assertThat(server.post("/api/v1/connectors/hist-c/imports", "text/csv", good, utrechtOfficer).status()).isEqualTo(403);
        assertThat(server.get("/api/v1/connectors/hist-c/imports/" + id, utrechtOfficer).status()).isEqualTo(403);
        // An import id of another connector, or none.
        connector("hist-d", "old-4", "UT-HIST-01");
        assertThat(server.get("/api/v1/connectors/hist-d/imports/" + id).status()).isEqualTo(404);
        assertThat(server.get("/api/v1/connectors/hist-c/imports/abc").status()).isEqualTo(400);

        // Files that are no CSV of reads: refused whole, nothing stored.
        assertThat(server.post("/api/v1/connectors/hist-c/imports", "application/json", "{\"camera\":1}").status()).isEqualTo(415);
        TestServer.Response binary = server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/connectors/hist-c/imports"))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[]{(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, (byte) 0xFF})));
        assertThat(binary.status()).isEqualTo(400);
        assertThat(binary.reason()).contains("not UTF-8");
        assertThat(server.post("/api/v1/connectors/hist-c/imports", "text/csv", "camera,plate,time\nold-3,AB\u0000CD,2026-11-23T09:00:00Z\n").reason())
                .contains("binary");
        assertThat(server.post("/api/v1/connectors/hist-c/imports", "text/csv", "kenteken;tijdstip\nAB12CD;2026-11-23T09:00:00Z\n").reason())
                .contains("no 'camera' column");
        TestServer.Response huge = server.post("/api/v1/connectors/hist-c/imports", "text/csv",
                "camera,plate,time\nold-3,HC0003,2026-11-23T09:00:00Z\nold-3," + "X".repeat(100_000) + ",2026-11-23T09:00:00Z\n");
        assertThat(huge.status()).isEqualTo(400);
        assertThat(huge.reason()).contains("line 3").contains("8192");
        assertThat(server.post("/api/v1/connectors/hist-c/imports", "text/csv", "").status()).isEqualTo(400);
        assertThat(server.post("/api/v1/connectors/hist-c/imports?name=a%0Ab.csv", "text/csv", good.replace("HC0001", "HC0004")).status())
                .isEqualTo(400);
        assertThat(count("select count(*) from connector_import")).isEqualTo(jobs);
        assertThat(count("select count(*) from passage where plate = 'HC0003'")).isZero();

        // A deleted connector takes its jobs with it.
        awaitImport(server, "hist-c", id);
        assertThat(server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/connectors/hist-c"))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).DELETE()).status()).isEqualTo(204);
        assertThat(count("select count(*) from connector_import where connector_id = 'hist-c'")).isZero();
    }

    @Test
    void aRunningImportCancelledStopsAfterItsChunkKeepsWhatItDeliveredAndStartsOverWhenPostedAgain() throws Exception {
        connector("hist-k", "old-11", "UT-HIST-01");
        // 30 chunks: cancelled once the first is committed, long before the last.
        String csv = readsCsv("old-11", "HK", 30_000);
        TestServer.Response posted = server.post("/api/v1/connectors/hist-k/imports?name=wrong.csv", "text/csv", csv);
        assertThat(posted.status()).as(posted.body()).isEqualTo(202);
        long id = posted.json().path("id").asLong();
        awaitFirstChunk("hist-k", id);

        TestServer.Response cancelled = server.post("/api/v1/connectors/hist-k/imports/" + id + "/cancel", "application/json", "");
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(cancelled.json().path("state").asText()).isEqualTo("CANCELLED");
        assertThat(cancelled.json().path("cancelledBy").asText()).isEqualTo("admin (ANPR_ADMIN_TOKEN)");
        assertThat(count("select count(*) from connector_import where id = ? and content is null and finished_at is not null", id))
                .as("the file goes at once").isEqualTo(1);
        // The runner finishes the chunk it was delivering (whether it had begun it or not), counts it, and stops.
        int atCancel = cancelled.json().path("linesRead").asInt();
        long until = System.nanoTime() + 60_000_000_000L;
        while (server.get("/api/v1/connectors/hist-k/imports/" + id).json().path("linesRead").asInt() < atCancel + 1000) {
            assertThat(System.nanoTime()).as("the chunk in hand counted").isLessThan(until);
            Thread.sleep(20);
        }
        Thread.sleep(1000);
        JsonNode settled = server.get("/api/v1/connectors/hist-k/imports/" + id).json();
        assertThat(settled.path("state").asText()).isEqualTo("CANCELLED");
        assertThat(settled.path("linesRead").asInt()).as("and no chunk after it").isEqualTo(atCancel + 1000);
        int delivered = settled.path("accepted").asInt();
        assertThat(delivered).isEqualTo(atCancel + 1000).isLessThan(30_000);
        assertThat(count("select count(*) from passage where plate like 'HK%'")).isEqualTo(delivered);
        CLOCK.advance(CsvImports.ABANDONED.plusMinutes(1));
        assertThat(server.server().connectors().imports().resumeAbandoned()).as("a cancelled job is not taken up").isZero();
        assertThat(count("select count(*) from audit_log where action = 'ADMIN' and target = ? and details->>'action' = 'cancel CSV import'",
                "connector hist-k import " + id)).isEqualTo(1);

        // Ended: nothing to cancel.
        TestServer.Response again = server.post("/api/v1/connectors/hist-k/imports/" + id + "/cancel", "application/json", "");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.reason()).contains("CANCELLED");

        // The same file posted again starts over from its first line; what was delivered counts as duplicates.
        TestServer.Response restarted = server.post("/api/v1/connectors/hist-k/imports?name=right.csv", "text/csv", csv);
        assertThat(restarted.status()).as(restarted.body()).isEqualTo(202);
        assertThat(restarted.json().path("id").asLong()).isEqualTo(id);
        JsonNode done = awaitImport(server, "hist-k", id);
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("DONE");
        assertThat(done.path("fileName").asText()).isEqualTo("right.csv");
        assertThat(done.path("linesRead").asInt()).isEqualTo(30_000);
        assertThat(done.path("duplicates").asInt()).isEqualTo(delivered);
        assertThat(done.path("accepted").asInt()).isEqualTo(30_000 - delivered);
        assertThat(done.path("cancelledBy").isNull()).isTrue();
        assertThat(count("select count(*) from passage where plate like 'HK%'")).isEqualTo(30_000);
    }

    @Test
    void aFilePostedAgainAtOnceAfterItsCancelStartsOverWithoutWaitingForTheMaintenance() throws Exception {
        connector("hist-n", "old-14", "UT-HIST-02");
        String csv = readsCsv("old-14", "HN", 10_000);
        long id = server.post("/api/v1/connectors/hist-n/imports", "text/csv", csv).json().path("id").asLong();
        awaitFirstChunk("hist-n", id);
        assertThat(server.post("/api/v1/connectors/hist-n/imports/" + id + "/cancel", "application/json", "").status()).isEqualTo(200);
        // While the cancelled runner still finishes its chunk (this test's clock stands still: no maintenance take-up).
        TestServer.Response again = server.post("/api/v1/connectors/hist-n/imports", "text/csv", csv);
        assertThat(again.status()).as(again.body()).isEqualTo(202);
        JsonNode done = awaitImport(server, "hist-n", id);
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("DONE");
        assertThat(done.path("linesRead").asInt()).isEqualTo(10_000);
        assertThat(done.path("accepted").asInt() + done.path("duplicates").asInt()).isEqualTo(10_000);
        assertThat(count("select count(*) from passage where plate like 'HN%'")).isEqualTo(10_000);
    }

    @Test
    void anotherOrganisationARoleWithoutTheRightAndHostileIdsCannotCancelAnImport() {
        connector("hist-l", "old-12", "UT-HIST-02");
        byte[] file = "camera,plate,time\nold-12,HL0001,2026-11-23T09:00:00Z\n".getBytes(StandardCharsets.UTF_8);
        // Queued behind another import: nobody runs it yet.
        long id = Sql.list(server.db().dataSource(), """
                insert into connector_import (connector_id, organisation, sha256, size, lines, content, state, created_by, created_at, updated_at)
                values ('hist-l', 'utrecht', ?, ?, 1, ?, 'QUEUED', 'admin', ?, ?) returning id""",
                rs -> rs.getLong(1), CsvImports.sha256(file), (long) file.length, file, CLOCK.instant(), CLOCK.instant()).getFirst();
        String cancel = "/api/v1/connectors/hist-l/imports/" + id + "/cancel";
        assertThat(server.post(cancel, "application/json", "", gooiAdmin).status()).as("another organisation's").isEqualTo(404);
        assertThat(server.post(cancel, "application/json", "", utrechtOfficer).status()).as("without MANAGE_CAMERAS").isEqualTo(403);
        assertThat(server.post("/api/v1/connectors/hist-l/imports/abc/cancel", "application/json", "").status()).isEqualTo(400);
        assertThat(server.post("/api/v1/connectors/hist-l/imports/99999999/cancel", "application/json", "").status()).isEqualTo(404);
        assertThat(server.post("/api/v1/connectors/hist-l/imports/1%27%3B%20drop%20table%20passage/cancel", "application/json", "").status())
                .isEqualTo(400);
        connector("hist-m", "old-13", "UT-HIST-02");
        assertThat(server.post("/api/v1/connectors/hist-m/imports/" + id + "/cancel", "application/json", "").status())
                .as("another connector's import").isEqualTo(404);
        assertThat(count("select count(*) from connector_import where id = ? and state = 'QUEUED' and content is not null", id))
                .as("untouched by every refused cancel").isEqualTo(1);
        assertThat(server.post(cancel, "application/json", "").status()).isEqualTo(200);
    }

    @Test
    void theRefusedLinesOfAFinishedImportGoWithTheConnectorsTermForRejectedPayloads() {
        TestServer.Response r = server.post("/api/v1/connectors", "application/json",
                "{\"id\":\"hist-e\",\"kind\":\"OPENALPR\",\"organisation\":\"utrecht\",\"settings\":{\"rejectedDays\":2}}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        TestServer.Response posted = server.post("/api/v1/connectors/hist-e/imports", "text/csv",
                "camera,plate,time\nold-5,,2026-11-23T09:00:00Z\nold-5,HE0001,later\n");
        long id = posted.json().path("id").asLong();
        assertThat(awaitImport(server, "hist-e", id).path("refusedLines").size()).isEqualTo(2);
        CLOCK.advance(Duration.ofDays(2).plusMinutes(1));
        assertThat(server.post("/api/v1/retention/purge", "application/json", "").status()).isEqualTo(200);
        JsonNode job = server.get("/api/v1/connectors/hist-e/imports/" + id).json();
        assertThat(job.path("refusedLines").size()).isZero();
        assertThat(job.path("refused").asInt()).as("the counts stay").isEqualTo(2);
        assertThat(count("select count(*) from purge_log where organisation = 'utrecht' and what = ?",
                "refused lines of CSV imports of connector hist-e past its term of 2 days")).isEqualTo(1);
    }

    /** The import job once it has ended (DONE or FAILED), with its refused lines. */
    public static JsonNode awaitImport(TestServer server, String connector, long id) {
        long until = System.nanoTime() + 120_000_000_000L;
        while (true) {
            TestServer.Response r = server.get("/api/v1/connectors/" + connector + "/imports/" + id);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            String state = r.json().path("state").asText();
            if (state.equals("DONE") || state.equals("FAILED")) return r.json();
            assertThat(System.nanoTime()).as("import " + id + " still " + state + ": " + r.body()).isLessThan(until);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
