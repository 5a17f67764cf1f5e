package org.openanpr.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.access.AccessFilter;
import org.openanpr.access.TokenStore;
import org.openanpr.db.Database;
import org.openanpr.http.ApiException;
import org.openanpr.http.Json;
import org.openanpr.testing.TestClock;
import org.openanpr.testing.TestDatabase;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit API on a Javalin app of its own with the real access filter (the server wires it in OpenAnprServer):
 * administrators only, filters, newest first, a CSV export with the hashes, and reading the log recorded in it.
 */
class AuditRoutesTest {
    static final String ADMIN = "adm_audit-test-token-of-at-least-32-characters";
    static final Instant START = Instant.parse("2026-11-23T10:00:00Z");
    static Database db;
    static Javalin app;
    static String camera;
    static AuditLog log;
    static final HttpClient http = HttpClient.newHttpClient();

    record Response(int status, String body, String contentType) {
        JsonNode json() throws Exception {
            return Json.MAPPER.readTree(body);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.freshSchema(AuditRoutesTest.class);
        TestClock clock = new TestClock(START);
        log = new AuditLog(db.dataSource(), clock);
        TokenStore tokens = new TokenStore(db.dataSource(), clock);
        tokens.registerAdmin(ADMIN, "admin");
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("insert into organisation (code, name) values ('utrecht', 'Utrecht')");
            st.execute("""
                    insert into camera (id, name, type, lat, lon, organisation, status)
                    values ('C1', 'C1', 'FIXED', 52.08, 5.04, 'utrecht', 'ACTIVE')""");
        }
        camera = tokens.issueCameraToken("C1");
        // seq 1..6: officers a and b alternate; odd records are searches, even ones hit views; a minute apart
        for (int i = 1; i <= 6; i++) {
            log.record(new AuditEntry(i % 2 == 1 ? "a" : "b", "utrecht",
                    i % 2 == 1 ? AuditEntry.Action.PASSAGE_SEARCH : AuditEntry.Action.HIT_VIEW, "plate 11-AAA-" + i,
                    "art. 126jj Sv", "2026-UTR-" + i, "purpose, with \"quotes\"", i, Map.of("n", i)));
            clock.advance(Duration.ofMinutes(1));
        }
        AccessFilter access = new AccessFilter(tokens, p -> org.openanpr.access.Visibility.everything());
        app = Javalin.create(c -> c.jsonMapper(new JavalinJackson(Json.MAPPER, false)));
        app.before(access::authenticate);
        app.exception(ApiException.class, (e, ctx) -> ctx.status(e.status()).json(Map.of("reason", e.getMessage())));
        new AuditRoutes(log, access).register(app);
        app.start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        app.stop();
        db.close();
    }

