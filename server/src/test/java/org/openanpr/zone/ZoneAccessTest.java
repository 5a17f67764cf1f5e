package org.openanpr.zone;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openanpr.audit.CheckpointKey;
import org.openanpr.testing.TestClock;
import org.openanpr.testing.TestServer;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openanpr.zone.ZoneFixture.ORG;

/**
 * A municipality's zones are its own (another organisation gets 404 and cannot use its cameras), a role without the
 * right is refused (403), hostile input is a 400 with a reason and stores nothing, compliant and exempt decisions are
 * purged after the zone's hours while cases and counts stay.
 */
class ZoneAccessTest {
    static final TestClock clock = new TestClock(Instant.parse("2026-06-01T08:00:00Z"));
    static TestServer server;
    static String manager, boa, officer, otherManager, otherBoa;
    static long zone;
    @TempDir
    static Path dir;

    @BeforeAll
    static void setUp() throws Exception {
        server = TestServer.start(ZoneAccessTest.class, clock);
        server.server().zones().useEvidenceKey(CheckpointKey.loadOrCreate(dir.resolve("evidence.key")));
        ZoneFixture.cameras(server);
        assertThat(server.post("/api/v1/cameras", "application/json",
                "{\"id\":\"RDM-1\",\"name\":\"R\",\"lat\":52.37,\"lon\":4.89,\"organisation\":\"rotterdam\"}").status()).isEqualTo(201);
        manager = server.userToken("zones", ORG, "ZONE_MANAGER");
        boa = server.userToken("boa", ORG, "ENFORCEMENT_OFFICER");
        officer = server.userToken("officer", ORG, "OFFICER");
        otherManager = server.userToken("rdm.zones", "rotterdam", "ZONE_MANAGER");
        otherBoa = server.userToken("rdm.boa", "rotterdam", "ENFORCEMENT_OFFICER");
        ZoneFixture.loadRegistry(server, dir, new java.util.ArrayList<>());
        TestServer.Response z = server.post("/api/v1/zones", "application/json", ZoneFixture.zoneJson("ZE", "\"AMS-Z1\"", "2026-01-01"), manager);
        assertThat(z.status()).as(z.body()).isEqualTo(201);
        zone = z.json().path("id").asLong();
    }

    static long count(String sql) {
        return org.openanpr.db.Sql.list(server.db().dataSource(), sql, rs -> rs.getLong(1)).getFirst();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anotherOrganisationSeesNothingAndCannotUseItsCameras() {
        assertThat(server.get("/api/v1/zones", otherManager).json()).isEmpty();
        for (String path : List.of("", "/figures", "/exemptions", "/cases", "/sign-inspections"))
            assertThat(server.get("/api/v1/zones/" + zone + path, path.equals("/cases") ? otherBoa : otherManager).status()).as(path).isEqualTo(404);
        assertThat(server.post("/api/v1/zones/" + zone + "/exemptions", "application/json",
                "{\"plate\":\"11VBB1\",\"kind\":\"DAY_PASS\",\"validFrom\":\"2026-06-01\",\"validUntil\":\"2026-06-02\"}", otherManager).status()).isEqualTo(404);
        // a zone of its own on another organisation's camera: the camera is unknown to it
        TestServer.Response r = server.post("/api/v1/zones", "application/json", ZoneFixture.zoneJson("Stolen", "\"AMS-Z1\"", "2026-01-01"), otherManager);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.reason()).contains("no camera 'AMS-Z1'");
        // and naming the other organisation is refused
        String named = ZoneFixture.zoneJson("Named", "\"AMS-Z1\"", "2026-01-01").replaceFirst("\\{", "{\"organisation\":\"amsterdam\",");
        assertThat(server.post("/api/v1/zones", "application/json", named, otherManager).status()).isEqualTo(403);
        // a case of another organisation is not there
        ZoneFixture.post(server, List.of(new ZoneFixture.Read("AMS-Z1", "11VBB1", "NL", 0.95, clock.instant().minusSeconds(60))));
        long k = server.get("/api/v1/zones/" + zone + "/cases?plate=11VBB1", boa).json().get(0).path("id").asLong();
        assertThat(server.get("/api/v1/zone-cases/" + k, otherBoa).status()).isEqualTo(404);
        assertThat(server.post("/api/v1/zone-cases/" + k + "/reject", "application/json", "{\"reason\":\"OTHER\"}", otherBoa).status()).isEqualTo(404);
        assertThat(server.get("/api/v1/zone-cases/" + k + "/images/plate", otherBoa).status()).isEqualTo(404);
    }

