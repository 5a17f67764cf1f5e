package org.openanpr.investigation;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.camera.CameraRegistry;
import org.openanpr.db.Sql;
import org.openanpr.passage.IncomingRead;
import org.openanpr.passage.IngestLimits;
import org.openanpr.passage.IngestResult;
import org.openanpr.passage.IngestService;
import org.openanpr.passage.PassageStore;
import org.openanpr.passage.Partitions;
import org.openanpr.testing.SseListener;
import org.openanpr.testing.TestClock;
import org.openanpr.testing.TestServer;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12: a clone suspect the read pipeline finds is a live alert ({@code event: clone}) on the alert stream of the
 * organisation whose cameras saw both sightings, with its evidence; no other organisation's listener, no list or
 * action filter, and no caller without the right to view hits gets it. Delivered at least once (an outbox replayed
 * after a failed hand-over), once per suspect (a resent read raises nothing), replayed to a stream that reconnects,
 * and raised under a "hits only" regime too, where the earlier read was never kept.
 */
class CloneAlertTest {
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static final TestClock clock = new TestClock(NOW);
    static TestServer server;
    static String officer;
    static String otherOfficer;
    static String privacy;
    static String stream;

    @BeforeAll
    static void start() {
        server = TestServer.start(CloneAlertTest.class, clock);
        TestServer.Response cameras = server.post("/api/v1/cameras/import", "text/csv", """
                id,name,lat,lon,organisation
                UT-1,Utrecht,52.09,5.12,utrecht
                GR-1,Groningen,53.22,6.57,utrecht
                UT-H,Utrecht (hits only),52.09,5.11,utrecht
                GR-H,Groningen (hits only),53.22,6.56,utrecht
                DH-1,Den Haag,52.07,4.30,haaglanden
                MT-1,Maastricht,50.85,5.69,haaglanden
                """);
        assertThat(cameras.status()).as(cameras.body()).isBetween(200, 201);
        officer = server.userToken("otto", "utrecht", "OFFICER");
        otherOfficer = server.userToken("hanna", "haaglanden", "OFFICER");
        privacy = server.userToken("pia", "utrecht", "PRIVACY_OFFICER");
        stream = server.baseUrl() + "/api/v1/alerts/stream";
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String read(UUID id, String camera, String plate, Instant at) {
        return """
                {"id":"%s","camera":"%s","plate":"%s","country":"NL","confidence":0.95,"time":"%s","make":"Volkswagen","colour":"grijs"}"""
                .formatted(id, camera, plate, at);
    }

    static void post(String... reads) {
        TestServer.Response r = server.post("/api/v1/reads", "application/json", "[" + String.join(",", reads) + "]");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    /** The next event of this name, skipping others (heartbeats are comments); null when none comes in time. */
    static SseListener.Event next(SseListener sse, String name, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            SseListener.Event e = sse.next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (e != null && name.equals(e.name())) return e;
        }
        return null;
    }

    @Test
    void aCloneReachesItsOwnOrganisationsListenersWithItsEvidenceAndNoOneElses() throws Exception {
        try (SseListener own = SseListener.open(stream, officer);
             SseListener other = SseListener.open(stream, otherOfficer);
             SseListener regionElsewhere = SseListener.open(stream + "?region=haaglanden", TestServer.ADMIN_TOKEN);
             SseListener oneList = SseListener.open(stream + "?list=" + server.activeFinesList("utrecht"), TestServer.ADMIN_TOKEN);
             SseListener everything = SseListener.open(stream, TestServer.ADMIN_TOKEN)) {
            for (SseListener l : List.of(own, other, regionElsewhere, oneList, everything)) assertThat(l.status()).isEqualTo(200);
            Instant t = NOW.minus(Duration.ofHours(1));
            UUID first = UUID.randomUUID();
            UUID second = UUID.randomUUID();
            post(read(first, "UT-1", "CA-001-A", t));
            post(read(second, "GR-1", "CA-001-A", t.plus(Duration.ofMinutes(20))));

            SseListener.Event e = next(own, "clone", Duration.ofSeconds(10));
            assertThat(e).as("the clone alert on the Utrecht officer's stream").isNotNull();
            assertThat(e.id()).startsWith("clone-");
            JsonNode s = e.data();
            assertThat(e.id()).isEqualTo("clone-" + s.path("id").asLong());
            assertThat(s.path("plate").asText()).isEqualTo("CA001A");
            assertThat(s.path("organisation").asText()).isEqualTo("utrecht");
            assertThat(s.path("reasons").get(0).asText()).isEqualTo("IMPOSSIBLE_TRAVEL");
            assertThat(s.path("first").path("passage").asText()).isEqualTo(first.toString());
            assertThat(s.path("first").path("camera").asText()).isEqualTo("UT-1");
            assertThat(Instant.parse(s.path("first").path("time").asText())).isEqualTo(t);
            assertThat(s.path("first").path("lat").asDouble()).isEqualTo(52.09);
            assertThat(s.path("first").path("vehicle").asText()).containsIgnoringCase("volkswagen");
            assertThat(s.path("second").path("camera").asText()).isEqualTo("GR-1");
            assertThat(s.path("second").path("lon").asDouble()).isEqualTo(6.57);
            assertThat(s.path("seconds").asLong()).isEqualTo(1200);
            assertThat(s.path("metres").asDouble()).isBetween(150_000.0, 170_000.0);
            assertThat(s.path("neededKmh").asDouble()).isGreaterThan(300);
            assertThat(s.path("calculation").asText()).contains("plausible at most 200 km/h");
            assertThat(next(everything, "clone", Duration.ofSeconds(10))).as("the system token sees every organisation's").isNotNull();

            // Den Haag's own clone is the first clone its listener gets: Utrecht's never came.
            post(read(UUID.randomUUID(), "DH-1", "CA-002-B", t), read(UUID.randomUUID(), "MT-1", "CA-002-B", t.plus(Duration.ofMinutes(15))));
            SseListener.Event theirs = next(other, "clone", Duration.ofSeconds(10));
            assertThat(theirs).isNotNull();
            assertThat(theirs.data().path("plate").asText()).isEqualTo("CA002B");
            assertThat(next(regionElsewhere, "clone", Duration.ofSeconds(10)).data().path("plate").asText())
                    .as("a region filter lets only that region's clones through").isEqualTo("CA002B");
            assertThat(next(own, "clone", Duration.ofSeconds(2))).as("not Den Haag's").isNull();
            assertThat(next(oneList, "clone", Duration.ofMillis(500))).as("a clone comes from no list").isNull();
        }
        assertThat(server.get("/api/v1/investigations/clones?from=2026-11-23T00:00:00Z", otherOfficer).json())
                .allMatch(s -> s.path("organisation").asText().equals("haaglanden"));
    }

    @Test
    void aCallerWithoutTheRightToViewHitsGetsNoStream() throws Exception {
        try (SseListener refused = SseListener.open(stream, privacy)) {
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.body()).contains("VIEW_HITS");
        }
    }

