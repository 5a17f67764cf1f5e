package org.openanpr.hit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.audit.AuditLog;
import org.openanpr.hotlist.Candidate;
import org.openanpr.hotlist.ListStore;
import org.openanpr.hotlist.MatchKind;
import org.openanpr.hotlist.ReferenceList;
import org.openanpr.hotlist.StoredEntry;
import org.openanpr.testing.TestServer;

import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hits are stored as one statement however many there are: every column arrives as given (nulls, amounts, actions),
 * the new ones are returned in the order given, and a hit already stored for the same read, list and entry plate is
 * skipped, whether stored before or earlier in the same call.
 */
class HitStoreTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(HitStoreTest.class, Clock.systemUTC());
        assertThat(server.post("/api/v1/organisations", "application/json", "{\"code\":\"utrecht\",\"name\":\"Utrecht\"}").status()).isEqualTo(201);
        assertThat(server.post("/api/v1/cameras", "application/json",
                "{\"id\":\"UT-0\",\"name\":\"UT-0\",\"lat\":52.09,\"lon\":5.12,\"organisation\":\"utrecht\"}").status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void manyHitsInOneCallKeepTheirColumnsAndOrderAndSkipWhatIsStoredAlready() throws Exception {
        long listId = server.activeFinesList("utrecht");
        ReferenceList list = new ListStore(server.db().dataSource(), new AuditLog(server.db().dataSource(), Clock.systemUTC()))
                .find(listId).orElseThrow();
        Instant at = Instant.parse("2026-12-01T10:00:00Z");
        StoredEntry fine = new StoredEntry(7, "12BDF3", "NL", "unpaid fine", new BigDecimal("239.50"), null, null, Map.of(), 1);
        StoredEntry bare = new StoredEntry(8, "34XYZ5", "NL", null, null, null, null, Map.of(), 1);
        List<NewHit> hits = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            boolean withEntry = i % 2 == 0; // the fine's entry, else a bare one (no reason, no amount) and no position
            hits.add(new NewHit(UUID.randomUUID(), at.plusSeconds(i), "UT-" + (i % 7), withEntry ? "12BDF3" : "34XYZ6", "NL", 0.9f,
                    withEntry ? 52.09 : null, withEntry ? 5.12 : null,
                    new Candidate(list, withEntry ? fine : bare, withEntry ? MatchKind.EXACT : MatchKind.FUZZY, withEntry ? 0 : 1, null),
                    withEntry ? fine : bare,
                    i % 3 == 0, i % 5 == 0 ? new byte[]{1, 2, 3} : null, null, null));
        }
        NewHit twiceInOneCall = hits.get(10);
        hits.add(twiceInOneCall);

        HitStore store = new HitStore(server.db().dataSource());
        List<UUID> stored;
        try (Connection c = server.db().dataSource().getConnection()) {
            stored = store.insert(c, hits);
        }
        assertThat(stored).hasSize(300).doesNotHaveDuplicates();
        List<Hit> found = store.find(stored);
        assertThat(found).hasSize(300);
        // In the order given: the stored ids follow the hits' times, which rise with their place in the call.
        List<Instant> times = stored.stream().map(id -> found.stream().filter(h -> h.id().equals(id)).findFirst().orElseThrow().time()).toList();
        assertThat(times).isSorted();
        Hit first = found.stream().filter(h -> h.id().equals(stored.getFirst())).findFirst().orElseThrow();
        assertThat(first.entryAmount()).isEqualByComparingTo("239.50");
        assertThat(first.entryReason()).isEqualTo("unpaid fine");
        assertThat(first.lat()).isEqualTo(52.09);
        assertThat(first.historical()).isTrue();
        Hit second = found.stream().filter(h -> h.id().equals(stored.get(1))).findFirst().orElseThrow();
        assertThat(second.entryAmount()).isNull();
        assertThat(second.entryReason()).isNull();
        assertThat(second.matchKind()).isEqualTo("FUZZY");
        assertThat(second.distance()).isEqualTo(1);
        assertThat(second.entryId()).isEqualTo(8L);
        assertThat(second.lat()).isNull();
        assertThat(second.historical()).isFalse();
        assertThat(second.instruction()).isEqualTo(list.instruction());
        assertThat(count("select count(*) from hit_image where hit_id = any(?)", stored)).isEqualTo(60);

        // Delivered again (a resent read): nothing new, nothing twice.
        try (Connection c = server.db().dataSource().getConnection()) {
            assertThat(store.insert(c, hits.subList(0, 50))).isEmpty();
        }
        assertThat(count("select count(*) from hit where list_id = " + listId, List.of())).isEqualTo(300);
    }

    static long count(String sql, List<UUID> ids) throws Exception {
        try (Connection c = server.db().dataSource().getConnection(); var ps = c.prepareStatement(sql)) {
            if (!ids.isEmpty()) ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
