package org.openanpr.investigation;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.testing.TestClock;
import org.openanpr.testing.TestServer;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Section speed control: configured with its distance or not at all, measured in the read pipeline as the exit (or a
 * late entry) arrives, violations with evidence, as JSON, CSV and a printable report, seen only by the section's
 * organisation with the right to view hits, and on the record.
 */
class SectionSpeedControlTest {
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static final TestClock clock = new TestClock(NOW);
    static TestServer server;
    static String admin;
    static String officer;
    static String otherOfficer;
    static String analystWithoutHits;
    static long section;

    @BeforeAll
    static void start() {
        server = TestServer.start(SectionSpeedControlTest.class, clock);
        // A12 eastbound: S-IN and S-OUT about 7.8 km apart as the crow flies
        server.post("/api/v1/cameras/import", "text/csv", """
                id,name,lat,lon,organisation
                S-IN,A12 hmp 50.0,52.00,5.00,utrecht
                S-OUT,A12 hmp 58.0,52.07,5.00,utrecht
                S-FAR,A12 hmp 90.0,52.50,5.00,utrecht
                H-IN,Den Haag,52.07,4.30,haaglanden
                """);
        admin = server.userToken("adam", "utrecht", "ADMINISTRATOR");
        officer = server.userToken("otto", "utrecht", "OFFICER");
        otherOfficer = server.userToken("henk", "haaglanden", "OFFICER");
        analystWithoutHits = server.userToken("pia", "utrecht", "PRIVACY_OFFICER");
        TestServer.Response made = create("""
                {"name":"A12 Utrecht-Oost","entryCamera":"S-IN","exitCamera":"S-OUT","distanceMetres":8000,"limitKmh":100}""");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        section = made.json().path("id").asLong();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static TestServer.Response create(String body) {
        return server.post("/api/v1/sections", "application/json", body, admin);
    }

    static String read(String camera, String plate, Instant at) {
        return read(camera, plate, at, UUID.randomUUID());
    }

    static String read(String camera, String plate, Instant at, UUID id) {
        String jpeg = Base64.getEncoder().encodeToString(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 1, 2, 3, (byte) 0xFF, (byte) 0xD9});
        return """
                {"id":"%s","camera":"%s","plate":"%s","country":"NL","confidence":0.9,"time":"%s","overviewImage":"%s"}"""
                .formatted(id, camera, plate, at, jpeg);
    }

    static void post(String... reads) {
        TestServer.Response r = server.post("/api/v1/reads", "application/json", "[" + String.join(",", reads) + "]");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    static JsonNode violations(String plate) {
        JsonNode all = server.get("/api/v1/sections/violations?from=2026-11-22T00:00:00Z&to=2026-11-24T00:00:00Z", officer).json();
        java.util.List<JsonNode> mine = new java.util.ArrayList<>();
        all.forEach(v -> {
            if (v.path("plate").asText().equals(plate)) mine.add(v);
        });
        return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode().addAll(mine);
    }

    @Test
    void aSectionWithoutADistanceOrWithADistanceShorterThanTheCrowFliesIsRefusedAtConfiguration() {
        TestServer.Response none = create("""
                {"name":"no distance","entryCamera":"S-OUT","exitCamera":"S-FAR","limitKmh":100}""");
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.reason()).contains("distanceMetres: required");
        TestServer.Response shortRoad = create("""
                {"name":"too short","entryCamera":"S-OUT","exitCamera":"S-FAR","distanceMetres":5000,"limitKmh":100}""");
        assertThat(shortRoad.status()).isEqualTo(400);
        assertThat(shortRoad.reason()).contains("shorter than", "as the crow flies");
        assertThat(create("""
                {"name":"zero","entryCamera":"S-OUT","exitCamera":"S-FAR","distanceMetres":0,"limitKmh":100}""").status()).isEqualTo(400);
        assertThat(create("""
                {"name":"same","entryCamera":"S-OUT","exitCamera":"S-OUT","distanceMetres":1000,"limitKmh":100}""").reason())
                .contains("differ");
        assertThat(create("""
                {"name":"x","entryCamera":"S-OUT","exitCamera":"S-FAR","distanceMetres":50000,"limitKmh":100,"marginKmh":-3}""").status())
                .isEqualTo(400);
        assertThat(create("""
                {"name":"<b>x</b>\\u0000","entryCamera":"S-OUT","exitCamera":"S-FAR","distanceMetres":50000,"limitKmh":100}""").status())
                .isEqualTo(400);
        assertThat(create("not json").status()).isEqualTo(400);
        assertThat(create("""
                {"name":"again","entryCamera":"S-IN","exitCamera":"S-OUT","distanceMetres":8000,"limitKmh":100}""").status()).isEqualTo(409);
    }