    static Response get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).GET();
        if (token != null) b.header("Authorization", "Bearer " + token);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(""));
    }

    static List<Long> seqs(JsonNode records) {
        return StreamSupport.stream(records.spliterator(), false).map(r -> r.path("seq").asLong()).toList();
    }

    @Test
    void onlyAnAdministratorReadsTheLog() throws Exception {
        assertThat(get("/api/v1/audit", null).status()).isEqualTo(401);
        assertThat(get("/api/v1/audit", camera).status()).isEqualTo(403);
        assertThat(get("/api/v1/audit/export", camera).status()).isEqualTo(403);
    }

    @Test
    void filtersNewestFirst() throws Exception {
        Response r = get("/api/v1/audit?actor=a&action=passage_search", ADMIN);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(seqs(r.json())).containsExactly(5L, 3L, 1L);
        JsonNode newest = r.json().get(0);
        assertThat(newest.path("caseNumber").asText()).isEqualTo("2026-UTR-5");
        assertThat(newest.path("resultCount").asInt()).isEqualTo(5);
        assertThat(newest.path("details").path("n").asInt()).isEqualTo(5);
        assertThat(newest.path("hash").asText()).hasSize(64);

        r = get("/api/v1/audit?action=HIT_VIEW&from=2026-11-23T11:01:00%2B01:00&to=2026-11-23T10:05:00Z", ADMIN);
        assertThat(seqs(r.json())).containsExactly(4L, 2L);
        r = get("/api/v1/audit?actor=b&limit=2", ADMIN);
        assertThat(seqs(r.json())).containsExactly(6L, 4L);
    }

    @Test
    void badFiltersAreRefused() throws Exception {
        assertThat(get("/api/v1/audit?action=NOSUCH", ADMIN).status()).isEqualTo(400);
        assertThat(get("/api/v1/audit?from=yesterday", ADMIN).status()).isEqualTo(400);
        assertThat(get("/api/v1/audit?limit=0", ADMIN).status()).isEqualTo(400);
    }

    @Test
    void exportIsCsvOldestFirstAndRecorded() throws Exception {
        Response r = get("/api/v1/audit/export?actor=a", ADMIN);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/csv");
        List<String> lines = r.body().lines().toList();
        assertThat(lines.getFirst()).isEqualTo(
                "seq,at,actor,organisation,action,target,legal_basis,case_number,purpose,result_count,details,prev_hash,hash");
        List<List<String>> rows = new ArrayList<>();
        try (MappingIterator<List<String>> it = new CsvMapper().readerForListOf(String.class)
                .with(CsvParser.Feature.WRAP_AS_ARRAY).readValues(r.body())) {
            it.forEachRemaining(rows::add);
        }
        assertThat(rows).hasSize(4);
        assertThat(rows.get(1).subList(0, 11)).containsExactly("1", "2026-11-23T10:00:00Z", "a", "utrecht", "PASSAGE_SEARCH",
                "plate 11-AAA-1", "art. 126jj Sv", "2026-UTR-1", "purpose, with \"quotes\"", "1", "{\"n\":1}");
        assertThat(rows.get(1).get(11)).isEqualTo("0".repeat(64));
        assertThat(rows.get(2).get(0)).isEqualTo("3");
        assertThat(rows.get(3).get(0)).isEqualTo("5");

        JsonNode exports = get("/api/v1/audit?action=EXPORT&actor=admin", ADMIN).json();
        assertThat(exports).isNotEmpty();
        assertThat(exports.get(0).path("target").asText()).isEqualTo("audit_log");
        assertThat(exports.get(0).path("details").path("actor").asText()).isEqualTo("a");
        assertThat(new AuditVerifier(db.dataSource()).verify().ok()).isTrue();
    }

    /** Empty fields stay empty cells in their own column, and text a spreadsheet would run is defused. */
    @Test
    void exportKeepsEveryColumnInPlaceAndDefusesFormulas() throws Exception {
        long seq = log.record(new AuditEntry("x-formula", null, AuditEntry.Action.HIT_VIEW, "=HYPERLINK(\"http://evil\",\"x\")",
                null, null, null, null, null));
        Response r = get("/api/v1/audit/export?actor=x-formula", ADMIN);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<List<String>> rows = new ArrayList<>();
        try (MappingIterator<List<String>> it = new CsvMapper().readerForListOf(String.class)
                .with(CsvParser.Feature.WRAP_AS_ARRAY).readValues(r.body())) {
            it.forEachRemaining(rows::add);
        }
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1)).as(r.body()).hasSize(13);
        assertThat(rows.get(1).get(0)).isEqualTo(String.valueOf(seq));
        assertThat(rows.get(1).get(5)).isEqualTo("'=HYPERLINK(\"http://evil\",\"x\")");
        assertThat(rows.get(1).subList(6, 11)).containsOnly("");
        assertThat(rows.get(1).get(11)).hasSize(64);
        assertThat(rows.get(1).get(12)).hasSize(64);
    }

    @Test
    void readingTheLogIsRecorded() throws Exception {
        get("/api/v1/audit?actor=b", ADMIN);
        JsonNode views = get("/api/v1/audit?action=AUDIT_VIEW", ADMIN).json();
        assertThat(StreamSupport.stream(views.spliterator(), false).anyMatch(v -> v.path("details").path("actor").asText().equals("b")
                && v.path("resultCount").asInt() == 3 && v.path("actor").asText().equals("admin"))).isTrue();
    }
}
