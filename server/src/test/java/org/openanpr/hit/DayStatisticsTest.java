package org.openanpr.hit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.access.Visibility;
import org.openanpr.db.Database;
import org.openanpr.testing.TestClock;
import org.openanpr.testing.TestDatabase;
import org.openanpr.testing.TestServer;

import javax.sql.DataSource;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "By day" is the day on the clock of the camera's organisation: a read at 00:30 in Amsterdam is on that day, not on
 * the UTC day before; one at 22:00 in New York is on the New York day. Scans and hits agree, the day filter takes the
 * same days, and neither they nor the hourly summary depend on the database session's time zone.
 */
class DayStatisticsTest {
    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    /** 00:30 on 24 November in Amsterdam; 23 November in UTC. */
    static final Instant AMSTERDAM_NIGHT = Instant.parse("2026-11-23T23:30:00Z");
    /** 22:00 on 23 November in New York; 24 November in UTC. */
    static final Instant NEW_YORK_EVENING = Instant.parse("2026-11-24T03:00:00Z");
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(DayStatisticsTest.class, new TestClock(NOW));
        TestServer.Response org = server.post("/api/v1/organisations", "application/json",
                "{\"code\":\"newyork\",\"name\":\"New York\",\"kind\":\"OTHER\",\"timeZone\":\"America/New_York\"}");
        assertThat(org.status()).as(org.body()).isEqualTo(201);
        assertThat(org.json().path("timeZone").asText()).isEqualTo("America/New_York");
        camera("UT-1", "utrecht");
        camera("NY-1", "newyork");
        list("utrecht", "UT-1");
        list("newyork", "NY-1");
        post("UT-1", "GZ123K", AMSTERDAM_NIGHT);
        post("UT-1", "XX01XX", AMSTERDAM_NIGHT);
        post("NY-1", "GZ123K", NEW_YORK_EVENING);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static void camera(String id, String organisation) {
        assertThat(server.post("/api/v1/cameras", "application/json", """
                {"id":"%s","name":"%s","lat":52.08,"lon":5.04,"organisation":"%s"}""".formatted(id, id, organisation))
                .status()).isEqualTo(201);
    }

    static void list(String organisation, String camera) {
        TestServer.Response r = server.post("/api/v1/lists", "application/json", """
                {"name":"Fines %s","category":"UNPAID_FINES","purpose":"collect unpaid fines","legalBasis":"WAHV art. 28",
                 "organisation":"%s","source":"CJIB","fuzzy":false}""".formatted(organisation, organisation));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        long id = r.json().path("id").asLong();
        assertThat(server.post("/api/v1/lists/" + id + "/entries", "text/csv", "plate,country,reason\nGZ-123-K,NL,fine\n")
                .status()).isEqualTo(200);
        assertThat(server.post("/api/v1/lists/" + id + "/activations", "application/json",
                "{\"scope\":\"CAMERA\",\"target\":\"" + camera + "\"}").status()).isEqualTo(201);
    }

