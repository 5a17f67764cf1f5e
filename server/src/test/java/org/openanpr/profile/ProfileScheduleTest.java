package org.openanpr.profile;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.testing.TestClock;
import org.openanpr.testing.TestServer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scheduled profile runs under a standing approval: asked for by an analyst, approved for at most 28 days by a privacy
 * officer, run by the maintenance schedule when due with an audit record naming the approval; switched off, revoked or
 * expired, no run. Another organisation, a role without the right and hostile input are refused.
 */
class ProfileScheduleTest {
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static final String BASIS = "\"caseNumber\":\"PL0900-2026123456\",\"offence\":\"ART67_CRIME\",\"purpose\":\"break-ins at carpool areas\"";
    static TestClock clock = new TestClock(NOW);
    static TestServer server;
    static String analyst;
    static String otherAnalyst;
    static String officer;
    static String lists;
    static String privacy;
    static String otherPrivacy;
    static long hopper;

    @BeforeAll
    static void start() {
        server = TestServer.start(ProfileScheduleTest.class, clock);
        server.post("/api/v1/cameras/import", "text/csv", """
                id,name,lat,lon,organisation
                BUN-IN,Carpool Bunnik in,52.06,5.19,utrecht
                BUN-OUT,Carpool Bunnik out,52.0601,5.1901,utrecht
                PAP-1,P+R Papendorp,52.07,5.09,utrecht
                HOU-1,Carpool Houten,52.03,5.16,utrecht
                DH-1,Den Haag carpool,52.07,4.30,haaglanden
                """);
        analyst = server.userToken("ana", "utrecht", "ANALYST");
        otherAnalyst = server.userToken("hanna", "haaglanden", "ANALYST");
        officer = server.userToken("otto", "utrecht", "OFFICER");
        lists = server.userToken("lisa", "utrecht", "LIST_MANAGER");
        privacy = server.userToken("pim", "utrecht", "PRIVACY_OFFICER");
        otherPrivacy = server.userToken("pia", "haaglanden", "PRIVACY_OFFICER");
        String admin = server.userToken("adam", "utrecht", "ADMINISTRATOR");
        for (String[] p : List.of(new String[]{"BUN-IN", "Carpool Bunnik", "carpool"}, new String[]{"BUN-OUT", "Carpool Bunnik", "carpool"},
                new String[]{"PAP-1", "P+R Papendorp", "parking"}, new String[]{"HOU-1", "Carpool Houten", "carpool"}))
            assertThat(server.send(ProfileApiTest.put(server, "/api/v1/camera-places/" + p[0],
                    "{\"place\":\"" + p[1] + "\",\"tags\":[\"" + p[2] + "\"]}", admin)).status()).isEqualTo(200);
        hop(Instant.parse("2026-11-22T22:40:00Z"));
        TestServer.Response made = server.post("/api/v1/profiles", "application/json", ProfileApiTest.HOPPER, lists);
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        hopper = made.json().path("id").asLong();
    }

