package org.openanpr.connector;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.testing.TestClock;
import org.openanpr.testing.TestServer;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Vendor messages through {@code POST /api/v1/ingest/{connector}} into the read pipeline, with a real server and
 * PostgreSQL: the published samples accepted with their fields, redelivery idempotent, unknown cameras held and
 * delivered once mapped, unreadable payloads answered 4xx and kept, another organisation and a role without the
 * right refused.
 */
class ConnectorApiTest {
    static final TestClock CLOCK = new TestClock(Instant.parse("2019-07-09T14:10:00Z"));
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(ConnectorApiTest.class, CLOCK);
        for (String org : new String[]{"utrecht", "gooi"})
            assertThat(server.post("/api/v1/organisations", "application/json",
                    "{\"code\":\"%s\",\"name\":\"%s\"}".formatted(org, org)).status()).isIn(201, 409);
        camera("UT-ALPR-01", "utrecht");
        camera("UT-ALPR-02", "utrecht");
        camera("UT-PR-01", "utrecht");
        camera("GO-01", "gooi");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static void camera(String id, String org) {
        TestServer.Response r = server.post("/api/v1/cameras", "application/json",
                "{\"id\":\"%s\",\"name\":\"%s\",\"lat\":52.09,\"lon\":5.12,\"organisation\":\"%s\"}".formatted(id, id, org));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    /** Creates a connector through the API; returns its token. */
    static String connector(String id, String kind, String org, String camera) {
        TestServer.Response r = server.post("/api/v1/connectors", "application/json",
                "{\"id\":\"%s\",\"kind\":\"%s\",\"name\":\"%s\",\"organisation\":\"%s\"%s}".formatted(id, kind, id, org,
                        camera == null ? "" : ",\"camera\":\"" + camera + "\""));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("token").asText();
    }

    static TestServer.Response deliver(String connector, String token, String contentType, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/ingest/" + connector))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", contentType);
        if (token != null) b.header("Authorization", "Bearer " + token);
        return server.send(b);
    }

    static JsonNode passage(String plate) {
        try (Connection c = server.db().dataSource().getConnection();
             var ps = c.prepareStatement("select to_jsonb(p) from passage p where plate = ?")) {
            ps.setString(1, plate);
            try (ResultSet rs = ps.executeQuery()) {
                JsonNode found = rs.next() ? org.openanpr.http.Json.MAPPER.readTree(rs.getString(1)) : null;
                assertThat(rs.next()).as("one passage of " + plate).isFalse();
                return found;
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theOpenAlprSamplesBecomeReadsOnceAndTheHeartbeatIsTheCamerasHealth() {
        String token = connector("alpr-agent", "openalpr", "utrecht", null);
        assertThat(server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/connectors/alpr-agent/cameras"))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"vendorCamera\":\"1234\",\"camera\":\"UT-ALPR-01\"}"))).status()).isEqualTo(200);

        TestServer.Response group = deliver("alpr-agent", token, "application/json", Samples.bytes(Samples.OPENALPR_GROUP));
        assertThat(group.status()).as(group.body()).isEqualTo(200);
        assertThat(group.json().path("accepted").asInt()).isEqualTo(1);
        JsonNode p = passage("D2651BF");
        assertThat(p.path("camera_id").asText()).isEqualTo("UT-ALPR-01");
        assertThat(p.path("observed_at").asText()).startsWith("2019-07-09T14:05:21.504");
        assertThat(p.path("country").asText()).isEqualTo("US");
        assertThat(p.path("confidence").asDouble()).isBetween(0.938, 0.939);
        assertThat(p.toString()).contains("FORD").contains("FOCUS").contains("black");
        assertThat(p.path("id").asText()).isEqualTo(ConnectorService.readId("alpr-agent",
                "alpr_group/YYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYY-1234-1562681122676").toString());

        // Redelivered (the agent retries when it missed the answer): a duplicate, not a second passage.
        TestServer.Response again = deliver("alpr-agent", token, "application/json", Samples.bytes(Samples.OPENALPR_GROUP));
        assertThat(again.json().path("duplicates").asInt()).isEqualTo(1);
        assertThat(passage("D2651BF")).isNotNull();

        CLOCK.set(Instant.parse("2019-07-09T14:14:00Z"));
        TestServer.Response frames = deliver("alpr-agent", token, "application/json", Samples.bytes(Samples.OPENALPR_RESULTS));
        assertThat(frames.json().path("accepted").asInt()).as(frames.body()).isEqualTo(2);
        // The next frame of the same vehicles, a moment later: repeated frames collapse into the read already made.
        String next = Samples.text(Samples.OPENALPR_RESULTS).replace("1562681608425", "1562681608925")
                .replace("-1234-1562681608425", "-1234-1562681608925");
        TestServer.Response repeated = deliver("alpr-agent", token, "application/json", next.getBytes(StandardCharsets.UTF_8));
        assertThat(repeated.json().path("skipped").asInt()).as(repeated.body()).isEqualTo(2);
        assertThat(passage("CG3L5Y")).isNotNull();

        TestServer.Response beat = deliver("alpr-agent", token, "application/json", Samples.bytes(Samples.OPENALPR_HEARTBEAT));
        assertThat(beat.json().path("heartbeats").asInt()).isEqualTo(1);
        JsonNode seen = server.get("/api/v1/connectors/alpr-agent/cameras").json().path("seen");
        assertThat(seen.toString()).contains("\"vendorCamera\":\"1234\"").contains("\"camera\":\"UT-ALPR-01\"").contains("\"streaming\":true")
                .contains("\"lastHeartbeat\":\"2019-07-09T14:18:24.001Z\"");
    }