    static void post(String camera, String plate, Instant at) {
        TestServer.Response r = server.post("/api/v1/reads", "application/json", """
                [{"id":"%s","camera":"%s","plate":"%s","confidence":0.95,"time":"%s"}]""".formatted(UUID.randomUUID(), camera, plate, at));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    static Map<String, JsonNode> byDay(String query) {
        Map<String, JsonNode> rows = new HashMap<>();
        for (JsonNode row : server.get("/api/v1/stats?by=day" + query).json()) rows.put(row.path("key").asText(), row);
        return rows;
    }

    @Test
    void aDayIsTheDayOnTheCameraOrganisationsClock() {
        Map<String, JsonNode> days = byDay("");
        assertThat(days).containsOnlyKeys("2026-11-23", "2026-11-24");
        assertThat(days.get("2026-11-24").path("scanned").asLong()).as("two reads at 00:30 in Amsterdam").isEqualTo(2);
        assertThat(days.get("2026-11-24").path("hits").asLong()).isEqualTo(1);
        assertThat(days.get("2026-11-23").path("scanned").asLong()).as("one read at 22:00 in New York").isEqualTo(1);
        assertThat(days.get("2026-11-23").path("hits").asLong()).isEqualTo(1);
    }

    @Test
    void theDayFilterTakesTheSameDays() {
        Map<String, JsonNode> days = byDay("&from=2026-11-24&to=2026-11-24");
        assertThat(days).containsOnlyKeys("2026-11-24");
        assertThat(days.get("2026-11-24").path("scanned").asLong()).isEqualTo(2);
        assertThat(days.get("2026-11-24").path("hits").asLong()).isEqualTo(1);
    }

    @Test
    void theUserSeesItsOrganisationsTimeZone() {
        String token = server.userToken("ny-officer", "newyork", "OFFICER");
        assertThat(server.get("/api/v1/me", token).json().path("timeZone").asText()).isEqualTo("America/New_York");
        assertThat(server.get("/api/v1/me").json().path("timeZone").asText()).as("the system token: the default")
                .isEqualTo("Europe/Amsterdam");
        TestServer.Response bad = server.post("/api/v1/organisations", "application/json",
                "{\"code\":\"nowhere\",\"name\":\"Nowhere\",\"timeZone\":\"Mars/Olympus\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.reason()).contains("timeZone");
        TestServer.Response renamed = server.post("/api/v1/organisations", "application/json",
                "{\"code\":\"newyork\",\"name\":\"New York City\",\"kind\":\"OTHER\"}");
        assertThat(renamed.json().path("timeZone").asText()).as("a rename keeps the time zone").isEqualTo("America/New_York");
    }

    /** The same figures from a connection whose session runs at +05:30, where date_trunc would cut hours at :30. */
    @Test
    void theFiguresDoNotDependOnTheSessionsTimeZone() throws Exception {
        String schema;
        try (Connection c = server.db().dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select current_schema()")) {
            rs.next();
            schema = rs.getString(1);
        }
        try (Database own = Database.external(TestDatabase.commandLine(schema).get(1), null, null, schema, 2)) {
            // every connection of this pool of the test's own runs at +05:30
            DataSource kolkata = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                    (proxy, method, args) -> {
                        Object result = method.invoke(own.dataSource(), args);
                        if (result instanceof Connection c)
                            try (Statement st = c.createStatement()) {
                                st.execute("set timezone = 'Asia/Kolkata'");
                            }
                        return result;
                    });
            try (Connection c = kolkata.getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("show timezone")) {
                rs.next();
                assertThat(rs.getString(1)).as("the session really runs at +05:30").isEqualTo("Asia/Kolkata");
            }
            List<StatsRow> rows = new HitStats(kolkata).by(HitStats.By.DAY, new HitStats.Filter(null, null, null, null));
            assertThat(rows).extracting(StatsRow::key, StatsRow::scanned, StatsRow::hits)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("2026-11-23", 1L, 1L),
                            org.assertj.core.groups.Tuple.tuple("2026-11-24", 2L, 1L));
            List<StatsRow> filtered = new HitStats(kolkata).by(HitStats.By.DAY,
                    new HitStats.Filter(LocalDate.parse("2026-11-23"), LocalDate.parse("2026-11-23"), null, null));
            assertThat(filtered).extracting(StatsRow::key).containsExactly("2026-11-23");

            HitSummary summary = new HitStore(kolkata).summary(AMSTERDAM_NIGHT.minus(1, ChronoUnit.DAYS),
                    Visibility.everything());
            assertThat(summary.perHour()).extracting(HitSummary.Hour::hour)
                    .as("whole UTC hours").containsExactly(AMSTERDAM_NIGHT.truncatedTo(ChronoUnit.HOURS),
                            NEW_YORK_EVENING.truncatedTo(ChronoUnit.HOURS));
        }
    }
}