    @Test
    void aResentReadRaisesNoSecondAlertAndAReconnectingStreamGetsWhatItMissed() throws Exception {
        Instant t = NOW.minus(Duration.ofMinutes(90));
        String firstRead = read(UUID.randomUUID(), "UT-1", "CA-003-C", t);
        String secondRead = read(UUID.randomUUID(), "GR-1", "CA-003-C", t.plus(Duration.ofMinutes(10)));
        String seen;
        try (SseListener sse = SseListener.open(stream, officer)) {
            post(firstRead);
            post(secondRead);
            SseListener.Event e = next(sse, "clone", Duration.ofSeconds(10));
            assertThat(e).isNotNull();
            seen = e.id();
            // the camera sends both again (it did not get the answer): duplicates, no second suspect, no second alert
            post(firstRead, secondRead);
            post(read(UUID.randomUUID(), "UT-1", "CA-004-D", t), read(UUID.randomUUID(), "GR-1", "CA-004-D", t.plus(Duration.ofMinutes(10))));
            SseListener.Event after = next(sse, "clone", Duration.ofSeconds(10));
            assertThat(after.data().path("plate").asText()).as("the next clone alert is the next suspect").isEqualTo("CA004D");
        }
        assertThat(Sql.list(server.db().dataSource(), "select count(*) from clone_suspect where plate = 'CA003C'", rs -> rs.getLong(1)))
                .containsExactly(1L);

        // away: a clone is found meanwhile; the reconnect names the last event it got, a clone alert
        post(read(UUID.randomUUID(), "UT-1", "CA-005-E", t), read(UUID.randomUUID(), "GR-1", "CA-005-E", t.plus(Duration.ofMinutes(10))));
        try (SseListener back = SseListener.open(stream, officer, seen)) {
            assertThat(back.status()).isEqualTo(200);
            // from the named one's store time less an overlap (transactions commit out of order): the page knows the ids
            List<String> replayed = new java.util.ArrayList<>();
            for (SseListener.Event e = next(back, "clone", Duration.ofSeconds(10)); e != null; e = next(back, "clone", Duration.ofSeconds(2)))
                replayed.add(e.data().path("plate").asText());
            assertThat(replayed).containsSubsequence("CA004D", "CA005E").doesNotContain("CA003C", "CA002B");
        }
        try (SseListener otherBack = SseListener.open(stream, otherOfficer, seen)) {
            SseListener.Event e = next(otherBack, "clone", Duration.ofSeconds(2));
            assertThat(e == null ? null : e.data().path("organisation").asText()).as("not Utrecht's, replayed or not").isNotEqualTo("utrecht");
        }
    }