    @Test
    void anUnknownCamerasReadsAreHeldListedAndDeliveredWhenMapped() {
        CLOCK.set(Instant.parse("2019-07-09T14:10:00Z"));
        String token = connector("alpr-unmapped", "OPENALPR", "utrecht", null);
        String group = Samples.text(Samples.OPENALPR_GROUP).replace("\"camera_id\" : 1234", "\"camera_id\" : 999")
                .replace("D2651BF", "HX999Z");
        TestServer.Response r = deliver("alpr-unmapped", token, "application/json", group.getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("held").asInt()).isEqualTo(1);
        assertThat(r.json().path("items").get(0).path("reason").asText()).contains("camera '999'").contains("not mapped");
        assertThat(passage("HX999Z")).isNull();
        JsonNode listed = server.get("/api/v1/connectors/alpr-unmapped").json();
        assertThat(listed.path("unmappedCameras").asInt()).isEqualTo(1);
        assertThat(server.get("/api/v1/connectors/alpr-unmapped/cameras").json().path("seen").get(0).path("held").asInt()).isEqualTo(1);

        TestServer.Response mapped = server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/connectors/alpr-unmapped/cameras"))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"vendorCamera\":\"999\",\"camera\":\"UT-ALPR-02\"}")));
        assertThat(mapped.status()).as(mapped.body()).isEqualTo(200);
        assertThat(mapped.json().path("replayed").path("accepted").asInt()).isEqualTo(1);
        assertThat(passage("HX999Z").path("camera_id").asText()).isEqualTo("UT-ALPR-02");
        assertThat(server.get("/api/v1/connectors/alpr-unmapped").json().path("unmappedCameras").asInt()).isZero();
    }

    @Test
    void plateRecognizerSampleThroughAConnectorOfOneCamera() {
        CLOCK.set(Instant.parse("2019-08-31T14:30:00Z"));
        String token = connector("pr-snapshot", "plate_recognizer", "utrecht", "UT-PR-01");
        // Plate Recognizer can only be given a URL: the token goes in it.
        TestServer.Response r = server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/ingest/pr-snapshot?token=" + token))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(Samples.bytes(Samples.PLATE_RECOGNIZER))));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("accepted").asInt()).isEqualTo(2);
        assertThat(passage("765410").path("camera_id").asText()).isEqualTo("UT-PR-01");
        assertThat(passage("830265").path("observed_at").asText()).startsWith("2019-08-31T14:22:06.983");
    }

    @Test
    void hikvisionWithHttpBasicAndItsImages() {
        CLOCK.set(Instant.parse("2026-11-23T10:01:00Z"));
        String token = connector("hik-a2", "hikvision", "utrecht", "UT-ALPR-02");
        String b = "boundary";
        byte[] xml = VendorFormatTest.hikvisionXml("xmlns=\"http://www.hikvision.com/ver20/XMLSchema\"", "", "kl081p").getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes(("--" + b + "\r\nContent-Disposition: form-data; name=\"anpr.xml\"\r\nContent-Type: application/xml\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(xml);
        body.writeBytes(("\r\n--" + b + "\r\nContent-Disposition: form-data; name=\"licensePlatePicture.jpg\"; filename=\"licensePlatePicture.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(Samples.jpeg(80));
        // A 4K scene at a high quality, over what a passage keeps: left out with a note, never at the cost of the read.
        body.writeBytes(("\r\n--" + b + "\r\nContent-Disposition: form-data; name=\"detectionPicture.jpg\"; filename=\"detectionPicture.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(Samples.jpeg(600 * 1024));
        body.writeBytes(("\r\n--" + b + "--\r\n").getBytes(StandardCharsets.UTF_8));
        String basic = Base64.getEncoder().encodeToString(("admin:" + token).getBytes(StandardCharsets.UTF_8));
        TestServer.Response r = server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/ingest/hik-a2"))
                .header("Content-Type", "multipart/form-data; boundary=" + b).header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("accepted").asInt()).isEqualTo(1);
        assertThat(r.json().path("notes").toString()).contains("detectionPicture: 600 KiB, over the 512 KiB a passage keeps, not kept");
        JsonNode p = passage("KL081P");
        assertThat(p.path("camera_id").asText()).isEqualTo("UT-ALPR-02");
        assertThat(p.path("country").asText()).isEqualTo("NL");
        try (Connection c = server.db().dataSource().getConnection();
             var ps = c.prepareStatement("select string_agg(kind, ',') from passage_image where passage_id = ?::uuid")) {
            ps.setString(1, p.path("id").asText());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("plate");
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aBlueIrisAlertWithItsApiKeyBecomesOneReadOfTheMappedCamera() {
        CLOCK.set(Instant.parse("2026-11-23T10:05:00Z"));
        TestServer.Response created = server.post("/api/v1/connectors", "application/json",
                "{\"id\":\"bi-pc\",\"kind\":\"blue_iris\",\"organisation\":\"utrecht\",\"settings\":{\"timeZone\":\"Europe/Amsterdam\",\"country\":\"nl\"}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String token = created.json().path("token").asText();
        assertThat(server.post("/api/v1/connectors", "application/json",
                "{\"id\":\"bi-bad\",\"kind\":\"blue_iris\",\"organisation\":\"utrecht\",\"settings\":{\"timeZone\":\"nowhere\"}}").reason())
                .contains("settings.timeZone");
        assertThat(server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/connectors/bi-pc/cameras"))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"vendorCamera\":\"LPR1\",\"camera\":\"UT-ALPR-02\"}"))).status()).isEqualTo(200);
        byte[] alert = BlueIrisTest.alert("LPR1", "2026-11-23 11:02:12", "bi-77-xz", 0.91,
                Base64.getEncoder().encodeToString(Samples.jpeg(90))).getBytes(StandardCharsets.UTF_8);
        // Blue Iris, set up as for ALPR-Database, sends its key as x-api-key.
        java.util.function.Function<byte[], TestServer.Response> post = body -> server.send(HttpRequest.newBuilder(
                        URI.create(server.baseUrl() + "/api/v1/ingest/bi-pc")).header("Content-Type", "application/json")
                .header("x-api-key", token).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        TestServer.Response r = post.apply(alert);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("accepted").asInt()).as(r.body()).isEqualTo(1);
        JsonNode p = passage("BI77XZ");
        assertThat(p.path("camera_id").asText()).isEqualTo("UT-ALPR-02");
        assertThat(p.path("observed_at").asText()).startsWith("2026-11-23T10:02:12");
        assertThat(p.path("country").asText()).isEqualTo("NL");
        assertThat(p.path("confidence").asDouble()).isEqualTo(0.91);
        // The same alert again: nothing new (the same plate at the camera at the same moment is the read made).
        TestServer.Response again = post.apply(alert);
        assertThat(again.json().path("accepted").asInt()).as(again.body()).isZero();
        assertThat(again.json().path("duplicates").asInt() + again.json().path("skipped").asInt()).isEqualTo(1);
        // Another trigger of the same car a second later (a new clip): a repeated frame, not a second passage.
        byte[] retrigger = BlueIrisTest.alert("LPR1", "2026-11-23 11:02:13", "bi-77-xz", 0.88, "").getBytes(StandardCharsets.UTF_8);
        assertThat(post.apply(retrigger).json().path("skipped").asInt()).isEqualTo(1);
        assertThat(passage("BI77XZ")).isNotNull();
        assertThat(post.apply("{\"camera\":\"LPR1\"}".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(400);
        assertThat(server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/ingest/bi-pc"))
                .header("x-api-key", "wrong").POST(HttpRequest.BodyPublishers.ofByteArray(alert))).status()).isEqualTo(401);
    }

    @Test
    void anUnreadablePayloadIsA4xxNamingWhatIsWrongAndIsKeptForTheAdministrator() {
        String token = connector("alpr-bad", "openalpr", "utrecht", "UT-ALPR-01");
        TestServer.Response r = deliver("alpr-bad", token, "application/json", "{\"data_type\":\"alpr_group\",\"best_plate".getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.reason()).contains("malformed JSON").contains("kept");
        TestServer.Response wrongType = deliver("alpr-bad", token, "application/json", "{\"data_type\":\"alpr_thing\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(wrongType.reason()).contains("'alpr_thing' is not one of");
        JsonNode rejected = server.get("/api/v1/connectors/alpr-bad/rejected").json();
        assertThat(rejected).hasSize(2);
        long id = rejected.get(1).path("id").asLong();
        TestServer.Response kept = server.get("/api/v1/connectors/alpr-bad/rejected/" + id);
        assertThat(kept.body()).isEqualTo("{\"data_type\":\"alpr_group\",\"best_plate");
        assertThat(kept.contentType()).startsWith("application/octet-stream");
        JsonNode status = server.get("/api/v1/connectors/alpr-bad").json();
        assertThat(status.path("stats").path("unreadable").asInt()).isEqualTo(2);
        assertThat(status.path("stats").path("lastErrors").get(0).path("error").asText()).contains("alpr_thing");
        // Every read of the message refused by the pipeline (here: older than retention): 422, kept too.
        TestServer.Response old = deliver("alpr-bad", token, "application/json",
                Samples.text(Samples.OPENALPR_GROUP).replace("1562681121504", "1262681121504").getBytes(StandardCharsets.UTF_8));
        assertThat(old.status()).isEqualTo(422);
        assertThat(old.reason()).contains("older than the retention limit");
        assertThat(server.get("/api/v1/connectors/alpr-bad/rejected").json()).hasSize(3);
        String metrics = server.get("/metrics").body();
        assertThat(metrics).contains("anpr_connector_payloads_total{connector=\"alpr-bad\",outcome=\"unreadable\"} 2.0");
    }

    @Test
    void aWrongTokenAnotherOrganisationAndARoleWithoutTheRightAreRefused() {
        String token = connector("gooi-agent", "openalpr", "gooi", null);
        assertThat(deliver("gooi-agent", "con_wrong", "application/json", Samples.bytes(Samples.OPENALPR_GROUP)).status()).isEqualTo(401);
        assertThat(deliver("gooi-agent", null, "application/json", Samples.bytes(Samples.OPENALPR_GROUP)).status()).isEqualTo(401);
        // A token is good for its own connector only.
        assertThat(deliver("alpr-none", token, "application/json", Samples.bytes(Samples.OPENALPR_GROUP)).status()).isEqualTo(401);
        String utrechtAdmin = server.userToken("ut-conn-admin", "utrecht", "ADMINISTRATOR");
        String utrechtOfficer = server.userToken("ut-conn-officer", "utrecht", "OFFICER");
        assertThat(server.get("/api/v1/connectors/gooi-agent", utrechtAdmin).status()).isEqualTo(404);
        assertThat(server.get("/api/v1/connectors", utrechtAdmin).json().toString()).doesNotContain("gooi-agent");
        assertThat(server.get("/api/v1/connectors", utrechtOfficer).status()).isEqualTo(403);
        // Mapping to another organisation's camera: as unknown as a camera that does not exist.
        TestServer.Response own = server.post("/api/v1/connectors", "application/json",
                "{\"id\":\"ut-own\",\"kind\":\"openalpr\"}", utrechtAdmin);
        assertThat(own.status()).as(own.body()).isEqualTo(201);
        assertThat(own.json().path("connector").path("organisation").asText()).isEqualTo("utrecht");
        TestServer.Response foreign = server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/connectors/ut-own/cameras"))
                .header("Authorization", "Bearer " + utrechtAdmin).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"vendorCamera\":\"1\",\"camera\":\"GO-01\"}")));
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(server.post("/api/v1/connectors", "application/json",
                "{\"id\":\"ut-other\",\"kind\":\"openalpr\",\"organisation\":\"gooi\"}", utrechtAdmin).status()).isEqualTo(403);
        assertThat(server.post("/api/v1/connectors", "application/json",
                "{\"id\":\"Bad Id!\",\"kind\":\"openalpr\"}", utrechtAdmin).status()).isEqualTo(400);
        assertThat(server.post("/api/v1/connectors", "application/json",
                "{\"id\":\"ut-x\",\"kind\":\"acme\"}", utrechtAdmin).reason()).contains("kind: one of");
        // A rotated token ends the old one at once.
        TestServer.Response rotated = server.post("/api/v1/connectors/ut-own/token", "application/json", "", utrechtAdmin);
        assertThat(rotated.status()).isEqualTo(201);
        assertThat(deliver("ut-own", own.json().path("token").asText(), "application/json", Samples.bytes(Samples.OPENALPR_HEARTBEAT)).status()).isEqualTo(401);
        assertThat(deliver("ut-own", rotated.json().path("token").asText(), "application/json", Samples.bytes(Samples.OPENALPR_HEARTBEAT)).status()).isEqualTo(200);
    }

    @Test
    void aCsvOfHistoricalReadsIsImportedAsAJobLineByLineAndAgainAddsNothing() {
        CLOCK.set(Instant.parse("2019-07-20T12:00:00Z"));
        connector("csv-import", "openalpr", "utrecht", null);
        TestServer.Response m = server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/connectors/csv-import/cameras"))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"vendorCamera\":\"old-07\",\"camera\":\"UT-ALPR-01\"}")));
        assertThat(m.status()).isEqualTo(200);
        String csv = "\uFEFFcamera;plate;time;country;confidence;make\n"
                + "old-07;kl-082-p;2019-07-19T08:00:00Z;NL;0,93;Volkswagen\n"
                + "old-07;GH123K;1563523200000;NL;0.9;\n"
                + "old-07;;2019-07-19T09:00:00Z;NL;0.9;\n"
                + "old-07;XX12YY;yesterday;NL;0.9;\n"
                + "old-99;ZZ99ZZ;2019-07-19T10:00:00Z;NL;0.9;\n";
        // A job: answered at once, run after the request's commit, in the read pipeline's own transactions.
        TestServer.Response r = server.post("/api/v1/connectors/csv-import/imports", "text/csv", csv);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        JsonNode job = CsvImportTest.awaitImport(server, "csv-import", r.json().path("id").asLong());
        assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("DONE");
        assertThat(job.path("lines").asInt()).isEqualTo(5);
        assertThat(job.path("linesRead").asInt()).isEqualTo(5);
        assertThat(job.path("accepted").asInt()).isEqualTo(2);
        assertThat(job.path("held").asInt()).isEqualTo(1);
        assertThat(job.path("refused").asInt()).isEqualTo(2);
        assertThat(job.path("refusedLines").get(0).path("line").asInt()).isEqualTo(4);
        assertThat(job.path("refusedLines").get(0).path("reason").asText()).contains("plate: empty");
        assertThat(job.path("refusedLines").get(1).path("reason").asText()).contains("time");
        assertThat(passage("KL082P").toString()).contains("VOLKSWAGEN");
        // The same file again is the same job; the same reads in another file are duplicates.
        TestServer.Response again = server.post("/api/v1/connectors/csv-import/imports", "text/csv", csv);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("id").asLong()).isEqualTo(r.json().path("id").asLong());
        TestServer.Response other = server.post("/api/v1/connectors/csv-import/imports", "text/csv", csv + "\n");
        assertThat(other.status()).isEqualTo(202);
        JsonNode second = CsvImportTest.awaitImport(server, "csv-import", other.json().path("id").asLong());
        assertThat(second.path("accepted").asInt()).isZero();
        assertThat(second.path("duplicates").asInt()).isEqualTo(2);
        assertThat(server.post("/api/v1/connectors/csv-import/imports", "text/csv", "plate;time\nAB12CD;2019-07-19T08:00:00Z\n").reason())
                .contains("no 'camera' column");
    }
}