    /** A hopper's round of three car parks, an hour from {@code t}. */
    static void hop(Instant t) {
        List<String> reads = new ArrayList<>();
        int[] minutes = {0, 7, 30, 38, 55, 61};
        String[] cameras = {"BUN-IN", "BUN-OUT", "PAP-1", "PAP-1", "HOU-1", "HOU-1"};
        for (int i = 0; i < minutes.length; i++) reads.add(org.openanpr.testing.TestServer.read(cameras[i], "HO-123-P", t.plus(Duration.ofMinutes(minutes[i]))));
        TestServer.Response r = server.post("/api/v1/reads", "application/json", "[" + String.join(",", reads) + "]");
        assertThat(r.json().path("accepted").asInt()).as(r.body()).isEqualTo(reads.size());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static TestServer.Response ask(long profile, String body, String token) {
        return server.post("/api/v1/profiles/" + profile + "/schedules", "application/json", body, token);
    }

    static JsonNode runs(long schedule) {
        TestServer.Response r = server.get("/api/v1/profile-schedules/" + schedule + "/runs", analyst);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    @Test
    void anApprovedDailyScheduleRunsWhenDueWithItsCandidatesAndAnAuditRecordNamingTheApprovalUntilRevoked() {
        TestServer.Response asked = ask(hopper, "{\"every\":\"daily\",\"windowHours\":24,\"days\":14," + BASIS + "}", analyst);
        assertThat(asked.status()).as(asked.body()).isEqualTo(201);
        long id = asked.json().path("id").asLong();
        assertThat(asked.json().path("status").asText()).isEqualTo("PENDING");
        assertThat(server.get("/api/v1/profile-schedules", privacy).json()).anyMatch(s -> s.path("id").asLong() == id);

        // pending: nothing runs
        server.server().profileSchedules().runDue();
        assertThat(runs(id)).isEmpty();

        assertThat(server.post("/api/v1/profile-schedules/" + id + "/approve", "application/json", "{\"days\":29}", privacy).status()).isEqualTo(400);
        TestServer.Response approved = server.post("/api/v1/profile-schedules/" + id + "/approve", "application/json", "{\"note\":\"for the case\"}", privacy);
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.json().path("status").asText()).isEqualTo("APPROVED");
        assertThat(Instant.parse(approved.json().path("validUntil").asText())).isEqualTo(clock.instant().plus(Duration.ofDays(14)));
        assertThat(server.post("/api/v1/profile-schedules/" + id + "/approve", "application/json", "{}", privacy).status()).isEqualTo(409);

        server.server().profileSchedules().runDue();
        JsonNode first = runs(id);
        assertThat(first).hasSize(1);
        assertThat(first.get(0).path("candidates")).extracting(c -> c.path("plate").asText()).containsExactly("HO123P");
        assertThat(first.get(0).path("candidates").get(0).path("passages")).hasSize(6);
        assertThat(Instant.parse(first.get(0).path("from").asText())).isEqualTo(clock.instant().minus(Duration.ofHours(24)));
        long seq = first.get(0).path("auditRecord").asLong();
        JsonNode record = null;
        for (JsonNode a : server.get("/api/v1/audit?action=PASSAGE_SEARCH&limit=200").json()) if (a.path("seq").asLong() == seq) record = a;
        assertThat(record).isNotNull();
        assertThat(record.path("details").path("standingApproval").asLong()).isEqualTo(id);
        assertThat(record.path("details").path("approvedBy").asText()).isEqualTo("pim");
        assertThat(record.path("caseNumber").asText()).isEqualTo("PL0900-2026123456");

        // not due again within the day
        server.server().profileSchedules().runDue();
        assertThat(runs(id)).hasSize(1);
        clock.advance(Duration.ofDays(1));
        hop(clock.instant().minus(Duration.ofHours(3)));
        server.server().profileSchedules().runDue();
        assertThat(runs(id)).hasSize(2);
        assertThat(runs(id).get(0).path("candidatesFound").asInt()).isEqualTo(1);

        // the profile switched off: no run while it is off
        assertThat(server.send(ProfileApiTest.put(server, "/api/v1/profiles/" + hopper + "/active", "{\"active\":false}", lists)).status()).isEqualTo(200);
        clock.advance(Duration.ofDays(1));
        server.server().profileSchedules().runDue();
        assertThat(runs(id)).hasSize(2);
        assertThat(server.send(ProfileApiTest.put(server, "/api/v1/profiles/" + hopper + "/active", "{\"active\":true}", lists)).status()).isEqualTo(200);

        // revoked: never again
        assertThat(server.post("/api/v1/profile-schedules/" + id + "/refuse", "application/json", "{}", privacy).status()).isEqualTo(409);
        TestServer.Response revoked = server.post("/api/v1/profile-schedules/" + id + "/revoke", "application/json", "{\"note\":\"case closed\"}", privacy);
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
        assertThat(revoked.json().path("status").asText()).isEqualTo("REVOKED");
        assertThat(revoked.json().path("nextRunAt").isNull()).isTrue();
        assertThat(server.post("/api/v1/profile-schedules/" + id + "/revoke", "application/json", "{}", privacy).status()).isEqualTo(409);
        clock.advance(Duration.ofDays(1));
        server.server().profileSchedules().runDue();
        assertThat(runs(id)).hasSize(2);
        assertThat(server.get("/api/v1/audit?action=SEARCH_DECISION&limit=200").json())
                .anyMatch(a -> a.path("target").asText().equals("profile schedule " + id) && a.path("details").path("decision").asText().equals("revoked"));
    }

    @Test
    void anExpiredApprovalAndARefusedRequestNeverRun() {
        long expiring = ask(hopper, "{\"every\":\"hourly\",\"windowHours\":48," + BASIS + "}", analyst).json().path("id").asLong();
        long refused = ask(hopper, "{\"every\":\"hourly\"," + BASIS + "}", analyst).json().path("id").asLong();
        assertThat(server.post("/api/v1/profile-schedules/" + expiring + "/approve", "application/json", "{\"days\":1}", privacy).status()).isEqualTo(200);
        TestServer.Response r = server.post("/api/v1/profile-schedules/" + refused + "/refuse", "application/json", "{\"note\":\"too broad\"}", privacy);
        assertThat(r.json().path("status").asText()).isEqualTo("REFUSED");
        assertThat(server.post("/api/v1/profile-schedules/" + refused + "/approve", "application/json", "{}", privacy).status()).isEqualTo(409);
        assertThat(server.post("/api/v1/profile-schedules/" + refused + "/revoke", "application/json", "{}", privacy).status()).isEqualTo(409);
        clock.advance(Duration.ofDays(2));
        int before = runs(expiring).size();
        server.server().profileSchedules().runDue();
        assertThat(runs(expiring)).hasSize(before);
        assertThat(runs(refused)).isEmpty();
        assertThat(server.get("/api/v1/profile-schedules/" + expiring, analyst).json().path("status").asText()).isEqualTo("EXPIRED");
    }

    @Test
    void anotherOrganisationARoleWithoutTheRightTheRequesterAndHostileInputAreRefused() {
        long id = ask(hopper, "{\"every\":\"daily\"," + BASIS + "}", analyst).json().path("id").asLong();
        // another organisation sees nothing of it, and cannot ask for our profile
        assertThat(ask(hopper, "{\"every\":\"daily\"," + BASIS + "}", otherAnalyst).status()).isEqualTo(404);
        assertThat(server.get("/api/v1/profile-schedules/" + id, otherAnalyst).status()).isEqualTo(404);
        assertThat(server.get("/api/v1/profile-schedules/" + id + "/runs", otherPrivacy).status()).isEqualTo(404);
        assertThat(server.get("/api/v1/profile-schedules", otherPrivacy).json()).noneMatch(s -> s.path("id").asLong() == id);
        assertThat(server.post("/api/v1/profile-schedules/" + id + "/approve", "application/json", "{}", otherPrivacy).status()).isEqualTo(404);
        // roles without the right
        assertThat(ask(hopper, "{\"every\":\"daily\"," + BASIS + "}", officer).status()).isEqualTo(403);
        assertThat(ask(hopper, "{\"every\":\"daily\"," + BASIS + "}", privacy).status()).isEqualTo(403);
        assertThat(server.post("/api/v1/profile-schedules/" + id + "/approve", "application/json", "{}", analyst).status()).isEqualTo(403);
        assertThat(server.get("/api/v1/profile-schedules", officer).status()).isEqualTo(403);
        // an analyst sees only their own; no one approves their own
        String both = server.userToken("bo", "utrecht", "ANALYST", "PRIVACY_OFFICER");
        assertThat(server.get("/api/v1/profile-schedules/" + id, server.userToken("anne", "utrecht", "ANALYST")).status()).isEqualTo(404);
        long own = ask(hopper, "{\"every\":\"daily\"," + BASIS + "}", both).json().path("id").asLong();
        assertThat(server.post("/api/v1/profile-schedules/" + own + "/approve", "application/json", "{}", both).status()).isEqualTo(403);
        // hostile or absurd input
        for (String bad : List.of("{", "[]", "{\"every\":\"weekly\"," + BASIS + "}", "{\"every\":\"daily\",\"days\":29," + BASIS + "}",
                "{\"every\":\"daily\",\"windowHours\":0," + BASIS + "}", "{\"every\":\"daily\",\"windowHours\":745," + BASIS + "}",
                "{\"every\":\"daily\"}", "{\"every\":\"daily\"," + BASIS.replace("break-ins", "<script>alert(1)</script>") + "}")) {
            TestServer.Response r = ask(hopper, bad, analyst);
            assertThat(r.status()).as(bad + ": " + r.body()).isEqualTo(400);
        }
        assertThat(ask(999_999, "{\"every\":\"daily\"," + BASIS + "}", analyst).status()).isEqualTo(404);
        for (String bad : List.of("{\"days\":0}", "{\"days\":\"many\"}", "{\"note\":\"<img src=x>\"}"))
            assertThat(server.post("/api/v1/profile-schedules/" + id + "/approve", "application/json", bad, privacy).status()).as(bad).isEqualTo(400);
        assertThat(server.post("/api/v1/profile-schedules/" + id + "/refuse", "application/json", "{\"days\":3}", privacy).status()).isEqualTo(400);
        assertThat(server.get("/api/v1/profile-schedules/abc", privacy).status()).isEqualTo(404);
    }
}
