package org.openanpr.access;

import com.fasterxml.jackson.databind.JsonNode;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.testing.SseListener;
import org.openanpr.testing.TestClock;
import org.openanpr.testing.TestServer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openanpr.access.Permission.*;

/**
 * Issue 5, "lawful by design": every data-reading endpoint, called by a person of another organisation, shows none
 * of the owner's data (an empty collection, or 404 for an object by id) and refuses a person without the permission
 * (403); a sharing agreement shows exactly the shared camera's data for its purpose; revoking it ends that at once.
 *
 * <p>Organisation A has cameras RA-CAM-1 and RA-CAM-2, a list whose plates were read on both, an action, a camera
 * group and a retention regime; organisation B has the same of its own. Each has one person per role. Every endpoint
 * is a row of {@link #ENDPOINTS}: a new endpoint is one more row.
 */
class CrossOrganisationTest {
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static final String A = "region-a";
    static final String B = "region-b";
    static final String PASSWORD = "correct horse battery";
    static final String LEGAL_BASIS = "caseNumber=PL0900-2026123456&offence=ART67_CRIME&purpose=tracing%20a%20stolen%20vehicle";
    /** Text that only organisation A's data contains: none of it may appear in what B is shown. */
    static final List<String> A_MARKERS = List.of(A, "RA-CAM-", "XA111A", "XA222A", "Region A stolen", "Operation Alpha",
            "RA-GROUP", "a.officer", "a.listmgr");
    static final String JPEG = Base64.getEncoder().encodeToString(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 7, 7});

    static final TestClock clock = new TestClock(NOW);
    static final HttpClient http = HttpClient.newHttpClient();
    static TestServer server;
    static final Map<String, Map<Role, String>> tokens = Map.of(A, new EnumMap<>(Role.class), B, new EnumMap<>(Role.class));
    static final Map<String, Long> userIds = new java.util.HashMap<>();
    static long listA;
    static long listB;
    static long actionA;
    static String hitA1;
    static String hitA2;
    static String hitB1;
    static String passageA1;

    // ---- the table ------------------------------------------------------------------------------------------------

    enum Shape {
        /** A collection or report: B gets 200 without A's data, A gets 200 with it. */
        COLLECTION,
        /** One of A's objects by id: B gets 404, A gets 200. */
        ITEM
    }

    /**
     * One data-reading endpoint: who may call it (any of {@code anyOf}), its path, and how to tell that a response
     * shows organisation A's data.
     */
    record Endpoint(String name, Set<Permission> anyOf, Supplier<String> url, Shape shape, Predicate<TestServer.Response> showsA) {
        String path() {
            return url.get();
        }
    }

    static Endpoint collection(String name, Permission p, String path) {
        return new Endpoint(name, EnumSet.of(p), () -> path, Shape.COLLECTION, CrossOrganisationTest::containsMarker);
    }

    static Endpoint collection(String name, Set<Permission> anyOf, Supplier<String> path, Predicate<TestServer.Response> showsA) {
        return new Endpoint(name, anyOf, path, Shape.COLLECTION, showsA);
    }

    static Endpoint item(String name, Permission p, Supplier<String> path) {
        return new Endpoint(name, EnumSet.of(p), path, Shape.ITEM, CrossOrganisationTest::containsMarker);
    }

    /** An item whose body has no text of A's to look for (an image, a version list): A gets 200, that is all. */
    static Endpoint opaqueItem(String name, Permission p, Supplier<String> path) {
        return new Endpoint(name, EnumSet.of(p), path, Shape.ITEM, r -> true);
    }

    static final Set<Permission> READ_ACTIONS = EnumSet.of(VIEW_STATS, MANAGE_ACTIONS);

    static final List<Endpoint> ENDPOINTS = List.of(
            collection("cameras", VIEW_CAMERAS, "/api/v1/cameras"),
            item("camera A1", VIEW_CAMERAS, () -> "/api/v1/cameras/RA-CAM-1"),
            item("camera A2", VIEW_CAMERAS, () -> "/api/v1/cameras/RA-CAM-2"),
            collection("hits", VIEW_HITS, "/api/v1/hits"),
            collection("hits of A's list", EnumSet.of(VIEW_HITS), () -> "/api/v1/hits?list=" + listA, CrossOrganisationTest::containsMarker),
            collection("hits at A1", VIEW_HITS, "/api/v1/hits?camera=RA-CAM-1"),
            collection("hits of a plate", VIEW_HITS, "/api/v1/hits?plate=XA111A"),
            item("hit at A1", VIEW_HITS, () -> "/api/v1/hits/" + hitA1),
            opaqueItem("hit image", VIEW_HITS, () -> "/api/v1/hits/" + hitA1 + "/images/plate"),
            collection("stats by day", EnumSet.of(VIEW_STATS), () -> "/api/v1/stats?by=day", CrossOrganisationTest::moreHitsThanB),
            collection("stats by camera", EnumSet.of(VIEW_STATS), () -> "/api/v1/stats?by=camera",
                    r -> statsKeyed(r, "RA-CAM-1", "RA-CAM-2")),
            collection("stats by list", EnumSet.of(VIEW_STATS), () -> "/api/v1/stats?by=list", r -> statsKeyed(r, String.valueOf(listA))),
            collection("stats by action", EnumSet.of(VIEW_STATS), () -> "/api/v1/stats?by=action",
                    r -> statsKeyed(r, String.valueOf(actionA))),
            collection("stats of A's action", EnumSet.of(VIEW_STATS), () -> "/api/v1/stats?by=camera&action=" + actionA,
                    r -> statsKeyed(r, "RA-CAM-1")),
            collection("stats of A's list", EnumSet.of(VIEW_STATS), () -> "/api/v1/stats?by=day&list=" + listA,
                    CrossOrganisationTest::moreHitsThanB),
            collection("lists", VIEW_LISTS, "/api/v1/lists"),
            item("list", VIEW_LISTS, () -> "/api/v1/lists/" + listA),
            item("list entries", MANAGE_LISTS, () -> "/api/v1/lists/" + listA + "/entries"),
            item("list export", MANAGE_LISTS, () -> "/api/v1/lists/" + listA + "/export"),
            opaqueItem("list versions", VIEW_LISTS, () -> "/api/v1/lists/" + listA + "/versions"),
            opaqueItem("list activations", VIEW_LISTS, () -> "/api/v1/lists/" + listA + "/activations"),
            collection("camera groups", VIEW_LISTS, "/api/v1/camera-groups"),
            collection("actions", READ_ACTIONS, () -> "/api/v1/actions", CrossOrganisationTest::containsMarker),
            new Endpoint("action", READ_ACTIONS, () -> "/api/v1/actions/" + actionA, Shape.ITEM, CrossOrganisationTest::containsMarker),
            new Endpoint("action report", READ_ACTIONS, () -> "/api/v1/actions/" + actionA + "/report", Shape.ITEM,
                    CrossOrganisationTest::containsMarker),
            new Endpoint("action report csv", READ_ACTIONS, () -> "/api/v1/actions/" + actionA + "/report?format=csv", Shape.ITEM,
                    r -> true),
            new Endpoint("action report html", READ_ACTIONS, () -> "/api/v1/actions/" + actionA + "/report?format=html", Shape.ITEM,
                    CrossOrganisationTest::containsMarker),
            // Audit records are told apart by their organisation: B's own records may name what B looked for.
            collection("audit", EnumSet.of(VIEW_AUDIT), () -> "/api/v1/audit?limit=1000",
                    r -> r.body().contains("\"organisation\":\"" + A + "\"")),
            collection("audit export", EnumSet.of(VIEW_AUDIT), () -> "/api/v1/audit/export",
                    r -> r.body().contains("," + A + ",")),
            collection("retention policies", MANAGE_RETENTION, "/api/v1/retention/policies"),
            collection("retention report", MANAGE_RETENTION, "/api/v1/retention/report"),
            collection("passage search A1", EnumSet.of(SEARCH_PASSAGES),
                    () -> "/api/v1/passages?plate=XA111A&from=" + NOW.minus(Duration.ofDays(1)) + "&to=" + NOW.plusSeconds(60)
                            + "&" + LEGAL_BASIS, CrossOrganisationTest::containsMarker),
            collection("passage search A2", EnumSet.of(SEARCH_PASSAGES),
                    () -> "/api/v1/passages?plate=XA222A&from=" + NOW.minus(Duration.ofDays(1)) + "&to=" + NOW.plusSeconds(60)
                            + "&" + LEGAL_BASIS, CrossOrganisationTest::containsMarker),
            collection("passage stats", EnumSet.of(VIEW_STATS),
                    () -> "/api/v1/passages/stats?from=" + NOW.minus(Duration.ofHours(1)) + "&to=" + NOW.plusSeconds(60),
                    CrossOrganisationTest::containsMarker),
            opaqueItem("passage image", SEARCH_PASSAGES, () -> "/api/v1/passages/" + passageA1 + "/images/plate"));

    static boolean containsMarker(TestServer.Response r) {
        return A_MARKERS.stream().anyMatch(r.body()::contains);
    }

    /** Statistics rows are keyed by camera, list or action: A's data shows as a row with one of A's keys. */
    static boolean statsKeyed(TestServer.Response r, String... aKeys) {
        for (JsonNode row : r.json()) if (Arrays.asList(aKeys).contains(row.path("key").asText())) return true;
        return false;
    }

    /**
     * Per day the keys are dates: A's data shows as more hits than B's own lists have. A has more hits than B
     * throughout (the set-up gives it five to B's one, and every test reads more of A's plates than of B's).
     */
    static boolean moreHitsThanB(TestServer.Response r) {
        long hits = 0;
        for (JsonNode row : r.json()) hits += row.path("hits").asLong();
        return hits > hitsOfBsList();
    }

    /** B's own hits, as the system token counts them. */
    static long hitsOfBsList() {
        return ok(get("/api/v1/hits?limit=1000&list=" + listB, TestServer.ADMIN_TOKEN), 200).json().size();
    }

    // ---- set-up ---------------------------------------------------------------------------------------------------

    @BeforeAll
    static void start() {
        server = TestServer.start(CrossOrganisationTest.class, clock);
        for (String org : List.of(A, B)) {
            ok(server.post("/api/v1/organisations", "application/json",
                    "{\"code\":\"" + org + "\",\"name\":\"Police " + org + "\",\"kind\":\"POLICE\"}"), 201);
            for (Role role : Role.values()) {
                String username = org.substring(org.length() - 1) + "." + switch (role) {
                    case OFFICER -> "officer";
                    case ANALYST -> "analyst";
                    case LIST_MANAGER -> "listmgr";
                    case PRIVACY_OFFICER -> "privacy";
                    case ADMINISTRATOR -> "admin";
                    case ZONE_MANAGER -> "zonemgr";
                    case ENFORCEMENT_OFFICER -> "boa";
                };
                createUser(username, org, role);
                tokens.get(org).put(role, server.ownToken(username, PASSWORD));
            }
        }
        // Each organisation sets itself up through its own people, which exercises the opened routes too.
        String adminA = token(A, Role.ADMINISTRATOR);
        String adminB = token(B, Role.ADMINISTRATOR);
        ok(post("/api/v1/cameras", adminA, "{\"id\":\"RA-CAM-1\",\"name\":\"A one\",\"lat\":52.08,\"lon\":5.04}"), 201);
        ok(post("/api/v1/cameras", adminA, "{\"id\":\"RA-CAM-2\",\"name\":\"A two\",\"lat\":52.09,\"lon\":5.05}"), 201);
        ok(post("/api/v1/cameras", adminB, "{\"id\":\"RB-CAM-1\",\"name\":\"B one\",\"lat\":51.9,\"lon\":4.5}"), 201);
        listA = createList(A, "Region A stolen", "XA111A", "XA222A");
        listB = createList(B, "Region B stolen", "XB333B");
        String mgrA = token(A, Role.LIST_MANAGER);
        actionA = ok(post("/api/v1/actions", mgrA, """
                {"name":"Operation Alpha","place":"A12","startsAt":"%s","endsAt":"%s","team":"Team A",
                 "cameras":["RA-CAM-1"],"lists":[%d]}""".formatted(NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofHours(1)), listA)),
                201).json().path("id").asLong();
        ok(post("/api/v1/actions", token(B, Role.LIST_MANAGER), """
                {"name":"Operation Bravo","place":"B1","startsAt":"%s","endsAt":"%s","team":"Team B",
                 "cameras":["RB-CAM-1"],"lists":[%d]}""".formatted(NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofHours(1)), listB)),
                201);
        ok(put("/api/v1/camera-groups/RA-GROUP", mgrA, "{\"name\":\"A corridor\",\"cameras\":[\"RA-CAM-1\",\"RA-CAM-2\"]}"), 200);
        ok(put("/api/v1/camera-groups/RB-GROUP", token(B, Role.LIST_MANAGER), "{\"name\":\"B corridor\",\"cameras\":[\"RB-CAM-1\"]}"), 200);
        ok(put("/api/v1/retention/policies", token(A, Role.PRIVACY_OFFICER),
                "{\"scope\":\"CAMERA\",\"target\":\"RA-CAM-1\",\"regime\":\"ALL_PASSAGES\",\"days\":20}"), 200);
        ok(put("/api/v1/retention/policies", token(B, Role.PRIVACY_OFFICER),
                "{\"scope\":\"ORGANISATION\",\"target\":\"" + B + "\",\"regime\":\"ALL_PASSAGES\",\"days\":28}"), 200);

        read("RA-CAM-1", "XA111A");
        read("RA-CAM-2", "XA222A");
        read("RB-CAM-1", "XB333B");
        hitA1 = onlyHit("XA111A");
        hitA2 = onlyHit("XA222A");
        hitB1 = onlyHit("XB333B");
        for (int i = 0; i < 3; i++) read("RA-CAM-1", "XA111A");
        passageA1 = ok(get("/api/v1/passages?plate=XA111A&from=" + NOW.minus(Duration.ofDays(1)) + "&to=" + NOW.plusSeconds(60)
                + "&" + LEGAL_BASIS, TestServer.ADMIN_TOKEN), 200).json().path("passages").get(0).path("id").asText();
        // An audited act of A's own, so that A's privacy officer has a record of A's to see.
        ok(get("/api/v1/lists/" + listA + "/export", mgrA), 200);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static long createUser(String username, String org, Role... roles) {
        String json = "{\"username\":\"%s\",\"displayName\":\"%s\",\"organisation\":\"%s\",\"roles\":%s,\"password\":\"%s\"}"
                .formatted(username, username, org, Arrays.stream(roles).map(r -> "\"" + r + "\"").toList(), PASSWORD);
        long id = ok(server.post("/api/v1/users", "application/json", json), 201).json().path("id").asLong();
        userIds.put(username, id);
        return id;
    }

    /** A list of the organisation with the given plates, switched on for the organisation's whole region. */
    static long createList(String org, String name, String... plates) {
        String mgr = token(org, Role.LIST_MANAGER);
        long id = ok(post("/api/v1/lists", mgr, """
                {"name":"%s","category":"STOLEN_VEHICLE","purpose":"recover stolen vehicles","legalBasis":"Politiewet art. 3",
                 "source":"VRS","fuzzy":false}""".formatted(name)), 201).json().path("id").asLong();
        StringBuilder csv = new StringBuilder("plate,country,reason\n");
        for (String p : plates) csv.append(p).append(",NL,stolen\n");
        ok(send(request("/api/v1/lists/" + id + "/entries", mgr).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv.toString()))), 200);
        ok(post("/api/v1/lists/" + id + "/activations", mgr, "{\"scope\":\"REGION\",\"target\":\"" + org + "\"}"), 201);
        return id;
    }

    static void read(String camera, String plate) {
        ok(server.post("/api/v1/reads", "application/json", """
                [{"id":"%s","camera":"%s","plate":"%s","confidence":0.93,"time":"%s","plateImage":"%s"}]"""
                .formatted(UUID.randomUUID(), camera, plate, NOW.minusSeconds(5), JPEG)), 200);
    }

    static String onlyHit(String plate) {
        JsonNode hits = ok(get("/api/v1/hits?plate=" + plate, TestServer.ADMIN_TOKEN), 200).json();
        assertThat(hits).as("hits of " + plate).hasSize(1);
        return hits.get(0).path("id").asText();
    }

    // ---- the tests ------------------------------------------------------------------------------------------------

    @Test
    void everyReadingEndpointShowsAnotherOrganisationNothing() {
        SoftAssertions soft = new SoftAssertions();
        checkIsolation(soft);
        soft.assertAll();
    }

    /**
     * For every row: B's person with the permission sees none of A's data, A's person with the same role sees it,
     * and a person of B without the permission is refused.
     */
    static void checkIsolation(SoftAssertions soft) {
        for (Endpoint e : ENDPOINTS) {
            Role role = roleWith(e.anyOf());
            TestServer.Response mine = get(e.path(), token(A, role));
            soft.assertThat(mine.status()).as("%s as A's %s: %s", e.name(), role, mine.body()).isEqualTo(200);
            soft.assertThat(e.showsA().test(mine)).as("%s as A's %s shows A's data: %s", e.name(), role, mine.body()).isTrue();

            TestServer.Response theirs = get(e.path(), token(B, role));
            if (e.shape() == Shape.ITEM) {
                soft.assertThat(theirs.status()).as("%s as B's %s: %s", e.name(), role, theirs.body()).isEqualTo(404);
            } else {
                soft.assertThat(theirs.status()).as("%s as B's %s: %s", e.name(), role, theirs.body()).isEqualTo(200);
                soft.assertThat(theirs.status() == 200 && e.showsA().test(theirs))
                        .as("%s as B's %s shows none of A's data: %s", e.name(), role, theirs.body()).isFalse();
            }
            Role without = roleWithout(e.anyOf());
            if (without != null) {
                TestServer.Response refused = get(e.path(), token(B, without));
                soft.assertThat(refused.status()).as("%s as B's %s (no %s): %s", e.name(), without, e.anyOf(), refused.body())
                        .isEqualTo(403);
            }
        }
    }

    @Test
    void alertsOfAnotherOrganisationsHitsDoNotReachAListener() throws Exception {
        try (SseListener a = alerts(A, Role.OFFICER); SseListener b = alerts(B, Role.OFFICER)) {
            read("RA-CAM-1", "XA111A");
            assertThat(plateOf(a.next(Duration.ofSeconds(5)))).isEqualTo("XA111A");
            assertThat(b.next(Duration.ofMillis(700))).as("B hears nothing of A's hit").isNull();
            read("RB-CAM-1", "XB333B");
            assertThat(plateOf(b.next(Duration.ofSeconds(5)))).isEqualTo("XB333B");
            assertThat(a.next(Duration.ofMillis(700))).as("A hears nothing of B's hit").isNull();
        }
        try (SseListener refused = alerts(B, Role.PRIVACY_OFFICER)) {
            assertThat(refused.status()).isEqualTo(403);
        }
        try (SseListener filtered = SseListener.open(server.baseUrl() + "/api/v1/alerts/stream?list=" + listA, token(B, Role.OFFICER))) {
            assertThat(filtered.status()).as("A's list is not B's to filter on").isEqualTo(400);
        }
    }

    @Test
    void aSharingAgreementShowsExactlyTheSharedCameraForItsPurposeUntilRevoked() throws Exception {
        String officerB = token(B, Role.OFFICER);
        String analystB = token(B, Role.ANALYST);
        try (SseListener alertsB = alerts(B, Role.OFFICER); SseListener alertsA = alerts(A, Role.OFFICER)) {
            long agreement = share("PASSAGES");
            try {
                assertThat(ids(get("/api/v1/cameras", officerB))).contains("RA-CAM-1", "RB-CAM-1").doesNotContain("RA-CAM-2");
                assertThat(get("/api/v1/cameras/RA-CAM-1", officerB).status()).isEqualTo(200);
                assertThat(get("/api/v1/cameras/RA-CAM-2", officerB).status()).isEqualTo(404);
                assertThat(put("/api/v1/cameras/RA-CAM-1", token(B, Role.ADMINISTRATOR),
                        "{\"name\":\"taken\",\"lat\":52.08,\"lon\":5.04}").status()).as("a shared camera is read-only").isEqualTo(403);

                String hits = get("/api/v1/hits", officerB).body();
                assertThat(hits).contains("XA111A", "XB333B").doesNotContain("XA222A");
                assertThat(get("/api/v1/hits/" + hitA1, officerB).status()).isEqualTo(200);
                assertThat(get("/api/v1/hits/" + hitA1 + "/images/plate", officerB).status()).isEqualTo(200);
                assertThat(get("/api/v1/hits/" + hitA2, officerB).status()).isEqualTo(404);
                assertThat(get("/api/v1/lists/" + listA, officerB).status()).as("the list stays A's").isEqualTo(404);
                assertThat(post("/api/v1/hits/" + hitA1 + "/outcome", officerB, "{\"outcome\":\"STOPPED_CHECKED\"}").status())
                        .as("a shared hit is A's to follow up").isEqualTo(403);
                assertThat(get("/api/v1/audit?action=HIT_VIEW&actor=b.officer&limit=1000", TestServer.ADMIN_TOKEN).body())
                        .as("viewing a shared hit is on the record").contains("hit " + hitA1);

                assertThat(passages("XA111A", analystB)).contains("XA111A");
                assertThat(passages("XA222A", analystB)).doesNotContain("XA222A");
                assertThat(get("/api/v1/passages/" + passageA1 + "/images/plate", analystB).status()).isEqualTo(200);
                assertThat(get("/api/v1/passages/stats?from=" + NOW.minus(Duration.ofHours(1)) + "&to=" + NOW.plusSeconds(60),
                        analystB).body()).contains("RA-CAM-1").doesNotContain("RA-CAM-2");
                assertThat(get("/api/v1/stats?by=camera", analystB).body()).contains("RA-CAM-1").doesNotContain("RA-CAM-2");

                // A stream opened before the agreement now hears the shared camera's hits, and only those.
                read("RA-CAM-2", "XA222A");
                read("RA-CAM-1", "XA111A");
                assertThat(plateOf(alertsA.next(Duration.ofSeconds(5)))).isEqualTo("XA222A");
                assertThat(plateOf(alertsA.next(Duration.ofSeconds(5)))).isEqualTo("XA111A");
                assertThat(plateOf(alertsB.next(Duration.ofSeconds(5)))).isEqualTo("XA111A");
                assertThat(alertsB.next(Duration.ofMillis(500))).isNull();
            } finally {
                revoke(agreement);
            }
            SoftAssertions soft = new SoftAssertions();
            checkIsolation(soft);
            soft.assertAll();
            read("RA-CAM-1", "XA111A");
            assertThat(plateOf(alertsA.next(Duration.ofSeconds(5)))).isEqualTo("XA111A");
            assertThat(alertsB.next(Duration.ofMillis(700))).as("revoked: the open stream hears nothing more").isNull();

            agreement = share("HITS");
            try {
                assertThat(ids(get("/api/v1/cameras", officerB))).contains("RA-CAM-1").doesNotContain("RA-CAM-2");
                assertThat(get("/api/v1/hits", officerB).body()).contains("XA111A").doesNotContain("XA222A");
                assertThat(get("/api/v1/hits/" + hitA1, officerB).status()).isEqualTo(200);
                assertThat(passages("XA111A", analystB)).as("hits only: no passages").doesNotContain("XA111A");
                assertThat(get("/api/v1/passages/" + passageA1 + "/images/plate", analystB).status()).isEqualTo(404);
                read("RA-CAM-1", "XA111A");
                assertThat(plateOf(alertsB.next(Duration.ofSeconds(5)))).isEqualTo("XA111A");
                assertThat(plateOf(alertsA.next(Duration.ofSeconds(5)))).isEqualTo("XA111A");
            } finally {
                revoke(agreement);
            }
            soft = new SoftAssertions();
            checkIsolation(soft);
            soft.assertAll();
        }
    }

    @Test
    void anotherOrganisationsObjectsCannotBeChanged() {
        String adminB = token(B, Role.ADMINISTRATOR);
        String mgrB = token(B, Role.LIST_MANAGER);
        String officerB = token(B, Role.OFFICER);
        String privacyB = token(B, Role.PRIVACY_OFFICER);
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(put("/api/v1/cameras/RA-CAM-2", adminB, "{\"name\":\"mine now\",\"lat\":1,\"lon\":1}").status()).isEqualTo(404);
        soft.assertThat(delete("/api/v1/cameras/RA-CAM-2", adminB).status()).isEqualTo(404);
        soft.assertThat(post("/api/v1/cameras/RA-CAM-2/tokens", adminB, "").status()).isEqualTo(404);
        soft.assertThat(post("/api/v1/cameras", adminB, "{\"id\":\"RB-X\",\"name\":\"x\",\"lat\":1,\"lon\":1,\"organisation\":\"" + A + "\"}")
                .status()).as("a camera for another organisation").isEqualTo(403);
        soft.assertThat(send(request("/api/v1/cameras/import?organisation=" + A, adminB).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString("id,name,lat,lon\nRA-CAM-2,stolen,1,1\n"))).status()).isEqualTo(403);
        soft.assertThat(send(request("/api/v1/cameras/import", adminB).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString("id,name,lat,lon\nRA-CAM-2,stolen,1,1\n"))).status())
                .as("an import may not take over another organisation's camera id").isEqualTo(409);
        soft.assertThat(post("/api/v1/cameras", officerB, "{\"id\":\"RB-Y\",\"name\":\"y\",\"lat\":1,\"lon\":1}").status())
                .as("an officer may not manage cameras").isEqualTo(403);

        soft.assertThat(post("/api/v1/lists", mgrB, """
                {"name":"Sneaky","category":"STOLEN_VEHICLE","purpose":"p","legalBasis":"l","source":"s","organisation":"%s"}"""
                .formatted(A)).status()).isEqualTo(403);
        soft.assertThat(send(request("/api/v1/lists/" + listA + "/entries?mode=add", mgrB).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString("plate,country\nZZ999Z,NL\n"))).status()).isEqualTo(404);
        soft.assertThat(delete("/api/v1/lists/" + listA, mgrB).status()).isEqualTo(404);
        soft.assertThat(post("/api/v1/lists/" + listA + "/activations", mgrB, "{\"scope\":\"CAMERA\",\"target\":\"RB-CAM-1\"}")
                .status()).isEqualTo(404);
        TestServer.Response onACamera = post("/api/v1/lists/" + listB + "/activations", mgrB,
                "{\"scope\":\"CAMERA\",\"target\":\"RA-CAM-1\"}");
        soft.assertThat(onACamera.status()).as("B's list on A's camera").isEqualTo(404);
        soft.assertThat(onACamera.reason()).as("the refusal does not say whose camera it is").doesNotContain(A);
        soft.assertThat(post("/api/v1/lists/" + listB + "/activations", mgrB, "{\"scope\":\"REGION\",\"target\":\"" + A + "\"}")
                .status()).as("B's list in A's region").isEqualTo(404);
        soft.assertThat(post("/api/v1/lists/" + listB + "/activations", mgrB, "{\"scope\":\"GROUP\",\"target\":\"RA-GROUP\"}")
                .status()).as("B's list on A's camera group").isEqualTo(404);
        soft.assertThat(put("/api/v1/camera-groups/RA-GROUP", mgrB, "{\"name\":\"x\",\"cameras\":[\"RB-CAM-1\"]}").status())
                .as("A's group code").isEqualTo(409);
        soft.assertThat(post("/api/v1/actions", mgrB, """
                {"name":"x","organisation":"%s","place":"p","startsAt":"%s","endsAt":"%s","team":"t","cameras":["RA-CAM-1"],"lists":[%d]}"""
                .formatted(A, NOW, NOW.plusSeconds(60), listA)).status()).isEqualTo(403);
        soft.assertThat(post("/api/v1/actions", mgrB, """
                {"name":"x","place":"p","startsAt":"%s","endsAt":"%s","team":"t","cameras":["RB-CAM-1"],"lists":[%d]}"""
                .formatted(NOW, NOW.plusSeconds(60), listA)).status()).as("B's action with A's list").isEqualTo(400);

        soft.assertThat(post("/api/v1/hits/" + hitA1 + "/acknowledge", officerB, "").status()).isEqualTo(404);
        soft.assertThat(post("/api/v1/hits/" + hitA1 + "/outcome", officerB, "{\"outcome\":\"NOT_STOPPED\"}").status()).isEqualTo(404);
        soft.assertThat(post("/api/v1/hits/" + hitB1 + "/acknowledge", token(B, Role.ANALYST), "").status())
                .as("an analyst may not handle hits").isEqualTo(403);

        soft.assertThat(put("/api/v1/retention/policies", privacyB,
                "{\"scope\":\"ORGANISATION\",\"target\":\"" + A + "\",\"regime\":\"HITS_ONLY\",\"days\":1}").status()).isEqualTo(403);
        soft.assertThat(put("/api/v1/retention/policies", privacyB,
                "{\"scope\":\"CAMERA\",\"target\":\"RA-CAM-1\",\"regime\":\"HITS_ONLY\",\"days\":1}").status()).isEqualTo(400);
        soft.assertThat(post("/api/v1/retention/purge", privacyB, "").status()).isEqualTo(200);
        soft.assertAll();

        // Nothing of A's changed.
        assertThat(get("/api/v1/cameras/RA-CAM-2", TestServer.ADMIN_TOKEN).json().path("organisation").asText()).isEqualTo(A);
        assertThat(get("/api/v1/lists/" + listA + "/entries", token(A, Role.LIST_MANAGER)).body()).doesNotContain("ZZ999Z");
        assertThat(get("/api/v1/hits/" + hitA1, token(A, Role.OFFICER)).json().path("acknowledgedBy").isNull()).isTrue();
        assertThat(get("/api/v1/camera-groups", token(A, Role.LIST_MANAGER)).body()).contains("RA-CAM-2");
        assertThat(passages("XA111A", token(A, Role.ANALYST))).contains("XA111A");
    }

    @Test
    void expiredAndRevokedTokensAndCookieChangesWithoutTheHeaderAreRefused() throws Exception {
        String expiring = ok(server.mintOwnToken("b.officer", PASSWORD, Map.of("expiresAt", NOW.plus(Duration.ofHours(1)).toString())),
                201).json().path("token").asText();
        assertThat(get("/api/v1/hits", expiring).status()).isEqualTo(200);
        clock.advance(Duration.ofHours(2));
        try {
            assertThat(get("/api/v1/hits", expiring).status()).isEqualTo(401);
        } finally {
            clock.set(NOW);
        }
        assertThat(server.mintOwnToken("b.officer", PASSWORD, Map.of("expiresAt", NOW.minusSeconds(1).toString())).status())
                .as("a token that has ended before it starts").isEqualTo(400);

        long leaver = createUser("b.leaver", B, Role.OFFICER);
        String leaverToken = server.ownToken("b.leaver", PASSWORD);
        assertThat(get("/api/v1/hits", leaverToken).status()).isEqualTo(200);
        ok(server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/users/" + leaver))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"disabled\":true}"))), 200);
        assertThat(get("/api/v1/hits", leaverToken).status()).as("a disabled user's token").isEqualTo(401);

        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/session"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"b.officer\",\"password\":\"" + PASSWORD + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        String cookie = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(AccessFilter.SESSION_COOKIE + "="))
                .findFirst().orElseThrow().split(";", 2)[0];
        HttpRequest.Builder withCookie = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/hits")).header("Cookie", cookie);
        TestServer.Response hits = server.send(withCookie.GET());
        assertThat(hits.status()).isEqualTo(200);
        assertThat(hits.body()).contains("XB333B").doesNotContain("XA111A");
        String ack = server.baseUrl() + "/api/v1/hits/" + hitB1 + "/acknowledge";
        TestServer.Response noHeader = server.send(HttpRequest.newBuilder(URI.create(ack)).header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(noHeader.status()).as(noHeader.body()).isEqualTo(403);
        assertThat(noHeader.reason()).contains(AccessFilter.CSRF_HEADER);
        TestServer.Response withHeader = server.send(HttpRequest.newBuilder(URI.create(ack)).header("Cookie", cookie)
                .header(AccessFilter.CSRF_HEADER, AccessFilter.CSRF_VALUE).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(withHeader.status()).as(withHeader.body()).isEqualTo(200);
        assertThat(withHeader.json().path("acknowledgedBy").asText()).isEqualTo("b.officer");
    }

    @Test
    void theDashboardCountsOnlyWhatTheCallerMaySeeAndAreNotAViewOfHits() {
        for (String org : List.of(A, B)) {
            String officer = token(org, Role.OFFICER);
            String from = NOW.minus(Duration.ofDays(1)).toString();
            JsonNode summary = ok(get("/api/v1/hits/summary?from=" + from, officer), 200).json();
            JsonNode open = ok(get("/api/v1/hits?status=open&limit=1000", officer), 200).json();
            JsonNode since = ok(get("/api/v1/hits?from=" + from + "&limit=1000", officer), 200).json();
            assertThat(summary.path("open").asInt()).as(org + " open").isEqualTo(open.size()).isPositive();
            assertThat(summary.path("since").asInt()).as(org + " since").isEqualTo(since.size());
            int perHour = 0;
            for (JsonNode h : summary.path("perHour")) perHour += h.path("hits").asInt();
            assertThat(perHour).isEqualTo(since.size());
        }
        assertThat(get("/api/v1/hits/summary", token(B, Role.PRIVACY_OFFICER)).status()).isEqualTo(403);
    }

    @Test
    void auditRecordsCarryTheActorsOrganisation() {
        ok(get("/api/v1/lists/" + listB + "/export", token(B, Role.LIST_MANAGER)), 200);
        JsonNode records = ok(get("/api/v1/audit?action=EXPORT", token(B, Role.PRIVACY_OFFICER)), 200).json();
        assertThat(records).isNotEmpty();
        assertThat(records).allSatisfy(r -> assertThat(r.path("organisation").asText()).isEqualTo(B));
        assertThat(records).anySatisfy(r -> assertThat(r.path("actor").asText()).isEqualTo("b.listmgr"));
        JsonNode all = ok(get("/api/v1/audit?action=EXPORT&limit=1000", TestServer.ADMIN_TOKEN), 200).json();
        Set<String> orgs = new HashSet<>();
        for (JsonNode r : all) orgs.add(r.path("organisation").asText());
        assertThat(orgs).as("the system token sees every organisation's records").contains(A, B);
    }

    /** Issue 10, item 7: whether a camera is unknown or another organisation's, the answer is the same 404. */
    @Test
    void anUnknownAndAnotherOrganisationsCameraAnswerAlike() {
        String adminB = token(B, Role.ADMINISTRATOR);
        String mgrB = token(B, Role.LIST_MANAGER);
        for (String camera : List.of("RA-CAM-1", "NO-SUCH-CAM")) {
            TestServer.Response shared = post("/api/v1/sharing", adminB, """
                    {"toOrganisation":"%s","purpose":"PASSAGES","until":"%s","reason":"probing","cameras":["%s"]}"""
                    .formatted(A, NOW.plus(Duration.ofDays(1)), camera));
            assertThat(shared.status()).as(camera + ": " + shared.body()).isEqualTo(404);
            assertThat(shared.reason()).isEqualTo("cameras: no camera '" + camera + "' of " + B);
            TestServer.Response activated = post("/api/v1/lists/" + listB + "/activations", mgrB,
                    "{\"scope\":\"CAMERA\",\"target\":\"" + camera + "\"}");
            assertThat(activated.status()).as(camera + ": " + activated.body()).isEqualTo(404);
            assertThat(activated.reason()).isEqualTo("target: no camera '" + camera + "' of " + B);
        }
        for (String group : List.of("RA-GROUP", "NO-SUCH-GROUP"))
            assertThat(post("/api/v1/lists/" + listB + "/activations", mgrB, "{\"scope\":\"GROUP\",\"target\":\"" + group + "\"}")
                    .reason()).isEqualTo("target: no camera group '" + group + "' of " + B);
        TestServer.Response taken = post("/api/v1/cameras", adminB, "{\"id\":\"RA-CAM-1\",\"name\":\"x\",\"lat\":1,\"lon\":1}");
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.reason()).contains("not available").doesNotContain(A);
    }

    /** Issue 10, item 7: camera counts are counts of passages, so a camera shared for hits only is not counted. */
    @Test
    void passageStatsCountOnlyCamerasSharedForPassages() {
        String stats = "/api/v1/passages/stats?from=" + NOW.minus(Duration.ofHours(1)) + "&to=" + NOW.plusSeconds(60);
        long agreement = share("HITS");
        try {
            assertThat(ok(get(stats, token(B, Role.ANALYST)), 200).body()).doesNotContain("RA-CAM-1");
        } finally {
            revoke(agreement);
        }
    }

    /** Issue 10, item 7: an agreement shares the passages recorded from its start on, not the owner's history. */
    @Test
    void aSharingAgreementShowsNoPassagesFromBeforeItsStart() {
        String analystB = token(B, Role.ANALYST);
        long agreement = share("PASSAGES", NOW);
        try {
            assertThat(passages("XA111A", analystB)).doesNotContain("XA111A");
            assertThat(get("/api/v1/passages/" + passageA1 + "/images/plate", analystB).status()).isEqualTo(404);
            assertThat(get("/api/v1/passages/stats?from=" + NOW.minus(Duration.ofHours(1)) + "&to=" + NOW.plusSeconds(60), analystB)
                    .body()).doesNotContain("RA-CAM-1");
        } finally {
            revoke(agreement);
        }
    }

    /**
     * Issue 10, item 5: an action report lists the action's hits, so it needs the right to view hits (an
     * administrator or a privacy officer has only the figures, at /api/v1/stats), and each report is on the record.
     */
    @Test
    void anActionReportNeedsTheRightToViewHitsAndIsOnTheRecord() {
        for (Role role : List.of(Role.ADMINISTRATOR, Role.PRIVACY_OFFICER))
            for (String format : List.of("json", "csv", "html"))
                assertThat(get("/api/v1/actions/" + actionA + "/report?format=" + format, token(A, role)).status())
                        .as(role + " " + format).isEqualTo(403);
        for (String format : List.of("json", "csv", "html"))
            ok(get("/api/v1/actions/" + actionA + "/report?format=" + format, token(A, Role.LIST_MANAGER)), 200);
        JsonNode views = ok(get("/api/v1/audit?action=HIT_VIEW&actor=a.listmgr&limit=1000", TestServer.ADMIN_TOKEN), 200).json();
        for (String format : List.of("json", "csv", "html"))
            assertThat(views).anyMatch(r -> r.path("target").asText().equals("action " + actionA + " report")
                    && r.path("details").path("format").asText().equals(format) && r.path("organisation").asText().equals(A));
    }

    /**
     * Issue 10, item 6: every read of personal data is on the record: passage and hit images, list entries, opening an
     * alert stream, and a lookup of another organisation's object that was refused with 404.
     */
    @Test
    void everyReadOfPersonalDataIsOnTheRecord() throws Exception {
        ok(get("/api/v1/passages/" + passageA1 + "/images/plate", token(A, Role.ANALYST)), 200);
        ok(get("/api/v1/hits/" + hitA1 + "/images/plate", token(A, Role.OFFICER)), 200);
        ok(get("/api/v1/lists/" + listA + "/entries", token(A, Role.LIST_MANAGER)), 200);
        try (SseListener stream = alerts(A, Role.OFFICER)) {
            assertThat(stream.status()).isEqualTo(200);
        }
        assertThat(get("/api/v1/hits/" + hitA1, token(B, Role.OFFICER)).status()).isEqualTo(404);

        String audit = "/api/v1/audit?limit=1000&action=";
        assertThat(ok(get(audit + "PASSAGE_VIEW&actor=a.analyst", TestServer.ADMIN_TOKEN), 200).json())
                .anyMatch(r -> r.path("target").asText().equals("passage " + passageA1) && r.path("organisation").asText().equals(A));
        JsonNode hitViews = ok(get(audit + "HIT_VIEW&actor=a.officer", TestServer.ADMIN_TOKEN), 200).json();
        assertThat(hitViews).anyMatch(r -> r.path("target").asText().equals("hit " + hitA1) && r.path("details").path("image").asText().equals("plate"));
        assertThat(hitViews).anyMatch(r -> r.path("target").asText().equals("alert stream"));
        assertThat(ok(get(audit + "LIST_VIEW&actor=a.listmgr", TestServer.ADMIN_TOKEN), 200).json())
                .anyMatch(r -> r.path("target").asText().equals("list " + listA));
        JsonNode probes = ok(get(audit + "PROBE_REFUSED&actor=b.officer", token(B, Role.PRIVACY_OFFICER)), 200).json();
        assertThat(probes).as("B's privacy officer sees B's officer trying A's hit")
                .anyMatch(r -> r.path("target").asText().equals("GET /api/v1/hits/" + hitA1) && r.path("organisation").asText().equals(B));
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    /** The first role (in declaration order) with any of the permissions. */
    static Role roleWith(Set<Permission> anyOf) {
        for (Role r : Role.values()) if (r.permissions().stream().anyMatch(anyOf::contains)) return r;
        throw new AssertionError("no role has " + anyOf);
    }

    /** A role with none of the permissions, or null when every role has one. */
    static Role roleWithout(Set<Permission> anyOf) {
        for (Role r : Role.values()) if (r.permissions().stream().noneMatch(anyOf::contains)) return r;
        return null;
    }

    static String token(String org, Role role) {
        return tokens.get(org).get(role);
    }

    /** A shares RA-CAM-1 with B from a day ago (so the passages of the set-up are shared) for 30 days. */
    static long share(String purpose) {
        return share(purpose, NOW.minus(Duration.ofDays(1)));
    }

    static long share(String purpose, Instant from) {
        TestServer.Response r = post("/api/v1/sharing", token(A, Role.ADMINISTRATOR), """
                {"toOrganisation":"%s","purpose":"%s","from":"%s","until":"%s","reason":"joint operation against car theft",
                 "cameras":["RA-CAM-1"]}""".formatted(B, purpose, from, NOW.plus(Duration.ofDays(30))));
        return ok(r, 201).json().path("id").asLong();
    }

    static void revoke(long agreement) {
        ok(post("/api/v1/sharing/" + agreement + "/revoke", token(A, Role.ADMINISTRATOR), ""), 200);
    }

    static String passages(String plate, String token) {
        return ok(get("/api/v1/passages?plate=" + plate + "&from=" + NOW.minus(Duration.ofDays(1)) + "&to=" + NOW.plusSeconds(60)
                + "&" + LEGAL_BASIS, token), 200).body();
    }

    static SseListener alerts(String org, Role role) throws Exception {
        return SseListener.open(server.baseUrl() + "/api/v1/alerts/stream", token(org, role));
    }

    static String plateOf(SseListener.Event e) {
        return e == null ? null : e.data().path("hit").path("plate").asText();
    }

    static List<String> ids(TestServer.Response r) {
        List<String> ids = new ArrayList<>();
        for (JsonNode n : ok(r, 200).json()) ids.add(n.path("id").asText());
        return ids;
    }

    static TestServer.Response ok(TestServer.Response r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        return r;
    }

    static HttpRequest.Builder request(String path, String token) {
        return HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).header("Authorization", "Bearer " + token);
    }

    static TestServer.Response send(HttpRequest.Builder b) {
        return server.send(b);
    }

    static TestServer.Response get(String path, String token) {
        return send(request(path, token).GET());
    }

    static TestServer.Response post(String path, String token, String json) {
        return send(request(path, token).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    static TestServer.Response put(String path, String token, String json) {
        return send(request(path, token).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    static TestServer.Response delete(String path, String token) {
        return send(request(path, token).DELETE());
    }
}
