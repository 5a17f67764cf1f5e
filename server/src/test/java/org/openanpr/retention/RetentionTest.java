package org.openanpr.retention;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.testing.TestClock;
import org.openanpr.testing.TestServer;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Retention regimes: hits only leaves nothing of a no-hit read; 28 days is enforced by the purge, provably. */
class RetentionTest {
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static final TestClock clock = new TestClock(NOW);
    static TestServer server;
    static final String JPEG = Base64.getEncoder().encodeToString(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2, 3});

    @BeforeAll
    static void start() {
        server = TestServer.start(RetentionTest.class, clock);
        assertThat(server.post("/api/v1/cameras", "application/json", """
                {"id":"GEM-1","name":"municipal zone camera","lat":52.09,"lon":5.12,"organisation":"gemeente"}""").status()).isEqualTo(201);
        assertThat(server.post("/api/v1/cameras", "application/json", """
                {"id":"POL-1","name":"police camera","lat":52.08,"lon":5.04,"organisation":"politie"}""").status()).isEqualTo(201);
        TestServer.Response policy = server.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(server.baseUrl() + "/api/v1/retention/policies"))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"scope\":\"ORGANISATION\",\"target\":\"gemeente\",\"regime\":\"HITS_ONLY\",\"days\":28}")));
        assertThat(policy.status()).as(policy.body()).isEqualTo(200);
        long list = server.post("/api/v1/lists", "application/json", """
                {"name":"Fines","category":"UNPAID_FINES","purpose":"p","legalBasis":"b","organisation":"gemeente","source":"s"}""")
                .json().path("id").asLong();
        assertThat(server.post("/api/v1/lists/" + list + "/entries", "text/csv", "plate\n52-TKN-9\n").status()).isEqualTo(200);
        assertThat(server.post("/api/v1/lists/" + list + "/activations", "application/json",
                "{\"scope\":\"REGION\",\"target\":\"gemeente\"}").status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static TestServer.Response post(String camera, String plate, Instant time) {
        return server.post("/api/v1/reads", "application/json", """
                [{"id":"%s","camera":"%s","plate":"%s","confidence":0.9,"time":"%s","plateImage":"%s","overviewImage":"%s"}]"""
                .formatted(UUID.randomUUID(), camera, plate, time, JPEG, JPEG));
    }

    static long count(String sql) {
        try (Connection c = server.db().dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static void execute(String sql) {
        try (Connection c = server.db().dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void hitsOnlyLeavesNoRowAndNoImageOfANoHitRead() {
        TestServer.Response noHit = post("GEM-1", "ZZ-99-XX", NOW.minusSeconds(10));
        assertThat(noHit.json().path("items").get(0).path("status").asText()).isEqualTo("accepted");
        TestServer.Response hit = post("GEM-1", "52-TKN-9", NOW.minusSeconds(5));
        assertThat(hit.json().path("accepted").asInt()).isEqualTo(1);

        assertThat(count("select count(*) from passage where plate = 'ZZ99XX'")).isZero();
        assertThat(count("select count(*) from passage_image i join passage p on p.id = i.passage_id where p.camera_id = 'GEM-1'"))
                .as("only the hit's read keeps its images").isEqualTo(2);
        assertThat(count("select count(*) from passage_image")).isEqualTo(2);
        assertThat(count("select count(*) from passage where plate = '52TKN9'")).isEqualTo(1);
        assertThat(count("select count(*) from hit_image")).isEqualTo(2);
        assertThat(count("select coalesce(sum(reads), 0) from scan_count where camera_id = 'GEM-1' and list_id = 0 and action_id = 0"))
                .as("the no-hit read was still scanned and counted").isEqualTo(2);

        JsonNode report = server.get("/api/v1/retention/report").json();
        assertThat(report.path("ok").asBoolean()).as(report.toString()).isTrue();
    }

    /**
     * Issue 11: a hits-only read that is resent is counted once. Its id is claimed (an id and a time, nothing of the
     * plate), so the resend is a duplicate.
     */
    @Test
    void aResentHitsOnlyReadIsCountedOnce() {
        Instant at = NOW.minusSeconds(20);
        long before = count("select coalesce(sum(reads), 0) from scan_count where camera_id = 'GEM-1' and list_id = 0 and action_id = 0 and day = '"
                + at.toString().substring(0, 10) + "'");
        UUID id = UUID.randomUUID();
        String body = """
                [{"id":"%s","camera":"GEM-1","plate":"XX-11-YY","confidence":0.9,"time":"%s"}]""".formatted(id, at);
        assertThat(server.post("/api/v1/reads", "application/json", body).json().path("items").get(0).path("status").asText())
                .isEqualTo("accepted");
        for (int resend = 0; resend < 2; resend++)
            assertThat(server.post("/api/v1/reads", "application/json", body).json().path("items").get(0).path("status").asText())
                    .as("resend %d", resend).isEqualTo("duplicate");
        assertThat(count("select coalesce(sum(reads), 0) from scan_count where camera_id = 'GEM-1' and list_id = 0 and action_id = 0 and day = '"
                + at.toString().substring(0, 10) + "'")).isEqualTo(before + 1);
        assertThat(count("select count(*) from passage where plate = 'XX11YY'")).isZero();
    }

    @Test
    void aPassageOlderThanTwentyEightDaysIsGoneAfterThePurgeAndTheReportSaysSo() {
        Instant old = NOW.minus(Duration.ofDays(27)).minus(Duration.ofHours(23));
        assertThat(post("POL-1", "AB-123-C", old).json().path("accepted").asInt()).isEqualTo(1);
        assertThat(post("POL-1", "GH-456-J", NOW.minusSeconds(60)).json().path("accepted").asInt()).isEqualTo(1);

        clock.advance(Duration.ofDays(2));
        try {
            JsonNode before = server.get("/api/v1/retention/report").json();
            assertThat(before.path("ok").asBoolean()).isFalse();

            // a purge cut short: the day's image partition dropped, its passages still there
            String day = old.toString().substring(0, 10).replace("-", "");
            execute("drop table passage_image_p" + day);
            JsonNode result = server.post("/api/v1/retention/purge", "application/json", "").json();
            assertThat(result.path("partitionsDropped").asInt()).isGreaterThanOrEqualTo(1);

            assertThat(count("select count(*) from passage where plate = 'AB123C'")).isZero();
            assertThat(count("select count(*) from passage where plate = 'GH456J'")).isEqualTo(1);
            assertThat(count("select count(*) from purge_log where what like 'passage day partition%' and rows > 0")).isGreaterThanOrEqualTo(1);

            JsonNode after = server.get("/api/v1/retention/report").json();
            assertThat(after.path("ok").asBoolean()).as(after.toString()).isTrue();
            assertThat(server.post("/api/v1/retention/purge", "application/json", "").json().path("passagesRemoved").asLong())
                    .as("a second run finds nothing left").isZero();
        } finally {
            clock.set(NOW);
        }
    }

    /**
     * Clone suspects and section violations copy their passages' evidence into rows of their own: they go at the legal
     * maximum after their later sighting, on the record, and the report checks for them.
     */
    @Test
    void cloneSuspectsAndSectionViolationsGoAtTheLegalMaximumOnTheRecord() {
        Instant old = NOW.minus(Duration.ofDays(29));
        Instant recent = NOW.minus(Duration.ofDays(27));
        for (Instant at : new Instant[] {old, recent}) {
            execute("""
                    insert into clone_suspect (organisation, plate, reasons, first_passage, first_time, first_camera, second_passage,
                        second_time, second_camera, seconds)
                    values ('politie', 'KL081P', '{IMPOSSIBLE_TRAVEL}', '%s', '%s', 'POL-1', '%s', '%s', 'POL-1', 600)"""
                    .formatted(UUID.randomUUID(), at.minusSeconds(600), UUID.randomUUID(), at));
            execute("""
                    insert into section_violation (section_name, organisation, plate, entry_passage, entry_time, entry_camera,
                        exit_passage, exit_time, exit_camera, distance_m, limit_kmh, margin_kmh, elapsed_ms, measured_kmh,
                        corrected_kmh, calculation, clock_check, clock_suspect)
                    values ('A12', 'politie', '12BDF3', '%s', '%s', 'POL-1', '%s', '%s', 'POL-1', 8600, 100, 3, 240000, 129,
                        126, 'calc', 'ok', false)"""
                    .formatted(UUID.randomUUID(), at.minusSeconds(240), UUID.randomUUID(), at));
        }
        JsonNode before = server.get("/api/v1/retention/report").json();
        assertThat(before.path("ok").asBoolean()).isFalse();
        assertThat(before.path("checks").findValuesAsText("subject")).anyMatch(subject -> subject.startsWith("clone suspects before"));

        JsonNode result = server.post("/api/v1/retention/purge", "application/json", "").json();
        assertThat(result.path("findingsRemoved").asLong()).isEqualTo(2);
        assertThat(count("select count(*) from clone_suspect")).isEqualTo(1);
        assertThat(count("select count(*) from section_violation")).isEqualTo(1);
        assertThat(count("select count(*) from purge_log where what like 'clone suspects past%' and rows = 1")).isEqualTo(1);
        assertThat(count("select count(*) from purge_log where what like 'section speed violations past%' and rows = 1")).isEqualTo(1);
        JsonNode after = server.get("/api/v1/retention/report").json();
        assertThat(after.path("ok").asBoolean()).as(after.toString()).isTrue();
    }
}