    @Test
    void aRoleWithoutTheRightIsRefused() {
        assertThat(server.get("/api/v1/zones", officer).status()).isEqualTo(403);
        assertThat(server.post("/api/v1/zones", "application/json", ZoneFixture.zoneJson("X", "\"AMS-Z1\"", "2026-01-01"), boa).status()).isEqualTo(403);
        assertThat(server.get("/api/v1/zones/" + zone + "/exemptions", boa).status()).isEqualTo(403);
        assertThat(server.get("/api/v1/zones/" + zone + "/cases", officer).status()).isEqualTo(403);
        ZoneFixture.post(server, List.of(new ZoneFixture.Read("AMS-Z1", "66VBB6", "NL", 0.95, clock.instant().minusSeconds(30))));
        long k = server.get("/api/v1/zones/" + zone + "/cases?plate=66VBB6", boa).json().get(0).path("id").asLong();
        // the manager sets zones up but does not review; the system token is no person and cannot be the second observation
        assertThat(server.post("/api/v1/zone-cases/" + k + "/confirm", "application/json", "{}", manager).status()).isEqualTo(403);
        TestServer.Response system = server.post("/api/v1/zone-cases/" + k + "/confirm", "application/json", "{}");
        assertThat(system.status()).isEqualTo(403);
        assertThat(system.reason()).contains("person");
        // the reviewer does not handle appeals or exports
        assertThat(server.post("/api/v1/zone-cases/" + k + "/appeal", "application/json", "{\"appeal\":\"LODGED\"}", boa).status()).isEqualTo(403);
        assertThat(server.post("/api/v1/zones/" + zone + "/fines/export", null, "", boa).status()).isEqualTo(403);
    }

    @Test
    void hostileInputIsA400WithAReasonAndStoresNothing() {
        String good = ZoneFixture.zoneJson("Bad", "\"AMS-Z1\"", "2026-01-01");
        String bowtie = "{\"type\":\"Polygon\",\"coordinates\":[[[4.88,52.36],[4.91,52.38],[4.91,52.36],[4.88,52.38],[4.88,52.36]]]}";
        String open = "{\"type\":\"Polygon\",\"coordinates\":[[[4.88,52.36],[4.91,52.36],[4.91,52.38],[4.88,52.38]]]}";
        for (String[] bad : new String[][] {
                {good.replace(ZoneFixture.AREA, bowtie), "not valid"},
                {good.replace(ZoneFixture.AREA, open), "ring"},
                {good.replace(ZoneFixture.AREA, "{\"type\":\"Point\",\"coordinates\":[4.9,52.37]}"), "Polygon"},
                {good.replace(ZoneFixture.AREA, "{\"type\":\"Polygon\",\"coordinates\":[[[400,52.36],[4.91,52.36],[4.91,52.38],[400,52.36]]]}"), "out of range"},
                {good.replace("\"from\":\"2025-01-01\"", "\"from\":\"2025-01-01\",\"until\":\"2024-01-01\""), "until"},
                {good.replace("\"minEuroClass\":5", "\"minEuroClass\":12"), "minEuroClass"},
                {good.replace("[100.00,200.00]", "[-5]"), "fineAmounts"},
                {good.replace("\"AMS-Z1\"", "\"AMS-OUT\""), "too far"},
                {good.replace("\"CORDON\"", "\"FLEXIBLE\"").replace("\"AMS-Z1\"", "\"AMS-OUT\""), "outside the area"},
                {good.replace("\"trafficDecision\":\"Verkeersbesluit ZE-zone Centrum, Stcrt. 2025, 12345\",", ""), "trafficDecision"},
                {good.replace("\"kind\":\"ZERO_EMISSION\"", "\"kind\":\"TOLL\""), "TOLL"},
                {"[1,2]", "zone"},
        }) {
            TestServer.Response r = server.post("/api/v1/zones", "application/json", bad[0], manager);
            assertThat(r.status()).as(bad[1] + ": " + r.body()).isEqualTo(400);
            assertThat(r.reason()).as(r.body()).contains(bad[1]);
        }
        assertThat(server.get("/api/v1/zones", manager).json()).hasSize(1);

        TestServer.Response imp = server.post("/api/v1/zones/" + zone + "/exemptions/import", "text/csv",
                "plate,kind,validFrom,validUntil,applicant,note\n11VBB1,DAY_PASS,2026-06-01,2026-06-02,,\n=cmd|x,DAY_PASS,2026-06-01,2026-06-02,,\n22VBB2,FREE_RIDE,2026-06-01,2026-06-02,,\n33VBB3,DAY_PASS,2026-06-02,2026-06-01,,\n",
                manager);
        assertThat(imp.status()).isEqualTo(400);
        assertThat(imp.json().path("errors")).as(imp.body()).hasSize(3);
        assertThat(imp.body()).contains("line 3").contains("line 4").contains("line 5");
        assertThat(server.get("/api/v1/zones/" + zone + "/exemptions", manager).json()).isEmpty();
        assertThat(server.post("/api/v1/zones/" + zone + "/exemptions", "application/json",
                "{\"plate\":\"11VBB1\",\"kind\":\"DAY_PASS\",\"validFrom\":\"2026-06-01\",\"validUntil\":\"2036-06-02\"}", manager).status()).isEqualTo(400);
        assertThat(server.get("/api/v1/zones/" + zone + "/cases?status=MAYBE", boa).status()).isEqualTo(400);
        assertThat(server.post("/api/v1/zones/" + zone + "/sign-inspections", "application/json", "{\"inspectedOn\":\"yesterday\"}", manager).status()).isEqualTo(400);
    }

