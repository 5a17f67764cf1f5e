package org.openanpr.hit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.access.Visibility;
import org.openanpr.db.Database;
import org.openanpr.testing.TestDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hit queries (SQL) and the live alert stream (Java) show a caller the same hits: every hit of every camera ×
 * list combination, asked by every kind of caller, both ways.
 */
class HitVisibilityTest {
    private static final Map<String, String> CAMERAS = Map.of("A1", "a", "B1", "b", "C1", "c");
    private static Database db;
    private static HitStore hits;
    private static final List<UUID> ALL = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.freshSchema(HitVisibilityTest.class);
        hits = new HitStore(db.dataSource());
        Instant at = Instant.parse("2026-03-02T10:00:00Z");
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("insert into organisation (code, name) values ('a', 'A'), ('b', 'B'), ('c', 'C')");
            for (Map.Entry<String, String> cam : CAMERAS.entrySet())
                st.execute("insert into camera (id, name, type, lat, lon, organisation, status) values ('" + cam.getKey()
                        + "', 'x', 'FIXED', 52.0, 5.0, '" + cam.getValue() + "', 'ACTIVE')");
            for (String org : List.of("a", "b", "c"))
                st.execute("insert into reference_list (name, category, purpose, legal_basis, organisation, source,"
                        + " instruction, fuzzy, hit_retention_days) values ('list " + org + "', 'STOLEN', 'p', 'l', '"
                        + org + "', 's', 'stop', false, 30)");
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into hit (id, passage_id, observed_at, camera_id, plate, confidence, list_id, entry_plate,
                        match_kind, distance, instruction, priority, keep_until)
                    select ?, ?, ?, ?, 'AB12CD', 0.9, l.id, 'AB12CD', 'EXACT', 0, 'stop', 0, ? from reference_list l
                    where l.organisation = ?""")) {
                for (String camera : CAMERAS.keySet())
                    for (String listOrg : List.of("a", "b", "c")) {
                        UUID id = UUID.randomUUID();
                        ps.setObject(1, id);
                        ps.setObject(2, UUID.randomUUID());
                        ps.setTimestamp(3, Timestamp.from(at));
                        ps.setString(4, camera);
                        ps.setTimestamp(5, Timestamp.from(at.plusSeconds(86_400)));
                        ps.setString(6, listOrg);
                        assertThat(ps.executeUpdate()).isEqualTo(1);
                        ALL.add(id);
                    }
            }
        }
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void theDatabaseAndTheStreamShowTheSameHits() {
        Map<String, Visibility> callers = new LinkedHashMap<>();
        callers.put("a alone", new Visibility("a", Set.of("A1"), Set.of("A1"), Set.of()));
        callers.put("a, with B1 shared", new Visibility("a", Set.of("A1"), Set.of("A1", "B1"), Set.of("B1")));
        callers.put("c, with A1 and B1 shared",
                new Visibility("c", Set.of("C1"), Set.of("A1", "B1", "C1"), Set.of("A1", "B1")));
        callers.put("b, nothing shared", new Visibility("b", Set.of("B1"), Set.of("B1"), Set.of()));
        callers.put("system", Visibility.everything());
        int shown = 0;
        int hidden = 0;
        for (Map.Entry<String, Visibility> caller : callers.entrySet()) {
            Visibility v = caller.getValue();
            Set<UUID> bySql = new HashSet<>();
            for (Hit h : hits.list(new HitQuery(null, null, null, null, null, null, null, 1000), v)) bySql.add(h.id());
            for (UUID id : ALL) {
                Hit hit = hits.find(id).orElseThrow();
                boolean live = HitVisibility.sees(v, hit, CAMERAS.get(hit.camera()));
                String what = caller.getKey() + " / hit at " + hit.camera() + " of " + hit.organisation() + "'s list";
                assertThat(hits.find(id, v).isPresent()).as(what + ": by id").isEqualTo(live);
                assertThat(bySql.contains(id)).as(what + ": listed").isEqualTo(live);
                if (live) shown++; else hidden++;
            }
        }
        assertThat(shown).as("cases where the hit is shown").isPositive();
        assertThat(hidden).as("cases where the hit is hidden").isPositive();
    }

    @Test
    void aSharedCameraShowsTheCameraOwnersListsOnly() {
        Visibility a = new Visibility("a", Set.of("A1"), Set.of("A1", "B1"), Set.of("B1"));
        assertThat(HitVisibility.sees(a, "a", "B1", "b")).as("own list at a shared camera").isTrue();
        assertThat(HitVisibility.sees(a, "b", "B1", "b")).as("the camera owner's list").isTrue();
        assertThat(HitVisibility.sees(a, "c", "B1", "b")).as("a third organisation's list").isFalse();
        assertThat(HitVisibility.sees(a, "b", "C1", "c")).as("another's list at a camera not shared").isFalse();
    }
}
