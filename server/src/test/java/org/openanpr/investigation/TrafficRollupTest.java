package org.openanpr.investigation;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openanpr.access.Visibility;
import org.openanpr.camera.CameraRegistry;
import org.openanpr.db.Database;
import org.openanpr.db.Sql;
import org.openanpr.passage.Partitions;
import org.openanpr.retention.Purger;
import org.openanpr.retention.RetentionPolicies;
import org.openanpr.testing.TestClock;
import org.openanpr.testing.TestDatabase;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The traffic roll-up answers exactly what the passages do ({@link TrafficStatistics#direct}): on hand-built passages
 * around the autumn DST night and a local midnight in Amsterdam plus a seeded random week, for every statistic the
 * roll-up serves, three callers (everything; an organisation with a camera shared from mid-hour; the sharing one) and
 * windows that start and end mid-day, cover the DST day exactly and run up to the open hour; also in a zone of half-hour
 * offset (Kolkata), after late reads, in the next hour, and after the purge, when no vehicle purged is left in it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrafficRollupTest {
    static final Instant NOW = Instant.parse("2026-10-27T10:17:00Z");
    static final Instant SHARED_FROM = Instant.parse("2026-10-24T09:20:00Z");
    static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
    static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
    static Database db;
    static TestClock clock;
    static TrafficRollup rollup;
    static TrafficStatistics statistics;
    static TrafficStatistics direct;

    static final Visibility NORTH = new Visibility("north", Set.of("N1", "N2", "S1"), Set.of("N1", "N2", "S1"), Set.of("S1"),
            Map.of("S1", SHARED_FROM));
    static final Visibility SOUTH = new Visibility("south", Set.of("S1"), Set.of("S1"), Set.of());

    @BeforeAll
    static void fill() throws Exception {
        db = TestDatabase.freshSchema(TrafficRollupTest.class);
        clock = new TestClock(NOW);
        rollup = new TrafficRollup(db.dataSource(), clock);
        statistics = new TrafficStatistics(db.dataSource());
        direct = TrafficStatistics.direct(db.dataSource());
        new Partitions(db.dataSource()).ensureRange(LocalDate.parse("2026-10-19"), LocalDate.parse("2026-10-30"));
        Sql.update(db.dataSource(), "insert into organisation (code, name, time_zone) values ('north', 'North', 'Europe/Amsterdam'),"
                + " ('south', 'South', 'Europe/Amsterdam'), ('east', 'East', 'Asia/Kolkata')");
        for (String[] c : new String[][] {{"N1", "north"}, {"N2", "north"}, {"S1", "south"}})
            Sql.update(db.dataSource(), "insert into camera (id, name, type, lat, lon, organisation, status) values (?, ?, 'FIXED', 52.1, 5.1, ?, 'ACTIVE')",
                    c[0], c[0], c[1]);
        List<Object[]> rows = new ArrayList<>();
        // the two 02:30s of the DST night at N1, and either side of local midnight (22:00 UTC on the 24th)
        rows.add(passage("N1", "DST-01", "NL", "2026-10-25T00:30:00Z"));
        rows.add(passage("N1", "DST-02", "NL", "2026-10-25T01:30:00Z"));
        rows.add(passage("N1", "DST-01", "NL", "2026-10-25T01:45:00Z"));
        rows.add(passage("N2", "MID-01", "BE", "2026-10-24T21:59:00Z"));
        rows.add(passage("N2", "MID-01", null, "2026-10-24T22:01:00Z"));
        // the shared camera either side of the agreement's start, in the hour it began
        rows.add(passage("S1", "SHR-01", "NL", "2026-10-24T09:10:00Z"));
        rows.add(passage("S1", "SHR-02", "DE", "2026-10-24T09:30:00Z"));
        // seen only on the oldest day at N1: purged with its passages later
        rows.add(passage("N1", "ONLY-OLD", "NL", "2026-10-21T08:00:00Z"));
        Random random = new Random(42);
        long span = Duration.between(Instant.parse("2026-10-21T00:00:00Z"), NOW).toSeconds();
        String[] cameras = {"N1", "N2", "S1"};
        String[] countries = {"NL", "NL", "NL", "BE", "BE", null};
        for (int i = 0; i < 1500; i++) {
            Instant at = Instant.parse("2026-10-21T00:00:00Z").plusSeconds((long) (random.nextDouble() * span));
            rows.add(passage(cameras[random.nextInt(3)], String.format("RND-%02d", random.nextInt(80)), countries[random.nextInt(6)], at.toString()));
        }
        insert(rows, "now() - interval '1 hour'"); // they came in long before the first refresh
    }

    @AfterAll
    static void close() {
        db.close();
    }

    static Object[] passage(String camera, String plate, String country, String at) {
        return new Object[] {camera, plate, country, Instant.parse(at)};
    }

    /** Passages that arrive now. */
    static void insert(List<Object[]> rows) throws Exception {
        insert(rows, "now()");
    }

    static void insert(List<Object[]> rows, String receivedAt) throws Exception {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("insert into passage (id, observed_at,"
                + " camera_id, plate, plate_key, country, confidence, received_at) values (?, ?, ?, ?, ?, ?, 0.9, " + receivedAt + ")")) {
            for (Object[] r : rows) {
                ps.setObject(1, UUID.randomUUID());
                ps.setTimestamp(2, Timestamp.from((Instant) r[3]));
                ps.setString(3, (String) r[0]);
                ps.setString(4, (String) r[1]);
                ps.setString(5, (String) r[1]);
                ps.setString(6, (String) r[2]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Every statistic the roll-up serves, for every caller, window and zone, as text. */
    static String answers(TrafficStatistics s) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Instant[]> windows = List.of(
                new Instant[] {Instant.parse("2026-10-20T00:00:00Z"), clock.instant()},
                new Instant[] {Instant.parse("2026-10-23T13:37:00Z"), Instant.parse("2026-10-26T05:00:00Z")},
                new Instant[] {Instant.parse("2026-10-24T22:00:00Z"), Instant.parse("2026-10-25T23:00:00Z")}, // the local DST day
                new Instant[] {Instant.parse("2026-10-25T00:00:00Z"), Instant.parse("2026-10-25T02:00:00Z")}, // its two 02:00 hours
                new Instant[] {Instant.parse("2026-10-26T00:00:00Z"), clock.instant().plus(Duration.ofHours(3))});
        Map<String, List<String>> groups = new LinkedHashMap<>();
        groups.put("G1", List.of("N1", "S1"));
        groups.put("G2", List.of("N2", "S1"));
        Map<String, Visibility> callers = new LinkedHashMap<>();
        callers.put("all", Visibility.everything());
        callers.put("north", NORTH);
        callers.put("south", SOUTH);
        for (Instant[] w : windows) {
            for (Map.Entry<String, Visibility> caller : callers.entrySet()) {
                for (ZoneId zone : List.of(AMSTERDAM, KOLKATA)) {
                    String key = w[0] + "/" + w[1] + " " + caller.getKey() + " " + zone + " ";
                    Visibility v = caller.getValue();
                    out.put(key + "hours", s.perHour(w[0], w[1], zone, v));
                    out.put(key + "days", s.perDay(w[0], w[1], zone, v));
                    out.put(key + "vehicles", s.vehicles(w[0], w[1], zone, "NL", v));
                    out.put(key + "repeat camera", s.repeat(w[0], w[1], zone, new TrafficStatistics.RepeatRule(true, 2), true, null, v));
                    out.put(key + "repeat all", s.repeat(w[0], w[1], zone, new TrafficStatistics.RepeatRule(false, 3), false, null, v));
                    out.put(key + "repeat groups", s.repeat(w[0], w[1], zone, new TrafficStatistics.RepeatRule(true, 2), false, groups, v));
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        out.forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
        return sb.toString();
    }

    static void assertSameAsDirect() {
        String expected = answers(direct);
        assertThat(expected).contains("DayCount[camera=N2, day=2026-10-25").contains("unknownCountry=");
        List<String> got = answers(statistics).lines().toList();
        List<String> want = expected.lines().toList();
        List<String> differ = new ArrayList<>();
        for (int i = 0; i < want.size(); i++) if (!want.get(i).equals(got.get(i))) differ.add("want " + want.get(i) + "\n got " + got.get(i));
        assertThat(differ).isEmpty();
        assertThat(got).hasSameSizeAs(want);
    }

    static long count(String sql, Object... args) {
        return Sql.list(db.dataSource(), sql, rs -> rs.getLong(1), args).get(0);
    }

    /**
     * Every rolled-up camera day holds exactly the vehicles of the passages now stored for it (the part of the day it
     * covers), and their passages.
     */
    static void rollUpHoldsExactlyThePassages() {
        record Row(String zone, LocalDate day, String camera, Instant until, byte[] hashes, int passages) {
        }
        List<Row> rows = Sql.list(db.dataSource(), "select r.zone, r.day, r.camera_id, d.covered_until, r.hashes, r.passages"
                        + " from traffic_rollup_camera_day r join traffic_rollup_day d using (zone, day)",
                rs -> new Row(rs.getString(1), rs.getObject(2, LocalDate.class), rs.getString(3), rs.getTimestamp(4).toInstant(),
                        rs.getBytes(5), rs.getInt(6)));
        assertThat(rows).isNotEmpty();
        for (Row r : rows) {
            ZoneId zone = ZoneId.of(r.zone());
            Instant start = r.day().atStartOfDay(zone).toInstant();
            List<String> plates = Sql.list(db.dataSource(), "select plate from passage where camera_id = ? and observed_at >= ? and observed_at < ?",
                    rs -> rs.getString(1), r.camera(), start, r.until());
            Set<Long> expected = new HashSet<>();
            plates.forEach(p -> expected.add(TrafficRollup.hash(p)));
            Set<Long> stored = new HashSet<>();
            ByteBuffer b = ByteBuffer.wrap(r.hashes());
            while (b.hasRemaining()) stored.add(b.getLong());
            assertThat(stored).as(r.toString()).isEqualTo(expected);
            assertThat(r.passages()).as(r.toString()).isEqualTo(plates.size());
        }
        record Hour(String camera, Instant hour, byte[] hashes, int passages) {
        }
        List<Hour> hours = Sql.list(db.dataSource(), "select camera_id, hour, hashes, passages from traffic_rollup_hour",
                rs -> new Hour(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getBytes(3), rs.getInt(4)));
        assertThat(hours).isNotEmpty();
        for (Hour h : hours) {
            List<String> plates = Sql.list(db.dataSource(), "select plate from passage where camera_id = ? and observed_at >= ? and observed_at < ?",
                    rs -> rs.getString(1), h.camera(), h.hour(), h.hour().plus(Duration.ofHours(1)));
            Set<Long> expected = new HashSet<>();
            plates.forEach(p -> expected.add(TrafficRollup.hash(p)));
            Set<Long> stored = new HashSet<>();
            ByteBuffer b = ByteBuffer.wrap(h.hashes());
            while (b.hasRemaining()) stored.add(b.getLong());
            assertThat(stored).as(h.toString()).isEqualTo(expected);
        }
        // the hours: every camera's passages per UTC hour
        assertThat(count("""
                select count(*) from (select camera_id, date_bin('1 hour', observed_at, timestamptz '2000-01-01Z') h, count(*) n from passage
                 where observed_at < (select rolled_until from traffic_rollup_state) group by 1, 2) p
                full join traffic_rollup_hour r on r.camera_id = p.camera_id and r.hour = p.h where r.passages is distinct from p.n""")).isZero();
    }

    @Test
    @Order(1)
    void theRollUpAnswersWhatThePassagesDo() {
        String before = answers(statistics); // no roll-up yet: read from the passages
        assertThat(before).isEqualTo(answers(direct));
        TrafficRollup.Result r = rollup.refresh(true);
        assertThat(r.ran()).isTrue();
        // 7 days and the running one in each of the two zones (north and south share Amsterdam's)
        assertThat(r.daysRolled()).isGreaterThanOrEqualTo(14);
        assertThat(count("select count(distinct zone) from traffic_rollup_day")).isEqualTo(2);
        rollUpHoldsExactlyThePassages();
        assertSameAsDirect();
        assertThat(answers(statistics)).isEqualTo(before);
        // a second refresh finds nothing changed
        assertThat(rollup.refresh(false).hoursChanged()).isZero();
    }

    @Test
    @Order(2)
    void theStatisticsReadTheRollUpForWhatItHolds() {
        // a passage removed behind the roll-up's back (no refresh) still counts: proof the roll-up answered
        Sql.update(db.dataSource(), "delete from passage where plate = 'DST-02'");
        assertThat(answers(statistics)).isNotEqualTo(answers(direct));
        // also where a window holds no whole local day: the hour sets answered
        Instant a = Instant.parse("2026-10-25T00:00:00Z"), b = Instant.parse("2026-10-25T02:00:00Z");
        assertThat(statistics.vehicles(a, b, AMSTERDAM, "NL", Visibility.everything()))
                .isNotEqualTo(direct.vehicles(a, b, AMSTERDAM, "NL", Visibility.everything()));
        // the DST day is older than the last 2 days: only a full refresh rechecks it
        rollup.refresh(true);
        assertSameAsDirect();
        rollUpHoldsExactlyThePassages();
    }

    @Test
    @Order(3)
    void lateReadsAreCountedAtOnceAndRolledUpAtTheNextRefresh() throws Exception {
        // reads arriving now for hours and days already rolled up: old, recent, and on the shared camera before its agreement
        insert(List.of(passage("N1", "LATE-01", "PL", "2026-10-22T12:00:00Z"), passage("N2", "LATE-01", "PL", "2026-10-26T23:30:00Z"),
                passage("S1", "LATE-02", null, "2026-10-24T09:15:00Z"), passage("S1", "LATE-02", "NL", "2026-10-27T08:15:00Z")));
        assertSameAsDirect();
        TrafficRollup.Result r = rollup.refresh(false);
        assertThat(r.hoursChanged()).isEqualTo(2); // the two of the last 2 days; the other two wait for the full refresh
        assertSameAsDirect();
        assertThat(rollup.refresh(true).hoursChanged()).isEqualTo(2);
        assertSameAsDirect();
        rollUpHoldsExactlyThePassages();
    }

    @Test
    @Order(4)
    void theNextHourAndDayComeFromThePassagesUntilTheRefresh() throws Exception {
        clock.set(Instant.parse("2026-10-27T23:20:00Z")); // 00:20 on the 28th in Amsterdam: a new local day
        insert(List.of(passage("N1", "NEW-01", "NL", "2026-10-27T11:00:00Z"), passage("N1", "NEW-01", "NL", "2026-10-27T22:50:00Z"),
                passage("N2", "NEW-02", "BE", "2026-10-27T23:10:00Z")));
        assertSameAsDirect();
        TrafficRollup.Result r = rollup.refresh(false);
        assertThat(r.daysRolled()).isPositive();
        assertSameAsDirect();
        rollUpHoldsExactlyThePassages();
        assertThat(count("select count(*) from traffic_rollup_day where zone = 'Europe/Amsterdam' and day = '2026-10-27'"
                + " and covered_until = '2026-10-27T23:00:00Z'")).isEqualTo(1);
    }

    @Test
    @Order(5)
    void afterThePurgeNoPurgedVehicleIsLeftInTheRollUp() throws Exception {
        // N1 keeps its passages 2 days: everything it saw before the 25th, 23:20 goes
        Sql.update(db.dataSource(), "insert into retention_policy (scope, target, regime, days, set_by) values ('CAMERA', 'N1', 'ALL_PASSAGES', 2, 'test')");
        CameraRegistry cameras = new CameraRegistry(db.dataSource());
        Purger.Result purged = new Purger(db.dataSource(), new Partitions(db.dataSource()), cameras, new RetentionPolicies(db.dataSource(), cameras), clock).purge();
        assertThat(purged.passagesRemoved()).isPositive();
        rollup.refresh(true); // as maintenance does right after the purge
        rollUpHoldsExactlyThePassages();
        assertSameAsDirect();
        long onlyOld = TrafficRollup.hash("ONLY-OLD");
        List<byte[]> sets = Sql.list(db.dataSource(), "select hashes from traffic_rollup_camera_day union all select hashes from traffic_rollup_hour",
                rs -> rs.getBytes(1));
        for (byte[] set : sets) {
            ByteBuffer b = ByteBuffer.wrap(set);
            while (b.hasRemaining()) assertThat(b.getLong()).isNotEqualTo(onlyOld);
        }
        assertThat(count("select count(*) from traffic_rollup_camera_day where camera_id = 'N1' and day < '2026-10-25'")).isZero();
        assertThat(count("select count(*) from traffic_rollup_hour where camera_id = 'N1' and hour < '2026-10-25T23:00:00Z'")).isZero();
    }
}