    @Test
    void anotherOrganisationsCameraAnswersAsAnUnknownOneAndOnlyAdministratorsConfigure() {
        String foreign = create("""
                {"name":"x","entryCamera":"H-IN","exitCamera":"S-OUT","distanceMetres":80000,"limitKmh":100}""").reason();
        String unknown = create("""
                {"name":"x","entryCamera":"NOPE","exitCamera":"S-OUT","distanceMetres":80000,"limitKmh":100}""").reason();
        assertThat(foreign.replace("H-IN", "?")).isEqualTo(unknown.replace("NOPE", "?"));
        assertThat(server.post("/api/v1/sections", "application/json", """
                {"name":"x","entryCamera":"S-OUT","exitCamera":"S-FAR","distanceMetres":50000,"limitKmh":100}""", officer).status())
                .isEqualTo(403);
        assertThat(server.get("/api/v1/sections", otherOfficer).json()).isEmpty();
        assertThat(server.get("/api/v1/sections", officer).json()).anyMatch(s -> s.path("id").asLong() == section);
        assertThat(server.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.baseUrl() + "/api/v1/sections/" + section))
                .header("Authorization", "Bearer " + server.userToken("hadmin", "haaglanden", "ADMINISTRATOR")).DELETE()).status())
                .isEqualTo(404);
    }

    @Test
    void aSpeederIsAViolationWithTheEvidenceWhenTheExitArrives() {
        Instant entry = NOW.minus(Duration.ofHours(1));
        post(read("S-IN", "SP-001-A", entry));
        post(read("S-OUT", "SP-001-A", entry.plus(Duration.ofMinutes(4)))); // 8 km in 4 min: 120 km/h, corrected 116
        JsonNode v = violations("SP001A");
        assertThat(v).hasSize(1);
        JsonNode one = v.get(0);
        assertThat(one.path("correctedKmh").asInt()).isEqualTo(116);
        assertThat(one.path("measuredKmh").asDouble()).isCloseTo(120.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(one.path("limitKmh").asInt()).isEqualTo(100);
        assertThat(one.path("elapsedMillis").asLong()).isEqualTo(240_000);
        assertThat(one.path("entry").path("camera").asText()).isEqualTo("S-IN");
        assertThat(one.path("exit").path("camera").asText()).isEqualTo("S-OUT");
        assertThat(one.path("entry").path("cameraStatus").asText()).isEqualTo("ACTIVE");
        assertThat(one.path("entry").path("receivedAt").isNull()).isFalse();
        assertThat(one.path("calculation").asText()).contains("8000 m", "240.000 s", "120.00 km/h", "116 km/h");
        assertThat(one.path("clockCheck").asText()).contains("entry taken " + entry, "received");
        // the images of both ends, for whoever may see the violation, each one shown on the record
        long id = one.path("id").asLong();
        TestServer.Response img = server.get("/api/v1/sections/violations/" + id + "/images/exit/overview", officer);
        assertThat(img.status()).isEqualTo(200);
        assertThat(img.contentType()).isEqualTo("image/jpeg");
        assertThat(server.get("/api/v1/sections/violations/" + id + "/images/exit/overview", otherOfficer).status()).isEqualTo(404);
        assertThat(server.get("/api/v1/sections/violations/" + id + "/images/middle/overview", officer).status()).isEqualTo(400);
        assertThat(server.get("/api/v1/audit?action=PASSAGE_VIEW&actor=otto&limit=100").json())
                .anyMatch(a -> a.path("details").path("violation").asLong() == id);
    }

    @Test
    void aDriverWithinTheLimitAfterTheCorrectionLeavesNothingBehind() {
        Instant entry = NOW.minus(Duration.ofHours(2));
        // 8 km in 4 min 40 s: 102.86 km/h measured, 99 corrected
        post(read("S-IN", "OK-001-A", entry), read("S-OUT", "OK-001-A", entry.plusSeconds(280)));
        assertThat(violations("OK001A")).isEmpty();
    }

    @Test
    void anExitBeforeTheEntryIsNoViolation() {
        // the entry camera's clock is minutes ahead: its read says 10:05, the exit's 10:01
        Instant exit = NOW.minus(Duration.ofHours(3));
        post(read("S-IN", "CK-001-A", exit.plus(Duration.ofMinutes(4))));
        post(read("S-OUT", "CK-001-A", exit));
        assertThat(violations("CK001A")).isEmpty();
    }

    @Test
    void anEntryDeliveredAfterTheExitIsStillMeasuredAndBothEndsInOneBatchAreOneViolation() {
        Instant entry = NOW.minus(Duration.ofHours(4));
        post(read("S-OUT", "LT-001-A", entry.plus(Duration.ofMinutes(3))));
        post(read("S-IN", "LT-001-A", entry));
        assertThat(violations("LT001A")).singleElement().satisfies(v -> assertThat(v.path("correctedKmh").asInt()).isEqualTo(155));
        Instant other = NOW.minus(Duration.ofHours(5));
        post(read("S-IN", "LT-002-A", other), read("S-OUT", "LT-002-A", other.plus(Duration.ofMinutes(3))));
        assertThat(violations("LT002A")).hasSize(1);
        // a resent exit is a duplicate and measured once
        UUID exitId = UUID.randomUUID();
        Instant third = NOW.minus(Duration.ofHours(6));
        post(read("S-IN", "LT-003-A", third), read("S-OUT", "LT-003-A", third.plusSeconds(200), exitId));
        post(read("S-OUT", "LT-003-A", third.plusSeconds(200), exitId));
        assertThat(violations("LT003A")).hasSize(1);
    }

    @Test
    void aJourneyOverTheNightTheClocksGoBackIsMeasuredInElapsedTime() {
        clock.set(Instant.parse("2026-10-25T02:00:00Z"));
        try {
            // 02:58 CEST is 00:58 UTC; 02:02 CET is 01:02 UTC: four minutes, though the wall clock says minus 56
            post(read("S-IN", "DS-001-A", Instant.parse("2026-10-25T00:58:00Z")), read("S-OUT", "DS-001-A", Instant.parse("2026-10-25T01:02:00Z")));
        } finally {
            clock.set(NOW);
        }
        JsonNode v = server.get("/api/v1/sections/violations?from=2026-10-24T00:00:00Z&to=2026-10-26T00:00:00Z", officer).json();
        assertThat(v).singleElement().satisfies(x -> assertThat(x.path("correctedKmh").asInt()).isEqualTo(116));
    }

    @Test
    void violationsAreTheSectionsOrganisationsForWhoeverMayViewHitsAndEveryReadingIsOnTheRecord() {
        Instant entry = NOW.minus(Duration.ofMinutes(30));
        post(read("S-IN", "EX-001-A", entry), read("S-OUT", "EX-001-A", entry.plus(Duration.ofMinutes(3))));
        assertThat(server.get("/api/v1/sections/violations", otherOfficer).json()).isEmpty();
        assertThat(server.get("/api/v1/sections/violations", analystWithoutHits).status()).isEqualTo(403);
        assertThat(server.get("/api/v1/sections/violations", admin).status()).isEqualTo(403);
        TestServer.Response csv = server.get("/api/v1/sections/violations?format=csv", officer);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body().lines().findFirst().orElseThrow()).startsWith("id,section,plate,country,entry_camera");
        assertThat(csv.body()).contains("EX-001-A").contains("A12 Utrecht-Oost");
        TestServer.Response html = server.get("/api/v1/sections/violations?format=html&lang=nl", officer);
        assertThat(html.contentType()).startsWith("text/html");
        assertThat(html.body()).contains("Trajectcontrole", "EX-001-A", "Na correctie (OM)", "Klokcontrole",
                "/api/v1/sections/violations/");
        assertThat(server.get("/api/v1/sections/violations?format=pdf", officer).status()).isEqualTo(400);
        assertThat(server.get("/api/v1/sections/violations?from=2026-11-24T00:00:00Z&to=2026-11-23T00:00:00Z", officer).status()).isEqualTo(400);
        assertThat(server.get("/api/v1/audit?action=HIT_VIEW&actor=otto&limit=100").json())
                .anyMatch(a -> a.path("details").path("analysis").asText().equals("section speed")
                        && a.path("details").path("format").asText().equals("csv"));
    }

    @Test
    void aClockIsSuspectWhenAReadWasTakenAfterItArrivedOrArrivedLongAfter() {
        Instant t = NOW;
        assertThat(SectionStage.suspect(t, t.plusSeconds(2))).isFalse();
        assertThat(SectionStage.suspect(t, t.minusSeconds(30))).isTrue();
        assertThat(SectionStage.suspect(t, t.plus(Duration.ofMinutes(5)))).isTrue();
        assertThat(SectionStage.suspect(t, null)).isTrue();
    }
}
