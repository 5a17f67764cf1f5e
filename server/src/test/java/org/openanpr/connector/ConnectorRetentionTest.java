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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What connectors keep for the administrator holds plates too: reads held for a camera nobody mapped and payloads
 * that could not be read are deleted by the retention purge after the connector's term, each deletion on the purge
 * log; before the term nothing goes, and another organisation's privacy officer purges only their own.
 */
class ConnectorRetentionTest {
    static final TestClock CLOCK = new TestClock(Instant.parse("2026-11-02T09:00:00Z"));
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(ConnectorRetentionTest.class, CLOCK);
        for (String org : new String[]{"utrecht", "gooi"})
            assertThat(server.post("/api/v1/organisations", "application/json", "{\"code\":\"%s\",\"name\":\"%s\"}".formatted(org, org)).status()).isIn(201, 409);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String connector(String id, String org, String settings) {
        TestServer.Response r = server.post("/api/v1/connectors", "application/json",
                "{\"id\":\"%s\",\"kind\":\"openalpr\",\"organisation\":\"%s\",\"settings\":%s}".formatted(id, org, settings));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("token").asText();
    }

    static TestServer.Response deliver(String connector, String token, String body) {
        return server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/ingest/" + connector))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** One alpr_group of an unmapped agent camera, dated now, and one payload that cannot be read. */
    static void holdAndReject(String connector, String token, String plate) {
        String group = Samples.text(Samples.OPENALPR_GROUP).replace("1562681121504", String.valueOf(CLOCK.instant().minusSeconds(5).toEpochMilli()))
                .replace("D2651BF", plate).replace("YYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYY-1234-1562681122676", connector + "-" + plate);
        TestServer.Response held = deliver(connector, token, group);
        assertThat(held.json().path("held").asInt()).as(held.body()).isEqualTo(1);
        assertThat(deliver(connector, token, "{\"data_type\":\"alpr_group\",\"best_plate_number\":\"" + plate).status()).isEqualTo(400);
    }

    static long count(String sql, Object... args) {
        return Sql.list(server.db().dataSource(), sql, rs -> rs.getLong(1), args).getFirst();
    }

    @Test
    void heldReadsAndRejectedPayloadsArePurgedAfterTheConnectorsTermOnTheRecord() {
        String shortToken = connector("agent-short", "utrecht", "{\"heldDays\":2,\"rejectedDays\":3}");
        String defaultToken = connector("agent-default", "utrecht", "{}");
        String gooiToken = connector("agent-gooi", "gooi", "{\"heldDays\":1,\"rejectedDays\":1}");
        holdAndReject("agent-short", shortToken, "RT01AB");
        holdAndReject("agent-default", defaultToken, "RT02AB");
        holdAndReject("agent-gooi", gooiToken, "RT03AB");
        assertThat(server.post("/api/v1/connectors", "application/json",
                "{\"id\":\"agent-bad\",\"kind\":\"openalpr\",\"organisation\":\"utrecht\",\"settings\":{\"heldDays\":90}}").reason())
                .contains("settings.heldDays: whole days, 1 to 28");

        // Within every term: nothing goes.
        CLOCK.advance(Duration.ofDays(1).minusMinutes(1));
        JsonNode early = server.post("/api/v1/retention/purge", "application/json", "").json();
        assertThat(early.path("heldReadsRemoved").asLong()).isZero();
        assertThat(early.path("rejectedPayloadsRemoved").asLong()).isZero();

        // Two and a half days on, a privacy officer of Utrecht purges: only Utrecht's, only past the short terms.
        CLOCK.advance(Duration.ofHours(36));
        String officer = server.userToken("ut-privacy", "utrecht", "PRIVACY_OFFICER");
        TestServer.Response utrecht = server.post("/api/v1/retention/purge", "application/json", "", officer);
        assertThat(utrecht.status()).as(utrecht.body()).isEqualTo(200);
        assertThat(utrecht.json().path("heldReadsRemoved").asLong()).isEqualTo(1);
        assertThat(utrecht.json().path("rejectedPayloadsRemoved").asLong()).isZero();
        assertThat(count("select count(*) from connector_held_read where connector_id = 'agent-short'")).isZero();
        assertThat(count("select count(*) from connector_held_read where connector_id = 'agent-gooi'")).as("gooi's is gooi's to purge").isEqualTo(1);
        assertThat(server.get("/api/v1/connectors/agent-short/cameras").json().path("seen").toString()).doesNotContain("\"held\":1");

        // The hourly run (system): Gooi's past its day, agent-short's rejected past its three days; the default 7 not yet.
        CLOCK.advance(Duration.ofDays(1));
        JsonNode all = server.post("/api/v1/retention/purge", "application/json", "").json();
        assertThat(all.path("heldReadsRemoved").asLong()).isEqualTo(1);
        assertThat(all.path("rejectedPayloadsRemoved").asLong()).isEqualTo(2);
        assertThat(count("select count(*) from connector_rejected where connector_id = 'agent-default'")).isEqualTo(1);
        assertThat(count("select count(*) from connector_held_read where connector_id = 'agent-default'")).isEqualTo(1);

        CLOCK.advance(Duration.ofDays(4));
        JsonNode late = server.post("/api/v1/retention/purge", "application/json", "").json();
        assertThat(late.path("heldReadsRemoved").asLong()).isEqualTo(1);
        assertThat(late.path("rejectedPayloadsRemoved").asLong()).isEqualTo(1);
        assertThat(count("select count(*) from connector_held_read") + count("select count(*) from connector_rejected")).isZero();

        // Each deletion is on the purge log, with the organisation whose data it was.
        List<String> log = Sql.list(server.db().dataSource(),
                "select organisation || ': ' || what || ' (' || rows || ')' from purge_log where what like '%connector%' order by id",
                rs -> rs.getString(1));
        assertThat(log).containsExactly(
                "utrecht: held reads of unknown cameras of connector agent-short past its term of 2 days (1)",
                "gooi: held reads of unknown cameras of connector agent-gooi past its term of 1 days (1)",
                "gooi: rejected payloads of connector agent-gooi past its term of 1 days (1)",
                "utrecht: rejected payloads of connector agent-short past its term of 3 days (1)",
                "utrecht: held reads of unknown cameras of connector agent-default past its term of 7 days (1)",
                "utrecht: rejected payloads of connector agent-default past its term of 7 days (1)");
        assertThat(new String(server.get("/api/v1/retention/report").body().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .contains("held reads of unknown cameras of connector agent-short");
    }
}