    @Test
    void underHitsOnlyTheEarlierReadIsNotKeptYetTheAlertCarriesBothSightings() throws Exception {
        for (String camera : List.of("UT-H", "GR-H")) {
            TestServer.Response policy = server.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(server.baseUrl() + "/api/v1/retention/policies"))
                    .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).header("Content-Type", "application/json")
                    .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"scope\":\"CAMERA\",\"target\":\"%s\",\"regime\":\"HITS_ONLY\",\"days\":28}".formatted(camera))));
            assertThat(policy.status()).as(policy.body()).isEqualTo(200);
        }
        Instant t = NOW.minus(Duration.ofMinutes(50));
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        DataSource db = server.db().dataSource();
        try (SseListener sse = SseListener.open(stream, officer)) {
            post(read(first, "UT-H", "CA-006-F", t));
            assertThat(Sql.list(db, "select count(*) from passage where id = ?", rs -> rs.getLong(1), first))
                    .as("no finding yet: not kept").containsExactly(0L);
            post(read(second, "GR-H", "CA-006-F", t.plus(Duration.ofMinutes(12))));
            SseListener.Event e = next(sse, "clone", Duration.ofSeconds(10));
            assertThat(e).as("raised although the earlier read was never kept").isNotNull();
            assertThat(e.data().path("first").path("passage").asText()).isEqualTo(first.toString());
            assertThat(e.data().path("first").path("camera").asText()).isEqualTo("UT-H");
            assertThat(Instant.parse(e.data().path("first").path("time").asText())).isEqualTo(t);
            assertThat(e.data().path("first").path("lat").asDouble()).isEqualTo(52.09);
            assertThat(e.data().path("second").path("camera").asText()).isEqualTo("GR-H");
        }
        assertThat(Sql.list(db, "select count(*) from passage where id = ?", rs -> rs.getLong(1), second))
                .as("the later read has a finding: kept").containsExactly(1L);
        JsonNode stored = server.get("/api/v1/investigations/clones?from=2026-11-23T00:00:00Z", officer).json();
        assertThat(stored).anySatisfy(s -> {
            assertThat(s.path("plate").asText()).isEqualTo("CA006F");
            assertThat(s.path("first").path("camera").asText()).isEqualTo("UT-H");
            assertThat(s.path("first").path("vehicle").asText()).containsIgnoringCase("volkswagen");
        });
    }

    @Test
    void aCloneWhoseHandOverFailedIsAlertedFromTheOutbox() throws Exception {
        DataSource db = server.db().dataSource();
        CameraRegistry cameras = new CameraRegistry(db);
        // The same stage as the server's, in a process whose hand-over fails after the commit.
        CloneAlerts failing = new CloneAlerts(db, alerts -> {
            throw new IllegalStateException("the hand-over failed after the commit");
        });
        Instant t = NOW.minus(Duration.ofMinutes(40));
        try (SseListener sse = SseListener.open(stream, officer)) {
            IngestResult result;
            try (IngestService pipeline = new IngestService(db, cameras, new PassageStore(new Partitions(db)),
                    List.of(new CloneStage(cameras, failing)), camera -> true, IngestLimits.DEFAULT, clock,
                    new io.prometheus.metrics.model.registry.PrometheusRegistry())) {
                result = pipeline.ingest(List.of(
                        new IncomingRead(UUID.randomUUID(), "UT-1", "CA-007-G", "NL", 0.95, t.atOffset(ZoneOffset.UTC), null, null, null, null),
                        new IncomingRead(UUID.randomUUID(), "GR-1", "CA-007-G", "NL", 0.95, t.plusSeconds(600).atOffset(ZoneOffset.UTC),
                                null, null, null, null)));
            }
            assertThat(result.accepted()).as("committed, and the answer says so").isEqualTo(2);
            List<Long> left = Sql.list(db, "select o.clone_id from clone_outbox o join clone_suspect s on s.id = o.clone_id"
                    + " where s.plate = 'CA007G'", rs -> rs.getLong(1));
            assertThat(left).as("left in the outbox by the failed hand-over").hasSize(1);
            // the server's maintenance hands over what is older than a few seconds
            SseListener.Event e = next(sse, "clone", Duration.ofSeconds(30));
            assertThat(e).isNotNull();
            assertThat(e.id()).isEqualTo("clone-" + left.getFirst());
            assertThat(e.data().path("plate").asText()).isEqualTo("CA007G");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Sql.list(db, "select clone_id from clone_outbox", rs -> rs.getLong(1)).isEmpty() && System.nanoTime() < deadline)
            Thread.sleep(100);
        assertThat(Sql.list(db, "select clone_id from clone_outbox", rs -> rs.getLong(1))).as("taken out once published").isEmpty();
    }

    /** The caller is checked again before a clone alert as before a hit: a revoked token gets none, its stream ends. */
    @Test
    void aStreamWhoseTokenWasRevokedGetsNoCloneAlertAndEnds() throws Exception {
        String token = server.userToken("revoked-clone", "utrecht", "OFFICER");
        Instant t = NOW.minus(Duration.ofMinutes(30));
        try (SseListener sse = SseListener.open(stream, token)) {
            assertThat(sse.status()).isEqualTo(200);
            try (var c = server.db().dataSource().getConnection(); var st = c.createStatement()) {
                st.executeUpdate("update api_token set revoked_at = now() where user_id = "
                        + "(select id from app_user where username = 'revoked-clone')");
            }
            post(read(UUID.randomUUID(), "UT-1", "CA-008-H", t), read(UUID.randomUUID(), "GR-1", "CA-008-H", t.plus(Duration.ofMinutes(10))));
            assertThat(next(sse, "clone", Duration.ofSeconds(2))).as("no clone alert after the token was revoked").isNull();
            assertThat(sse.ended(Duration.ofSeconds(5))).as("the stream is closed").isTrue();
        }
    }
}