    @Test
    void compliantAndExemptDecisionsArePurgedAfterTheZonesHoursWhileCasesAndCountsStay() {
        Instant at = clock.instant().minusSeconds(120);
        ZoneFixture.post(server, List.of(new ZoneFixture.Read("AMS-Z1", "22VBB2", "NL", 0.95, at),
                new ZoneFixture.Read("AMS-Z1", "77VBB7", "NL", 0.95, at)));
        long before = count("select count(*) from zone_decision where plate = '22VBB2'");
        assertThat(before).isEqualTo(1);
        ZoneRetention retention = server.server().zones().retention();
        assertThat(retention.purge().decisions()).isZero();
        clock.advance(Duration.ofHours(25));
        try {
            ZoneRetention.Purged p = retention.purge();
            assertThat(p.decisions()).isGreaterThanOrEqualTo(1);
            assertThat(count("select count(*) from zone_decision where plate = '22VBB2'")).isZero();
            assertThat(count("select count(*) from zone_decision where plate = '77VBB7'")).isEqualTo(1);
            assertThat(count("select count(*) from zone_case where plate = '77VBB7'")).isEqualTo(1);
            assertThat(count("select coalesce(sum(n), 0) from zone_count where outcome = 'COMPLIANT'")).isGreaterThanOrEqualTo(1);
            // a rejected case keeps its images 28 days after the review, then loses them; the case itself stays
            long k = server.get("/api/v1/zones/" + zone + "/cases?plate=77VBB7", boa).json().get(0).path("id").asLong();
            assertThat(server.post("/api/v1/zone-cases/" + k + "/reject", "application/json", "{\"reason\":\"MISREAD\"}", boa).status()).isEqualTo(200);
            assertThat(server.get("/api/v1/zone-cases/" + k + "/images/plate", boa).status()).isEqualTo(200);
            clock.advance(Duration.ofDays(29));
            assertThat(retention.purge().rejectedImages()).isGreaterThanOrEqualTo(1);
            assertThat(server.get("/api/v1/zone-cases/" + k + "/images/plate", boa).status()).isEqualTo(404);
            assertThat(server.get("/api/v1/zone-cases/" + k, boa).json().path("status").asText()).isEqualTo("REJECTED");
        } finally {
            clock.set(Instant.parse("2026-06-01T08:00:00Z"));
        }
    }
}
