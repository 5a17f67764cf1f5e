package org.openanpr.passage;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.testing.TestClock;
import org.openanpr.testing.TestServer;

import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ReadIngestTest {
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static final IngestLimits LIMITS = new IngestLimits(10, 64 * 1024, 16 * 1024, Duration.ofMinutes(5), Duration.ofDays(28));
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(ReadIngestTest.class, c -> c.withClock(new TestClock(NOW)).withLimits(LIMITS));
        assertThat(server.post("/api/v1/cameras", "application/json", """
                {"id":"UT-A2-01","name":"A2 Oudenrijn","lat":52.0745,"lon":5.0417,"heading":350,"organisation":"utrecht"}""").status())
                .isEqualTo(201);
        assertThat(server.post("/api/v1/cameras", "application/json", """
                {"id":"UT-MOB-01","name":"Scan car","type":"MOBILE","lat":52.09,"lon":5.12,"organisation":"utrecht"}""").status())
                .isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String read(UUID id, String camera, String plate, Instant time) {
        return """
                {"id":"%s","camera":"%s","plate":"%s","confidence":0.93,"time":"%s"}""".formatted(id, camera, plate, time);
    }

    static String read(String plate) {
        return read(UUID.randomUUID(), "UT-A2-01", plate, NOW.minusSeconds(30));
    }

    static long stored(String plate) {
        try (Connection c = server.db().dataSource().getConnection();
             var ps = c.prepareStatement("select count(*) from passage where plate = ?")) {
            ps.setString(1, plate);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Issue 10, item 17: a read is stored once by its id, whatever time a resend carries (another day included). */
    @Test
    void aReadResentWithAnotherTimeIsStoredOnce() {
        UUID id = UUID.randomUUID();
        TestServer.Response first = server.post("/api/v1/reads", "application/json",
                "[" + read(id, "UT-A2-01", "77-RES-7", NOW.minus(Duration.ofHours(1))) + "]");
        assertThat(first.json().path("items").get(0).path("status").asText()).isEqualTo("accepted");
        for (Duration other : new Duration[] {Duration.ofMinutes(59), Duration.ofDays(2)}) {
            TestServer.Response again = server.post("/api/v1/reads", "application/json",
                    "[" + read(id, "UT-A2-01", "77-RES-7", NOW.minus(other)) + "]");
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.json().path("items").get(0).path("status").asText()).as("resent with time now - " + other)
                    .isEqualTo("duplicate");
        }
        assertThat(stored("77RES7")).isEqualTo(1);
    }

    @Test
    void aReadRoundTripsThroughIngestAndSearch() {
        UUID id = UUID.randomUUID();
        TestServer.Response res = server.post("/api/v1/reads", "application/json",
                "[" + read(id, "UT-A2-01", "12-htn-3", Instant.parse("2026-11-23T10:59:00+01:00")) + "]");
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.json().path("accepted").asInt()).isEqualTo(1);
        assertThat(res.json().path("items").get(0).path("status").asText()).isEqualTo("accepted");

        JsonNode found = server.get("/api/v1/passages?plate=12-HTN-3&from=" + NOW.minusSeconds(3600) + "&" + TestServer.LEGAL_BASIS).json().path("passages");
        assertThat(found).hasSize(1);
        assertThat(found.get(0).path("id").asText()).isEqualTo(id.toString());
        assertThat(found.get(0).path("plate").asText()).isEqualTo("12HTN3");
        assertThat(found.get(0).path("country").asText()).isEqualTo("NL");
        assertThat(found.get(0).path("camera").asText()).isEqualTo("UT-A2-01");
        assertThat(found.get(0).path("time").asText()).isEqualTo("2026-11-23T09:59:00Z");
    }

    /** Issue 11: the country the plate's format implies is stored when the camera sends none, marked inferred. */
    @Test
    void aCountryTheCameraDidNotSendIsStoredMarkedInferred() {
        UUID inferred = UUID.randomUUID();
        UUID sent = UUID.randomUUID();
        TestServer.Response res = server.post("/api/v1/reads", "application/json", "[" + read(inferred, "UT-A2-01", "45-HTK-6", NOW.minusSeconds(40))
                + ",{\"id\":\"" + sent + "\",\"camera\":\"UT-A2-01\",\"plate\":\"45-HTK-7\",\"country\":\"NL\",\"confidence\":0.9,\"time\":\""
                + NOW.minusSeconds(40) + "\"}]");
        assertThat(res.json().path("accepted").asInt()).as(res.body()).isEqualTo(2);
        JsonNode a = server.get("/api/v1/passages?plate=45-HTK-6&from=" + NOW.minusSeconds(3600) + "&" + TestServer.LEGAL_BASIS).json().path("passages").get(0);
        assertThat(a.path("country").asText()).isEqualTo("NL");
        assertThat(a.path("countryInferred").asBoolean()).isTrue();
        JsonNode b = server.get("/api/v1/passages?plate=45-HTK-7&from=" + NOW.minusSeconds(3600) + "&" + TestServer.LEGAL_BASIS).json().path("passages").get(0);
        assertThat(b.path("country").asText()).isEqualTo("NL");
        assertThat(b.path("countryInferred").asBoolean()).isFalse();
    }

    @Test
    void ndjsonBadLineIsRejectedAndTheOthersAreKept() {
        String body = read("34-KLN-5") + "\n{\"id\": broken\n" + read("34-KLN-5") + "\n";
        TestServer.Response res = server.post("/api/v1/reads", "application/x-ndjson", body);
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.json().path("accepted").asInt()).isEqualTo(2);
        assertThat(res.json().path("rejected").asInt()).isEqualTo(1);
        JsonNode bad = res.json().path("items").get(1);
        assertThat(bad.path("status").asText()).isEqualTo("rejected");
        assertThat(bad.path("reason").asText()).startsWith("line 2: malformed JSON");
        assertThat(stored("34KLN5")).isEqualTo(2);
    }

    @Test
    void malformedJsonArrayIsA400AndStoresNothing() {
        TestServer.Response res = server.post("/api/v1/reads", "application/json", "[" + read("56-PRS-7") + ",");
        assertThat(res.status()).isEqualTo(400);
        assertThat(res.reason()).contains("malformed JSON").contains("nothing was stored");
        assertThat(stored("56PRS7")).isZero();
    }

    @Test
    void eachBadItemIsRejectedWithItsReasonAndTheGoodOneIsStored() {
        String good = read("78-TVX-9");
        String body = "[" + String.join(",",
                good,
                """
                {"camera":"UT-A2-01","plate":"78TVX9","confidence":0.9,"time":"2026-11-23T09:59:00Z"}""",
                """
                {"id":"%s","plate":"78TVX9","confidence":0.9,"time":"2026-11-23T09:59:00Z"}""".formatted(UUID.randomUUID()),
                read(UUID.randomUUID(), "NOPE-9", "78TVX9", NOW),
                read(UUID.randomUUID(), "UT-A2-01", "7*8TV", NOW),
                read(UUID.randomUUID(), "UT-A2-01", "78TVX9", NOW.plus(Duration.ofHours(2))),
                read(UUID.randomUUID(), "UT-A2-01", "78TVX9", NOW.minus(Duration.ofDays(29))),
                """
                {"id":"not-a-uuid","camera":"UT-A2-01","plate":"78TVX9","confidence":0.9,"time":"2026-11-23T09:59:00Z"}""",
                """
                {"id":"%s","camera":"UT-A2-01","plate":"78TVX9","confidence":1.7,"time":"2026-11-23T09:59:00"}""".formatted(UUID.randomUUID()),
                read(UUID.randomUUID(), "UT-MOB-01", "78TVX9", NOW)) + "]";
        TestServer.Response res = server.post("/api/v1/reads", "application/json", body);
        assertThat(res.status()).isEqualTo(200);
        JsonNode items = res.json().path("items");
        assertThat(items.get(0).path("status").asText()).isEqualTo("accepted");
        assertThat(items.get(1).path("reason").asText()).startsWith("id: required");
        assertThat(items.get(2).path("reason").asText()).startsWith("camera: required");
        assertThat(items.get(3).path("reason").asText()).isEqualTo("camera: unknown camera 'NOPE-9'");
        assertThat(items.get(4).path("reason").asText()).startsWith("plate:").contains("*");
        assertThat(items.get(5).path("reason").asText()).contains("in the future");
        assertThat(items.get(6).path("reason").asText()).contains("older than the retention limit of 28 days");
        assertThat(items.get(7).path("reason").asText()).startsWith("id: not a UUID");
        assertThat(items.get(8).path("reason").asText()).startsWith("time: not ISO-8601 with offset");
        assertThat(items.get(9).path("reason").asText()).startsWith("lat/lon: required for mobile camera");
        assertThat(res.json().path("accepted").asInt()).isEqualTo(1);
        assertThat(res.json().path("rejected").asInt()).isEqualTo(9);
        assertThat(stored("78TVX9")).isEqualTo(1);
    }

    @Test
    void confidenceOutOfRangeIsRejected() {
        String body = "[" + read(UUID.randomUUID(), "UT-A2-01", "90-BDF-1", NOW).replace("0.93", "93") + "]";
        TestServer.Response res = server.post("/api/v1/reads", "application/json", body);
        assertThat(res.status()).isEqualTo(422);
        assertThat(res.json().path("items").get(0).path("reason").asText()).contains("between 0 and 1");
    }

    @Test
    void aResentReadIsAcceptedOnceAndReportedAsDuplicate() {
        UUID id = UUID.randomUUID();
        String r = read(id, "UT-A2-01", "21-GHJ-4", NOW.minusSeconds(5));
        assertThat(server.post("/api/v1/reads", "application/json", "[" + r + "]").json().path("accepted").asInt()).isEqualTo(1);
        TestServer.Response again = server.post("/api/v1/reads", "application/json", "[" + r + "," + r + "]");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("duplicates").asInt()).isEqualTo(2);
        assertThat(again.json().path("items").get(0).path("status").asText()).isEqualTo("duplicate");
        assertThat(stored("21GHJ4")).isEqualTo(1);

        UUID other = UUID.randomUUID();
        String r2 = read(other, "UT-A2-01", "21-GHJ-4", NOW.minusSeconds(4));
        TestServer.Response inOneBatch = server.post("/api/v1/reads", "application/json", "[" + r2 + "," + r2 + "]");
        assertThat(inOneBatch.json().path("accepted").asInt()).isEqualTo(1);
        assertThat(inOneBatch.json().path("duplicates").asInt()).isEqualTo(1);
        assertThat(stored("21GHJ4")).isEqualTo(2);
    }

    @Test
    void oversizedBatchAndBodyAre413AndStoreNothing() {
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < LIMITS.maxBatch() + 1; i++) batch.append(i == 0 ? "" : ",").append(read("43-NPR-6"));
        TestServer.Response tooMany = server.post("/api/v1/reads", "application/json", batch.append("]").toString());
        assertThat(tooMany.status()).isEqualTo(413);
        assertThat(tooMany.reason()).contains("exceeds the limit of 10");

        String huge = "[" + read("43-NPR-6").replace("}", ",\"pad\":\"" + "x".repeat(70 * 1024) + "\"}") + "]";
        TestServer.Response tooBig = server.post("/api/v1/reads", "application/json", huge);
        assertThat(tooBig.status()).isEqualTo(413);
        assertThat(tooBig.json().path("reason").asText()).isNotBlank();
        assertThat(stored("43NPR6")).isZero();
    }

    /** Without a Content-Length (chunked, as some equipment streams) a body is read as it arrives, within the limit. */
    @Test
    void aChunkedBodyIsStoredAndAnOversizedOneRefused() throws Exception {
        byte[] batch = ("[" + read("51-CHK-7") + "]").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        org.openanpr.testing.ChunkedUpload ok = org.openanpr.testing.ChunkedUpload.send(server.server().port(), "/api/v1/reads",
                "application/json", TestServer.ADMIN_TOKEN, new java.io.ByteArrayInputStream(batch));
        assertThat(ok.statusLine()).contains(" 20");
        assertThat(stored("51CHK7")).isEqualTo(1);
        org.openanpr.testing.ChunkedUpload huge = org.openanpr.testing.ChunkedUpload.send(server.server().port(), "/api/v1/reads",
                "application/json", TestServer.ADMIN_TOKEN, org.openanpr.testing.ChunkedUpload.spaces(LIMITS.maxBodyBytes() + 10));
        assertThat(huge.statusLine()).startsWith("HTTP/1.1 413");
    }

    @Test
    void wrongContentTypeIs415() {
        TestServer.Response res = server.post("/api/v1/reads", "text/plain", "[" + read("65-RST-2") + "]");
        assertThat(res.status()).isEqualTo(415);
        assertThat(res.reason()).contains("application/json");
        assertThat(stored("65RST2")).isZero();
    }

    @Test
    void tokensAreRequiredAndCameraTokensOnlyPostForTheirCamera() {
        assertThat(server.post("/api/v1/reads", "application/json", "[" + read("87-TVB-3") + "]", null).status()).isEqualTo(401);
        TestServer.Response invalid = server.post("/api/v1/reads", "application/json", "[" + read("87-TVB-3") + "]", "nope");
        assertThat(invalid.status()).isEqualTo(401);
        assertThat(invalid.reason()).contains("invalid, expired or revoked token");

        String camToken = server.post("/api/v1/cameras/UT-A2-01/tokens", "application/json", "").json().path("token").asText();
        assertThat(server.post("/api/v1/reads", "application/json", "[" + read("87-TVB-3") + "]", camToken).status()).isEqualTo(200);
        String foreign = read(UUID.randomUUID(), "UT-MOB-01", "87-TVB-3", NOW).replace("}", ",\"lat\":52.1,\"lon\":5.1}");
        TestServer.Response refused = server.post("/api/v1/reads", "application/json", "[" + read("87-TVB-3") + "," + foreign + "]", camToken);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.reason()).contains("may not deliver reads for camera 'UT-MOB-01'");
        assertThat(stored("87TVB3")).isEqualTo(1);

        var search = server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/passages?plate=87TVB3"))
                .header("Authorization", "Bearer " + camToken));
        assertThat(search.status()).isEqualTo(403);

        assertThat(server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/cameras/UT-A2-01/tokens"))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).DELETE()).json().path("revoked").asInt()).isEqualTo(1);
        assertThat(server.post("/api/v1/reads", "application/json", "[" + read("87-TVB-3") + "]", camToken).status()).isEqualTo(401);
    }

    @Test
    void imagesAreStoredWithThePassageAndNonJpegIsRejected() {
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 1, 2, 3, 4, (byte) 0xFF, (byte) 0xD9};
        UUID id = UUID.randomUUID();
        String withImage = read(id, "UT-A2-01", "09-XZB-8", NOW)
                .replace("}", ",\"plateImage\":\"" + Base64.getEncoder().encodeToString(jpeg) + "\"}");
        String notJpeg = read("09-XZB-8").replace("}", ",\"overviewImage\":\"" + Base64.getEncoder().encodeToString("GIF89a".getBytes()) + "\"}");
        TestServer.Response res = server.post("/api/v1/reads", "application/json", "[" + withImage + "," + notJpeg + "]");
        assertThat(res.json().path("accepted").asInt()).isEqualTo(1);
        assertThat(res.json().path("items").get(1).path("reason").asText()).isEqualTo("overviewImage: not a JPEG image");

        var image = server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/passages/" + id + "/images/plate"))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN));
        assertThat(image.status()).isEqualTo(200);
        assertThat(image.contentType()).isEqualTo("image/jpeg");
        assertThat(server.get("/api/v1/passages/" + id + "/images/overview").status()).isEqualTo(404);
    }

    @Test
    void anEmptyBodyOrNonArrayIsA400() {
        assertThat(server.post("/api/v1/reads", "application/json", "").status()).isEqualTo(400);
        assertThat(server.post("/api/v1/reads", "application/json", "[]").reason()).isEqualTo("no reads in the body");
        assertThat(server.post("/api/v1/reads", "application/json", "42").reason()).contains("expected a JSON array");
    }

    @Test
    void theVehiclesDescriptionAndTravelAreStoredNormalisedSearchableAndExported() {
        UUID described = UUID.randomUUID();
        String body = """
                [{"id":"%s","camera":"UT-A2-01","plate":"71-KTV-3","confidence":0.9,"time":"%s",
                  "make":"Volkswagen","model":"Caddy","colour":"Wit","vehicleType":"bestelauto","direction":"in","speed":87.5},
                 {"id":"%s","camera":"UT-A2-01","plate":"71-KTV-3","confidence":0.9,"time":"%s","colour":"red","direction":270}]
                """.formatted(described, NOW.minusSeconds(50), UUID.randomUUID(), NOW.minusSeconds(40));
        assertThat(server.post("/api/v1/reads", "application/json", body).json().path("accepted").asInt()).isEqualTo(2);

        String window = "&from=" + NOW.minusSeconds(3600) + "&" + TestServer.LEGAL_BASIS;
        JsonNode white = server.get("/api/v1/passages?plate=71-KTV-3&colour=white" + window).json().path("passages");
        assertThat(white).hasSize(1);
        JsonNode p = white.get(0);
        assertThat(p.path("id").asText()).isEqualTo(described.toString());
        assertThat(p.path("make").asText()).isEqualTo("VOLKSWAGEN");
        assertThat(p.path("model").asText()).isEqualTo("CADDY");
        assertThat(p.path("colour").asText()).isEqualTo("white");
        assertThat(p.path("vehicleType").asText()).isEqualTo("van");
        assertThat(p.path("direction").asText()).isEqualTo("in");
        assertThat(p.path("speed").asDouble()).isEqualTo(87.5);
        JsonNode both = server.get("/api/v1/passages?plate=71-KTV-3" + window).json().path("passages");
        assertThat(both).hasSize(2);
        assertThat(both.get(0).path("heading").asInt()).isEqualTo(270);
        assertThat(both.get(0).path("make").isNull()).isTrue();
        assertThat(server.get("/api/v1/passages?plate=71-KTV-3&format=csv" + window).body())
                .contains("make,model,colour,vehicle_type,direction,heading,speed,plate_box")
                .contains("VOLKSWAGEN,CADDY,white,van,in,,87.5");
        assertThat(server.get("/api/v1/passages?plate=71-KTV-3&colour=%3Cb%3E" + window).reason()).startsWith("colour:");
    }

    @Test
    void anImpossibleSpeedOrMarkupInADescriptionRejectsThatReadWithItsReason() {
        String body = """
                [{"id":"%s","camera":"UT-A2-01","plate":"72-KTV-3","confidence":0.9,"time":"%s","speed":1200},
                 {"id":"%s","camera":"UT-A2-01","plate":"73-KTV-3","confidence":0.9,"time":"%s","make":"<img src=x>"},
                 {"id":"%s","camera":"UT-A2-01","plate":"74-KTV-3","confidence":0.9,"time":"%s","direction":"sideways"},
                 {"id":"%s","camera":"UT-A2-01","plate":"75-KTV-3","confidence":0.9,"time":"%s","colour":"blue"}]
                """.formatted(UUID.randomUUID(), NOW.minusSeconds(50), UUID.randomUUID(), NOW.minusSeconds(50),
                UUID.randomUUID(), NOW.minusSeconds(50), UUID.randomUUID(), NOW.minusSeconds(50));
        JsonNode items = server.post("/api/v1/reads", "application/json", body).json().path("items");
        assertThat(items.get(0).path("reason").asText()).startsWith("speed:");
        assertThat(items.get(1).path("reason").asText()).startsWith("make:");
        assertThat(items.get(2).path("reason").asText()).startsWith("direction:");
        assertThat(items.get(3).path("status").asText()).isEqualTo("accepted");
        assertThat(stored("72KTV3") + stored("73KTV3") + stored("74KTV3")).isZero();
        assertThat(stored("75KTV3")).isEqualTo(1);
    }
}
