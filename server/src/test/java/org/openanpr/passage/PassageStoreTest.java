package org.openanpr.passage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.db.Database;
import org.openanpr.plate.OcrConfusion;
import org.openanpr.recognition.Box;
import org.openanpr.testing.TestDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small group goes in as one INSERT statement, a large one by claim and COPY: both must store the same row for the
 * same read, claim every id once, and store only the kept reads.
 */
class PassageStoreTest {
    private static final Instant AT = Instant.parse("2026-11-30T23:59:59.123456Z");
    private static Database db;
    private static PassageStore store;

    @BeforeAll
    static void start() {
        db = TestDatabase.freshSchema(PassageStoreTest.class);
        store = new PassageStore(new Partitions(db.dataSource()));
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    private static Passage full(UUID id, String plate) {
        return new Passage(id, AT, "cam-\"1\",a", plate, OcrConfusion.key(plate), "NL", 0.875f, 52.0907, 5.1214,
                null, null, false, VehicleDescription.of("Mercedes-Benz", "C'63 AMG", "wit", "bestelauto"),
                Travel.of("271", 87.5), new Box(10, 20, 300, 70));
    }

    private static Passage bare(UUID id, String plate) {
        return new Passage(id, AT.plusSeconds(1), "cam-2", plate, OcrConfusion.key(plate), null, 0.5f, null, null,
                null, null, false, VehicleDescription.NONE, Travel.NONE, null);
    }

    @Test
    void aLargeGroupStoresTheSameRowsAsASmallOneAndClaimsEachIdOnce() throws SQLException {
        Passage alone = full(UUID.randomUUID(), "12ABC3");
        Passage bareAlone = bare(UUID.randomUUID(), "34DEF5");
        write(List.of(alone, bareAlone), p -> true);

        List<Passage> large = new ArrayList<>();
        Passage inLarge = full(UUID.randomUUID(), "12ABC3");
        Passage bareInLarge = bare(UUID.randomUUID(), "34DEF5");
        Passage notKept = bare(UUID.randomUUID(), "99ZZZ9");
        large.add(inLarge);
        large.add(bareInLarge);
        large.add(notKept);
        large.add(bare(alone.id(), "12ABC3")); // already claimed by the small group: a duplicate
        while (large.size() < PassageStore.COPY_FROM + 6) large.add(bare(UUID.randomUUID(), "56GHJ7"));
        Set<UUID> claimed = write(large, p -> p != notKept);

        assertThat(claimed).hasSize(large.size() - 1).doesNotContain(alone.id()).contains(notKept.id());
        assertThat(row(inLarge.id())).isEqualTo(row(alone.id())).containsEntry("model", "C'63 AMG")
                .containsEntry("camera_id", "cam-\"1\",a").containsEntry("plate_box", "{10,20,300,70}")
                .containsEntry("make", "MERCEDES-BENZ").containsEntry("observed_at", "2026-11-30 23:59:59.123456+00");
        assertThat(row(bareInLarge.id())).isEqualTo(row(bareAlone.id())).containsEntry("country", null)
                .containsEntry("lat", null).containsEntry("make", null);
        assertThat(row(notKept.id())).isEmpty();
        assertThat(count("select count(*) from passage where id = '" + alone.id() + "'")).isEqualTo(1);
        assertThat(count("select count(*) from read_id where id = '" + notKept.id() + "'")).isEqualTo(1);
    }

    @Test
    void imagesAreStoredAsTheyAreInEveryDayPartitionEvenOnesMadeLater() throws SQLException {
        java.time.LocalDate day = java.time.LocalDate.of(2031, 5, 17);
        new Partitions(db.dataSource()).ensure(List.of(day));
        // 'e' (external): out of line without compressing again what JPEG compressed already
        assertThat(count("select count(*) from pg_attribute where attrelid = '" + Partitions.imageTable(day)
                + "'::regclass and attname = 'jpeg' and attstorage = 'e'")).isEqualTo(1);
        assertThat(count("select count(*) from pg_attribute where attrelid = 'hit_image'::regclass and attname = 'jpeg'"
                + " and attstorage = 'e'")).isEqualTo(1);
    }

    @Test
    void aLargeGroupOfNewIdsIsClaimedWholeAndItsResendClaimsNothing() throws SQLException {
        List<Passage> large = new ArrayList<>();
        while (large.size() < PassageStore.COPY_FROM + 10) large.add(bare(UUID.randomUUID(), "77KLM" + large.size() % 10));
        Set<UUID> ids = large.stream().map(Passage::id).collect(java.util.stream.Collectors.toSet());
        String inList = ids.stream().map(id -> "'" + id + "'").collect(java.util.stream.Collectors.joining(","));

        assertThat(write(large, p -> true)).isEqualTo(ids);
        assertThat(write(large, p -> true)).isEmpty();
        assertThat(count("select count(*) from read_id where id in (" + inList + ")")).isEqualTo(large.size());
        assertThat(count("select count(*) from passage where id in (" + inList + ")")).isEqualTo(large.size());
    }

    @Test
    void everyDayPartitionsTrigramIndexMergesItsPendingListAt4MB() throws SQLException {
        java.time.LocalDate day = java.time.LocalDate.of(2031, 5, 18);
        new Partitions(db.dataSource()).ensure(List.of(day));
        assertThat(count("select count(*) from pg_inherits i join pg_index x on x.indexrelid = i.inhrelid join pg_class c"
                + " on c.oid = i.inhrelid where i.inhparent = 'passage_key_trigrams'::regclass and x.indrelid = '"
                + Partitions.passageTable(day) + "'::regclass and c.reloptions @> array['gin_pending_list_limit=4096']"))
                .isEqualTo(1);
    }

    private static Set<UUID> write(List<Passage> group, java.util.function.Predicate<Passage> keep) throws SQLException {
        store.prepare(group);
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            Set<UUID> claimed = store.write(c, group, keep);
            c.commit();
            return claimed;
        }
    }

    /** Every column but the id and the moment of storing, as PostgreSQL prints it. */
    private static Map<String, String> row(UUID id) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("select * from passage where id = ?")) {
            c.createStatement().execute("set time zone 'UTC'");
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                Map<String, String> row = new LinkedHashMap<>();
                if (!rs.next()) return row;
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    String name = rs.getMetaData().getColumnName(i);
                    if (!name.equals("id") && !name.equals("received_at")) row.put(name, rs.getString(i));
                }
                return row;
            }
        }
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
