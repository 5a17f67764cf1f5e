package org.openanpr.audit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.testing.TestClock;
import org.openanpr.testing.TestServer;

import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A change and its audit record commit together or not at all: with the audit log refusing records, each kind of
 * change answers 500 and leaves nothing; a change whose commit fails after its record was written leaves no record;
 * with the log working, each change is there with its record. Concurrent changes keep one unbroken hash chain.
 */
class ChangeTransactionTest {
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static final String BOUNDARY = "{\"type\":\"Polygon\",\"coordinates\":[[[5.0,52.0],[5.2,52.0],[5.2,52.2],[5.0,52.2],[5.0,52.0]]]}";
    static final String ROADS = """
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"A12","highway":"motorway"},
             "geometry":{"type":"LineString","coordinates":[[5.02,52.08],[5.18,52.08]]}}]}""";
    static final String ZONE_AREA = "{\"type\":\"Polygon\",\"coordinates\":[[[4.88,52.36],[4.91,52.36],[4.91,52.38],[4.88,52.38],[4.88,52.36]]]}";
    static TestServer server;
    static String hitId;

    @BeforeAll
    static void start() {
        server = TestServer.start(ChangeTransactionTest.class, new TestClock(NOW));
        assertThat(server.post("/api/v1/organisations", "application/json", "{\"code\":\"gooi\",\"name\":\"Gooi\"}").status()).isEqualTo(201);
        assertThat(server.post("/api/v1/cameras", "application/json", """
                {"id":"UT-1","name":"A12","lat":52.08,"lon":5.04,"organisation":"utrecht"}""").status()).isEqualTo(201);
        assertThat(server.post("/api/v1/cameras", "application/json", """
                {"id":"UT-Z1","name":"Zone entry","lat":52.36,"lon":4.895,"organisation":"utrecht"}""").status()).isEqualTo(201);
        long list = server.activeFinesList("utrecht");
        assertThat(server.post("/api/v1/lists/" + list + "/entries", "text/csv", "plate\n12-BDF-3\n").status()).isEqualTo(200);
        assertThat(server.post("/api/v1/reads", "application/json", """
                [{"id":"%s","camera":"UT-1","plate":"12BDF3","confidence":0.9,"time":"%s"}]"""
                .formatted(UUID.randomUUID(), NOW.minusSeconds(5))).status()).isEqualTo(200);
        hitId = server.get("/api/v1/hits?list=" + list).json().get(0).path("id").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** One kind of change: how to make it, whether it is there, and the record it leaves. */
    record Change(String name, Supplier<TestServer.Response> make, int answers, Supplier<Boolean> there, String recordWhere) {
    }

    static List<Change> changes(String suffix) {
        return List.of(
                new Change("zone", () -> server.post("/api/v1/zones", "application/json", zone("Centrum " + suffix)), 201,
                        () -> server.get("/api/v1/zones").body().contains("Centrum " + suffix),
                        "action = 'CHANGE' and target = 'POST /api/v1/zones'"),
                new Change("connector", () -> server.post("/api/v1/connectors", "application/json",
                        "{\"id\":\"bi-" + suffix + "\",\"kind\":\"blue_iris\",\"organisation\":\"utrecht\","
                                + "\"settings\":{\"timeZone\":\"Europe/Amsterdam\",\"country\":\"nl\"}}"), 201,
                        () -> server.get("/api/v1/connectors").body().contains("bi-" + suffix),
                        "action = 'CHANGE' and target = 'POST /api/v1/connectors'"),
                new Change("sharing agreement", () -> server.post("/api/v1/sharing", "application/json", """
                        {"fromOrganisation":"utrecht","toOrganisation":"gooi","purpose":"PASSAGES","until":"%s",
                         "reason":"joint operation %s","cameras":["UT-1"]}""".formatted(NOW.plus(Duration.ofDays(3)), suffix)), 201,
                        () -> server.get("/api/v1/sharing").body().contains("joint operation " + suffix),
                        "action = 'SHARING_CHANGE'"),
                new Change("user", () -> server.post("/api/v1/users", "application/json", """
                        {"username":"officer-%s","organisation":"utrecht","roles":["ANALYST"],"password":"%s"}"""
                        .formatted(suffix, TestServer.PASSWORD)), 201,
                        () -> server.get("/api/v1/users").body().contains("officer-" + suffix),
                        "action = 'ADMIN' and target = 'user officer-" + suffix + "'"),
                new Change("hit outcome", () -> server.post("/api/v1/hits/" + hitId + "/outcome", "application/json",
                        "{\"outcome\":\"VEHICLE_SEIZED\",\"note\":\"" + suffix + "\"}"), 200,
                        () -> server.get("/api/v1/hits/" + hitId).json().path("outcome").asText().equals("VEHICLE_SEIZED"),
                        "action = 'CHANGE' and target = 'POST /api/v1/hits/" + hitId + "/outcome'"),
                new Change("road network", () -> server.post("/api/v1/road-networks", "application/json",
                        "{\"name\":\"Roads " + suffix + "\",\"organisation\":\"utrecht\",\"shared\":false,\"boundary\":" + BOUNDARY
                                + ",\"roads\":" + ROADS + "}"), 201,
                        () -> server.get("/api/v1/road-networks").body().contains("Roads " + suffix),
                        "action = 'CHANGE' and target = 'POST /api/v1/road-networks'"));
    }

    static String zone(String name) {
        return """
                {"name":"%s","kind":"ZERO_EMISSION","mode":"CORDON","area":%s,"cameras":["UT-Z1"],
                 "trafficDecision":"Verkeersbesluit ZE-zone Centrum, Stcrt. 2025, 12345","organisation":"utrecht",
                 "rules":[{"name":"ZE bestelauto's","categories":["N1"],"from":"2025-01-01","allowances":[{"zeroEmission":true}]}],
                 "policy":{"toleranceUntil":"2026-01-01","warningFirst":true,"recidivistTermDays":365,"fineAmounts":[100.00,200.00]},
                 "minConfidence":0.8,"keepCompliantHours":24}""".formatted(name, ZONE_AREA);
    }

    @Test
    void aChangeWhoseRecordCannotBeWrittenAnswers500AndLeavesNothing() throws Exception {
        List<Change> changes = changes("refused");
        long before = count("true");
        sql("""
                create function refuse_records() returns trigger language plpgsql as $$
                begin
                    if new.action not in ('LOGIN', 'PROBE_REFUSED', 'HIT_VIEW') then raise exception 'audit refused for the test'; end if;
                    return new;
                end $$""", "create trigger refuse_records before insert on audit_log for each row execute function refuse_records()");
        try {
            for (Change c : changes) {
                TestServer.Response r = c.make().get();
                assertThat(r.status()).as(c.name() + ": " + r.body()).isEqualTo(500);
            }
        } finally {
            sql("drop trigger refuse_records on audit_log", "drop function refuse_records()");
        }
        assertThat(count("true")).isEqualTo(before);
        for (Change c : changes) assertThat(c.there().get()).as(c.name() + ": no change without its record").isFalse();

        // with the log working again, each is made, with its record
        for (Change c : changes) {
            long records = count(c.recordWhere());
            TestServer.Response r = c.make().get();
            assertThat(r.status()).as(c.name() + ": " + r.body()).isEqualTo(c.answers());
            assertThat(c.there().get()).as(c.name()).isTrue();
            assertThat(count(c.recordWhere())).as(c.name() + ": its record").isEqualTo(records + 1);
        }
        AuditVerifier.Result chain = new AuditVerifier(server.db().dataSource()).verify();
        assertThat(chain.ok()).as(chain.toString()).isTrue();
    }

    @Test
    void aChangeWhoseCommitFailsAfterItsRecordLeavesNoRecord() throws Exception {
        // Checked at the commit, after the route wrote its record: the commit fails and takes the record with it.
        sql("""
                create function refuse_at_commit() returns trigger language plpgsql as $$
                begin
                    if to_jsonb(new)->>'username' like 'doomed-%' or to_jsonb(new)->>'code' = 'doomed'
                       or to_jsonb(new)->>'id' = 'bi-doomed' then
                        raise exception 'refused at commit for the test';
                    end if;
                    return new;
                end $$""", "create constraint trigger refuse_at_commit after insert on app_user deferrable initially deferred "
                + "for each row execute function refuse_at_commit()", "create constraint trigger refuse_at_commit after insert on "
                + "organisation deferrable initially deferred for each row execute function refuse_at_commit()",
                "create constraint trigger refuse_at_commit after insert on connector deferrable initially deferred "
                        + "for each row execute function refuse_at_commit()");
        long organisationRecords = count("target = 'organisation doomed'");
        long connectorRecords = count("target = 'POST /api/v1/connectors'");
        try {
            TestServer.Response r = server.post("/api/v1/users", "application/json", """
                    {"username":"doomed-1","organisation":"utrecht","roles":["ANALYST"],"password":"%s"}""".formatted(TestServer.PASSWORD));
            assertThat(r.status()).as(r.body()).isEqualTo(500);
            TestServer.Response org = server.post("/api/v1/organisations", "application/json", "{\"code\":\"doomed\",\"name\":\"Doomed\"}");
            assertThat(org.status()).as(org.body()).isEqualTo(500);
            // a route with no record of its own: its CHANGE record, written just before the commit, goes with it
            TestServer.Response connector = server.post("/api/v1/connectors", "application/json", "{\"id\":\"bi-doomed\","
                    + "\"kind\":\"blue_iris\",\"organisation\":\"utrecht\",\"settings\":{\"timeZone\":\"Europe/Amsterdam\",\"country\":\"nl\"}}");
            assertThat(connector.status()).as(connector.body()).isEqualTo(500);
        } finally {
            sql("drop trigger refuse_at_commit on app_user", "drop trigger refuse_at_commit on organisation",
                    "drop trigger refuse_at_commit on connector", "drop function refuse_at_commit()");
        }
        assertThat(server.get("/api/v1/users").body()).doesNotContain("doomed-1");
        assertThat(server.get("/api/v1/organisations").body()).doesNotContain("Doomed");
        assertThat(count("target = 'user doomed-1'")).as("no record without its change").isZero();
        assertThat(count("target = 'organisation doomed'")).as("no record without its change").isEqualTo(organisationRecords);
        assertThat(count("target = 'POST /api/v1/connectors'")).as("no record without its change").isEqualTo(connectorRecords);
        assertThat(server.get("/api/v1/connectors").body()).as("nor held in memory after the roll back").doesNotContain("bi-doomed");
    }

    @Test
    void aChangeRefusedByTheRouteLeavesNoRecordButARefusalStaysOnTheRecordAndCounts() throws Exception {
        long before = count("true");
        TestServer.Response r = server.post("/api/v1/sharing", "application/json", """
                {"fromOrganisation":"utrecht","toOrganisation":"gooi","purpose":"PASSAGES","until":"%s","reason":"x","cameras":["NO-SUCH"]}"""
                .formatted(NOW.plus(Duration.ofDays(3))));
        assertThat(r.status()).isBetween(400, 499);
        assertThat(count("true")).as("a refused change leaves no record").isEqualTo(before);

        // a wrong current password refuses the change, yet is on the record and counts towards the lock
        String name = "tries-" + UUID.randomUUID().toString().substring(0, 8);
        String token = server.userToken(name, "utrecht", "ANALYST");
        long id = server.get("/api/v1/me", token).json().path("id").asLong();
        long logins = count("action = 'LOGIN'");
        TestServer.Response wrong = server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/users/" + id + "/tokens"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"currentPassword\":\"wrong-password-here\",\"label\":\"x\"}")));
        assertThat(wrong.status()).as(wrong.body()).isEqualTo(403);
        assertThat(count("action = 'LOGIN'")).as("the refusal stays on the record").isEqualTo(logins + 1);
        try (Connection c = server.db().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("select failed_logins from app_user where username = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).as("counted towards the lock").isEqualTo(1);
            }
        }
    }

    @Test
    void concurrentChangesKeepOneUnbrokenChain() throws Exception {
        String organisations = "action = 'ADMIN' and target like 'organisation org-%'";
        long before = count(organisations);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            IntFunction<TestServer.Response> make = i -> server.post("/api/v1/organisations", "application/json",
                    "{\"code\":\"org-" + i + "\",\"name\":\"Org " + i + "\"}");
            List<Future<TestServer.Response>> answers = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                int n = i;
                answers.add(pool.submit(() -> make.apply(n)));
                if (i % 4 == 0) answers.add(pool.submit(() -> server.get("/api/v1/cameras"))); // reads meanwhile, not held up
            }
            for (Future<TestServer.Response> f : answers) assertThat(f.get().status()).isLessThan(300);
        } finally {
            pool.shutdown();
        }
        assertThat(count(organisations)).isEqualTo(before + 80);
        AuditVerifier.Result chain = new AuditVerifier(server.db().dataSource()).verify();
        assertThat(chain.ok()).as(chain.toString()).isTrue();
    }

    static long count(String where) {
        try (Connection c = server.db().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("select count(*) from audit_log where " + where);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static void sql(String... statements) throws Exception {
        try (Connection c = server.db().dataSource().getConnection(); Statement st = c.createStatement()) {
            for (String s : statements) st.execute(s);
        }
    }
}
