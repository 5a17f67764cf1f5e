package org.openanpr.hotlist;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openanpr.testing.TestClock;
import org.openanpr.testing.TestServer;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Importing reference lists: full replace, deltas, versions, export, and every kind of bad file refused whole. */
class ListImportTest {
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static TestServer server;
    long list;

    @BeforeAll
    static void start() {
        server = TestServer.start(ListImportTest.class, new TestClock(NOW));
        assertThat(server.post("/api/v1/cameras", "application/json", """
                {"id":"UT-1","name":"cam","lat":52.08,"lon":5.04,"organisation":"utrecht"}""").status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void newList() {
        list = server.activeFinesList("utrecht");
    }

    TestServer.Response upload(String mode, String contentType, byte[] body) {
        return server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/lists/" + list + "/entries?mode=" + mode))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    TestServer.Response csv(String mode, String text) {
        return upload(mode, "text/csv", text.getBytes(StandardCharsets.UTF_8));
    }

    boolean hits(String plate) {
        String read = """
                [{"id":"%s","camera":"UT-1","plate":"%s","confidence":0.9,"time":"%s"}]""".formatted(UUID.randomUUID(), plate, NOW);
        assertThat(server.post("/api/v1/reads", "application/json", read).status()).isEqualTo(200);
        return !server.get("/api/v1/hits?list=" + list + "&plate=" + plate).json().isEmpty();
    }

    @Test
    void replaceThenDeltasMakeVersionsAndTheMatcherFollows() {
        TestServer.Response v1 = csv("replace", """
                plate,country,reason,amount,valid_from,valid_until,attr.case
                12-BDF-3,NL,speeding,120.50,2026-01-01,,CJIB-1
                1-ABC-123,BE,parking,55,,,
                G-123-BB,,red light,239.00,,2027-01-01T00:00:00+01:00,
                """);
        assertThat(v1.status()).as(v1.body()).isEqualTo(200);
        assertThat(v1.json().path("version").path("version").asInt()).isEqualTo(1);
        assertThat(v1.json().path("version").path("total").asInt()).isEqualTo(3);
        assertThat(hits("12BDF3")).isTrue();

        TestServer.Response v2 = csv("add", "plate,reason\nZZ-99-KK,new\n12-BDF-3,updated\n");
        assertThat(v2.status()).as(v2.body()).isEqualTo(200);
        assertThat(v2.json().path("version").path("added").asInt()).as("12-BDF-3 without a country is another entry than the NL one").isEqualTo(2);
        assertThat(v2.json().path("version").path("total").asInt()).isEqualTo(5);

        TestServer.Response v3 = csv("remove", "plate,country\n12-BDF-3,NL\n");
        assertThat(v3.status()).as(v3.body()).isEqualTo(200);
        assertThat(v3.json().path("version").path("removed").asInt()).isEqualTo(1);
        assertThat(hits("12BDF3")).as("removed NL entry; the country-less one added in v2 still hits").isTrue();
        assertThat(csv("remove", "plate\n12-BDF-3\n").status()).isEqualTo(200);
        assertThat(hits("ZZ99KK")).isTrue();

        JsonNode versions = server.get("/api/v1/lists/" + list + "/versions").json();
        assertThat(versions).hasSize(4);
        assertThat(versions.get(0).path("kind").asText()).isEqualTo("DELTA");
        assertThat(versions.get(3).path("kind").asText()).isEqualTo("REPLACE");

        String export = server.get("/api/v1/lists/" + list + "/export").body();
        assertThat(export.lines().findFirst().orElseThrow()).isEqualTo("plate,display,country,reason,amount,valid_from,valid_until");
        assertThat(export).contains("1ABC123,1-ABC-123,BE,parking,55").contains("ZZ99KK").doesNotContain("12BDF3");

        TestServer.Response again = csv("replace", export);
        assertThat(again.status()).as("an export imports again").isEqualTo(200);
        assertThat(again.json().path("version").path("total").asInt()).isEqualTo(3);
        assertThat(again.json().path("version").path("added").asInt()).isZero();
        assertThat(again.json().path("version").path("removed").asInt()).isZero();
    }

    @Test
    void listExportKeepsAttributesAndDefusesFormulas() {
        assertThat(csv("replace", """
                plate,reason,attr.case,attr.note
                12-BDF-3,=1+2,CJIB-7,@SUM(A1)
                ZZ-99-KK,-,,
                """).status()).isEqualTo(200);
        String export = server.get("/api/v1/lists/" + list + "/export").body();
        assertThat(export.lines().toList()).containsExactly(
                "plate,display,country,reason,amount,valid_from,valid_until,attr.case,attr.note",
                "12BDF3,12-BDF-3,,'=1+2,,,,CJIB-7,'@SUM(A1)",
                "ZZ99KK,ZZ-99-KK,,'-,,,,,");

        TestServer.Response again = csv("replace", export);
        assertThat(again.status()).as("an export imports again, unchanged").isEqualTo(200);
        assertThat(again.json().path("version").path("added").asInt()).isZero();
        JsonNode entry = server.get("/api/v1/lists/" + list + "/entries?plate=12BDF3").json().get(0);
        assertThat(entry.path("reason").asText()).isEqualTo("=1+2");
        assertThat(entry.path("attributes").path("note").asText()).isEqualTo("@SUM(A1)");
    }

    @Test
    void wildcardEntriesMatchPartlyKnownPlates() {
        assertThat(csv("replace", "plate,reason\n12-?BC-3,witness saw part of it\n").status()).isEqualTo(200);
        assertThat(hits("12XBC3")).isTrue();
        assertThat(hits("13XBC3")).isFalse();
    }

    @Test
    void aJsonImportWorksLikeCsv() {
        TestServer.Response r = upload("replace", "application/json", """
                [{"plate":"KL-081-P","country":"NL","reason":"speeding","amount":"99.00","attributes":{"case":"A-1"}},
                 {"plate":"B-AB-1234","country":"DE","validUntil":"2027-01-01"}]""".getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(server.get("/api/v1/lists/" + list + "/entries?plate=KL").json().get(0).path("attributes").path("case").asText())
                .isEqualTo("A-1");
    }

    @Test
    void badFilesAreRefusedWholeWithTheLineAndTheOldVersionStays() {
        assertThat(csv("replace", "plate\n52-TKN-9\n").status()).isEqualTo(200);

        TestServer.Response columns = csv("replace", "kenteken,reason\n52-TKN-9,x\n");
        assertThat(columns.status()).isEqualTo(400);
        assertThat(columns.reason()).contains("line 1").contains("unknown column 'kenteken'");

        TestServer.Response plates = csv("replace", "plate,reason\n12-BDF-3,ok\n#!,bad\nA,short\n");
        assertThat(plates.status()).isEqualTo(400);
        assertThat(plates.json().path("problems")).hasSize(2);
        assertThat(plates.json().path("problems").get(0).asText()).startsWith("line 3: plate:");
        assertThat(plates.json().path("problems").get(1).asText()).startsWith("line 4: plate:");

        TestServer.Response dates = csv("replace", "plate,valid_from\n12-BDF-3,23-11-2026\n");
        assertThat(dates.status()).isEqualTo(400);
        assertThat(dates.reason()).contains("line 2: valid_from: '23-11-2026' is not a date");

        TestServer.Response order = csv("replace", "plate,valid_from,valid_until\n12-BDF-3,2026-12-01,2026-11-01\n");
        assertThat(order.reason()).contains("line 2: valid_until: must be after valid_from");

        TestServer.Response dup = csv("replace", "plate,country\n12-BDF-3,NL\n52-TKN-9,NL\n12 BDF 3,nl\n");
        assertThat(dup.status()).isEqualTo(400);
        assertThat(dup.reason()).contains("line 4: duplicate of line 2");

        byte[] latin1 = "plate,reason\n12-BDF-3,boete \u00e9\u00e9n\n".getBytes(StandardCharsets.ISO_8859_1);
        TestServer.Response encoding = upload("replace", "text/csv", latin1);
        assertThat(encoding.status()).isEqualTo(400);
        assertThat(encoding.reason()).contains("not valid UTF-8");

        TestServer.Response amount = csv("replace", "plate,amount\n12-BDF-3,12,50\n");
        assertThat(amount.status()).isEqualTo(400);
        assertThat(amount.reason()).contains("line 2");

        TestServer.Response notOnList = csv("remove", "plate\n52-TKN-9\n99-XXX-9\n");
        assertThat(notOnList.status()).isEqualTo(400);
        assertThat(notOnList.reason()).contains("line 3: 99XXX9 is not on the list");

        assertThat(upload("replace", "text/plain", "plate\n12-BDF-3\n".getBytes()).status()).isEqualTo(415);
        assertThat(csv("sideways", "plate\n12-BDF-3\n").status()).isEqualTo(400);

        assertThat(server.get("/api/v1/lists/" + list + "/versions").json()).as("nothing half-applied").hasSize(1);
        assertThat(hits("52TKN9")).isTrue();
        assertThat(hits("12BDF3")).isFalse();
    }

    @Test
    void badListDefinitionsAreRefused() {
        assertThat(server.post("/api/v1/lists", "application/json", """
                {"name":"x","category":"PARKING","purpose":"p","legalBasis":"b","organisation":"utrecht","source":"s"}""")
                .reason()).startsWith("category:");
        assertThat(server.post("/api/v1/lists", "application/json", """
                {"name":"x","category":"OTHER","purpose":"p","organisation":"utrecht","source":"s"}""")
                .reason()).isEqualTo("legalBasis: required");
        assertThat(server.post("/api/v1/lists", "application/json", """
                {"name":"x","category":"OTHER","purpose":"p","legalBasis":"b","organisation":"utrecht","source":"s",
                 "conditions":{"area":[[52,5],[52.1,5]]}}""").reason()).contains("at least 3");
        assertThat(server.get("/api/v1/lists/424242").status()).isEqualTo(404);
        String twice = """
                {"name":"Twice","category":"OTHER","purpose":"p","legalBasis":"b","organisation":"utrecht","source":"s"}""";
        assertThat(server.post("/api/v1/lists", "application/json", twice).status()).isEqualTo(201);
        TestServer.Response again = server.post("/api/v1/lists", "application/json", twice);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.reason()).contains("'Twice' exists in organisation utrecht");
    }
}
