package org.openanpr.hotlist;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.openanpr.audit.AuditEntry;
import org.openanpr.audit.AuditLog;
import org.openanpr.db.CopyRows;
import org.openanpr.db.Sql;
import org.openanpr.db.Tx;
import org.openanpr.http.Csv;
import org.openanpr.http.Json;
import org.openanpr.plate.Country;
import org.openanpr.plate.Plates;

import javax.sql.DataSource;
import java.io.Writer;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The entries of reference lists and their imports (versions) in PostgreSQL. Each list's entries live in their own
 * partition of {@code list_entry}. A full replace loads the entries into a fresh table that takes the partition's
 * place in one transaction, so readers see the old list or the new one, never half of either; every import adds a
 * version row, and its audit record is written in the same transaction: no import without its record.
 */
public final class ListEntryStore {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ListEntryStore.class);
    private final DataSource db;
    private final AuditLog audit;

    public ListEntryStore(DataSource db, AuditLog audit) {
        this.db = db;
        this.audit = audit;
    }

    /**
     * What an import changed, as the matcher needs it to follow, so nobody reads the entries back: after a replace
     * every entry of the list as stored; after a delta the entries it added (new or updated) and the ids it removed
     * (an updated entry's old id among them).
     */
    public record Imported(ListVersion version, Set<Long> removedIds, List<ListEntry> entries) {
    }

    /** The partition that holds a list's entries, named after the list. */
    static String partition(long listId) {
        return "list_entry_" + listId;
    }

    /**
     * Replaces every entry of the list with {@code rows} as a new version: the rows are loaded into a fresh table,
     * which then takes the old partition's place. Readers see the old entries until the commit, the new ones after.
     *
     * @param record the audit record of the import, written in its transaction
     * @param beforeCopy told the entries as they will be stored (ids and version) before they are copied, so that the
     *                   matcher can index them while the database writes; nothing told there is committed yet
     */
    public Imported replace(long listId, List<EntryRow> rows, String by, Function<ListVersion, AuditEntry> record,
                            java.util.function.ObjIntConsumer<List<ListEntry>> beforeCopy) {
        return inTransaction(listId, record, c -> {
            long t0 = System.nanoTime();
            int version = nextVersion(c, listId);
            // ids taken here, not by the column's default, so the matcher gets the entries without reading them back
            long[] ids = reserveIds(c, rows.size());
            List<ListEntry> entries = entries(listId, version, rows, ids);
            beforeCopy.accept(entries, version);
            String live = partition(listId);
            String fresh = live + "_v" + version;
            long t1 = System.nanoTime();
            long t2;
            long t3;
            int kept;
            int before;
            try (Statement st = c.createStatement()) {
                // The check is the partition's bound, proven row by row while copying: attaching then skips the scan
                // that would prove it.
                st.execute("create table " + fresh + " (like list_entry including defaults, constraint " + fresh
                        + "_bound check (list_id is not null and list_id = " + listId + "))");
                copy(c, fresh, listId, version, rows, ids);
                t2 = System.nanoTime();
                // Identities are unique in the file (it is checked) and in the list: the rows found in both are those
                // kept. Counted by the database beside both tables rather than by reading a million old rows out.
                try (ResultSet rs = st.executeQuery("select (select count(*) from " + live + "), (select count(*) from "
                        + fresh + " f where exists (select 1 from " + live + " l where l.plate = f.plate"
                        + " and l.country is not distinct from f.country))")) {
                    rs.next();
                    before = rs.getInt(1);
                    kept = rs.getInt(2);
                }
                t3 = System.nanoTime();
                st.execute("alter table list_entry detach partition " + live);
                st.execute("drop table " + live);
                st.execute("alter table " + fresh + " rename to " + live);
                st.execute("alter table list_entry attach partition " + live + " for values in (" + listId + ")");
            }
            long t4 = System.nanoTime();
            log.info("list {} replace: ids in {} ms, copied in {} ms, compared in {} ms, swapped in {} ms",
                    listId, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, (t4 - t3) / 1_000_000);
            int added = rows.size() - kept;
            int removed = before - kept;
            return new Imported(version(c, listId, version, ListVersion.Kind.REPLACE, added, removed, rows.size(), by),
                    Set.of(), entries);
        });
    }

    /** Taken by every import that takes a block of entry ids from the sequence, so blocks never overlap. */
    private static final long ID_LOCK = 0x414E_5052_4C49_4453L; // "ANPRLIDS"

    /**
     * {@code count} entry ids in one block: the sequence is moved past the block in one step rather than a million.
     * Every insert into {@code list_entry} takes its ids here (none uses the column's default), under a lock held to
     * the end of the import's transaction, so no other import's ids fall inside the block. Imports into different
     * lists therefore take turns from here on; they are rare and take seconds.
     */
    private static long[] reserveIds(Connection c, int count) throws SQLException {
        long[] ids = new long[count];
        if (count == 0) return ids;
        try (PreparedStatement lock = c.prepareStatement("select pg_advisory_xact_lock(?)")) {
            lock.setLong(1, ID_LOCK);
            lock.execute();
        }
        long first;
        try (PreparedStatement ps = c.prepareStatement(
                "select s.first, setval('list_entry_id_seq', s.first + ? - 1) from (select nextval('list_entry_id_seq') as first) s")) {
            ps.setLong(1, count);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                first = rs.getLong(1);
            }
        }
        for (int i = 0; i < count; i++) ids[i] = first + i;
        return ids;
    }

    /** The rows as the matcher holds them, with the ids they were stored under. */
    private static List<ListEntry> entries(long listId, int version, List<EntryRow> rows, long[] ids) {
        List<ListEntry> out = new ArrayList<>(rows.size());
        Map<DetailsKey, EntryDetails> shared = new HashMap<>();
        Map<String, Country> countries = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            EntryRow r = rows.get(i);
            DetailsKey key = new DetailsKey(r.reason(), r.amount(), r.attributes().isEmpty() ? null : r.attributes().toString(), version);
            EntryDetails details = shared.get(key);
            if (details == null) {
                details = new EntryDetails(r.reason(), r.amount(), r.attributes(), version);
                if (shared.size() < SHARED_DETAILS) shared.put(key, details);
            }
            out.add(new ListEntry(ids[i], listId, r.plate(),
                    r.country().isEmpty() ? null : countries.computeIfAbsent(r.country(), Country::of),
                    r.validFrom(), r.validUntil(), details));
        }
        return out;
    }

    /**
     * Adds (or updates) {@code add} and removes {@code remove} as one new version. Removing an entry that is not on
     * the list fails the whole delta with the line that named it. An updated entry gets a new id: the old id is among
     * the removed ones.
     */
    public Imported delta(long listId, List<EntryRow> add, List<EntryRow> remove, String by,
                          Function<ListVersion, AuditEntry> record) {
        return inTransaction(listId, record, c -> {
            int version = nextVersion(c, listId);
            Set<String> old = remove.isEmpty() && add.isEmpty() ? Set.of() : identities(c, listId);
            List<String> problems = new ArrayList<>();
            for (EntryRow r : remove)
                if (!old.contains(r.identity())) problems.add("line " + r.line() + ": " + r.plate() + " is not on the list");
            if (!problems.isEmpty()) throw new ImportException(problems.subList(0, Math.min(problems.size(), EntryFile.MAX_PROBLEMS)));
            Set<Long> removedIds = new HashSet<>(deleteEntries(c, listId, remove));
            List<EntryRow> fresh = new ArrayList<>();
            List<EntryRow> updated = new ArrayList<>();
            for (EntryRow r : add) (old.contains(r.identity()) ? updated : fresh).add(r);
            removedIds.addAll(deleteEntries(c, listId, updated));
            long[] ids = reserveIds(c, add.size());
            copy(c, partition(listId), listId, version, add, ids);
            int total = old.size() + fresh.size() - remove.size();
            return new Imported(version(c, listId, version, ListVersion.Kind.DELTA, fresh.size(), remove.size(), total, by),
                    Set.copyOf(removedIds), entries(listId, version, add, ids));
        });
    }

    /** One statement for any number of entries: the partition has no index on plate to delete row by row. */
    private static List<Long> deleteEntries(Connection c, long listId, List<EntryRow> rows) throws SQLException {
        List<Long> ids = new ArrayList<>();
        if (rows.isEmpty()) return ids;
        try (PreparedStatement del = c.prepareStatement("delete from " + partition(listId)
                + " e using unnest(?::text[], ?::text[]) as gone(plate, country)"
                + " where e.plate = gone.plate and e.country = gone.country returning e.id")) {
            del.setArray(1, c.createArrayOf("text", rows.stream().map(EntryRow::plate).toArray()));
            del.setArray(2, c.createArrayOf("text", rows.stream().map(EntryRow::country).toArray()));
            try (ResultSet rs = del.executeQuery()) {
                while (rs.next()) ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    public List<ListVersion> versions(long listId) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select list_id, version, kind, added, removed, total, imported_by, imported_at from list_version where list_id = ? order by version desc")) {
            ps.setLong(1, listId);
            List<ListVersion> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new ListVersion(rs.getLong(1), rs.getInt(2), ListVersion.Kind.valueOf(rs.getString(3)),
                        rs.getInt(4), rs.getInt(5), rs.getInt(6), rs.getString(7), rs.getTimestamp(8).toInstant()));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read versions of list " + listId, e);
        }
    }

    /**
     * Streams the list's current entries as CSV in the import format, free attributes as {@code attr.<name>} columns,
     * so an export can be imported again; {@code display} is the plate as written on it, for people.
     */
    public void exportCsv(long listId, Writer out) {
        try (Connection c = db.getConnection()) {
            List<String> attributes = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    select distinct k from list_entry, jsonb_object_keys(attributes) k where list_id = ? order by k""")) {
                ps.setLong(1, listId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) attributes.add(rs.getString(1));
                }
            }
            List<String> header = new ArrayList<>(List.of("plate", "display", "country", "reason", "amount", "valid_from", "valid_until"));
            for (String a : attributes) header.add("attr." + a);
            Csv csv = new Csv(out).row(header);
            c.setAutoCommit(false); // a cursor: a list of millions is streamed, not held
            try (PreparedStatement ps = c.prepareStatement("""
                    select plate, country, reason, amount, valid_from, valid_until, attributes::text
                    from list_entry where list_id = ? order by plate, country""")) {
                ps.setFetchSize(10_000);
                ps.setLong(1, listId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        List<Object> row = new ArrayList<>(header.size());
                        row.add(rs.getString(1));
                        row.add(Plates.display(rs.getString(1), rs.getString(2)));
                        row.add(rs.getString(2));
                        row.add(rs.getString(3));
                        row.add(rs.getBigDecimal(4));
                        row.add(Sql.instant(rs.getTimestamp(5)));
                        row.add(Sql.instant(rs.getTimestamp(6)));
                        JsonNode attrs = rs.getString(7) == null ? null : Json.MAPPER.readTree(rs.getString(7));
                        for (String a : attributes) {
                            JsonNode v = attrs == null ? null : attrs.get(a);
                            row.add(v == null || v.isNull() ? null : v.isTextual() ? v.asText() : v.toString());
                        }
                        csv.row(row);
                    }
                }
            } finally {
                c.rollback();
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not export list " + listId, e);
        }
    }

    /** Entries whose plate starts with {@code platePrefix}, for the list manager's search. */
    public List<StoredEntry> entries(long listId, String platePrefix, int limit) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select id, plate, country, reason, amount, valid_from, valid_until, attributes, added_in
                from list_entry where list_id = ? and plate like ? order by plate, country limit ?""")) {
            ps.setLong(1, listId);
            ps.setString(2, platePrefix.replace("%", "").replace("_", "") + "%");
            ps.setInt(3, limit);
            List<StoredEntry> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(storedEntry(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read entries of list " + listId, e);
        }
    }

    /** Every entry of a list, for the matcher's index. */
    public void forEachEntry(long listId, Consumer<ListEntry> sink) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("""
                    select id, plate, country, valid_from, valid_until, reason, amount, attributes::text, added_in
                    from list_entry where list_id = ?""")) {
                ps.setFetchSize(10_000);
                ps.setLong(1, listId);
                // Entries of a list often say the same: they share one details instance (and one parse), kept
                // for a bounded number of distinct ones so a list whose every entry differs costs no map.
                Map<DetailsKey, EntryDetails> shared = new HashMap<>();
                Map<String, Country> countries = new HashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String country = rs.getString(3);
                        DetailsKey key = new DetailsKey(rs.getString(6), rs.getBigDecimal(7), rs.getString(8), rs.getInt(9));
                        EntryDetails details = shared.get(key);
                        if (details == null) {
                            details = key.details();
                            if (shared.size() < SHARED_DETAILS) shared.put(key, details);
                        }
                        sink.accept(new ListEntry(rs.getLong(1), listId, rs.getString(2),
                                country.isEmpty() ? null : countries.computeIfAbsent(country, Country::of),
                                instant(rs.getTimestamp(4)), instant(rs.getTimestamp(5)), details));
                    }
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("could not load entries of list " + listId, e);
        }
    }

    private static final int SHARED_DETAILS = 10_000;

    private record DetailsKey(String reason, BigDecimal amount, String attributesJson, int addedIn) {
        EntryDetails details() throws SQLException {
            return reason == null && amount == null && attributesJson == null && addedIn == 0 ? EntryDetails.NONE
                    : new EntryDetails(reason, amount, ListEntryStore.attributes(attributesJson), addedIn);
        }
    }

    /** The entries a version added, for the look back over stored passages. */
    public List<StoredEntry> addedIn(long listId, int version) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select id, plate, country, reason, amount, valid_from, valid_until, attributes, added_in
                from list_entry where list_id = ? and added_in = ?""")) {
            ps.setLong(1, listId);
            ps.setInt(2, version);
            List<StoredEntry> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(storedEntry(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read entries of list " + listId, e);
        }
    }

    private static StoredEntry storedEntry(ResultSet rs) throws SQLException {
        return new StoredEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBigDecimal(5),
                instant(rs.getTimestamp(6)), instant(rs.getTimestamp(7)), attributes(rs.getString(8)), rs.getInt(9));
    }

    private static Map<String, String> attributes(String json) throws SQLException {
        try {
            return json == null ? Map.of() : Json.MAPPER.readValue(json,
                    Json.MAPPER.getTypeFactory().constructMapType(Map.class, String.class, String.class));
        } catch (JsonProcessingException e) {
            throw new SQLException("bad attributes json", e);
        }
    }

    /**
     * Runs an import with the list's row locked, so two imports into one list take turns, and writes its audit
     * record last in the same transaction.
     */
    private Imported inTransaction(long listId, Function<ListVersion, AuditEntry> record, Tx.Work<Imported> work) {
        try {
            return Tx.run(db, c -> {
                // NO KEY UPDATE, not UPDATE: the key-share lock a hit's foreign key takes on the list's row must not
                // wait for the import (it did, and with the partition swap's table locks that was a deadlock).
                try (PreparedStatement lock = c.prepareStatement("select 1 from reference_list where id = ? for no key update")) {
                    lock.setLong(1, listId);
                    try (ResultSet rs = lock.executeQuery()) {
                        if (!rs.next()) throw new IllegalArgumentException("no list " + listId);
                    }
                }
                Imported imported = work.run(c);
                audit.record(c, record.apply(imported.version()));
                return imported;
            });
        } catch (ImportException | IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("could not import into list " + listId, e);
        }
    }

    private static Set<String> identities(Connection c, long listId) throws SQLException {
        Set<String> out = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("select plate, country from list_entry where list_id = ?")) {
            ps.setFetchSize(10_000);
            ps.setLong(1, listId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1) + "/" + rs.getString(2));
            }
        }
        return out;
    }

    private static int nextVersion(Connection c, long listId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select current_version + 1 from reference_list where id = ?")) {
            ps.setLong(1, listId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static ListVersion version(Connection c, long listId, int version, ListVersion.Kind kind, int added,
                                       int removed, int total, String by) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                insert into list_version (list_id, version, kind, added, removed, total, imported_by) values (?, ?, ?, ?, ?, ?, ?)
                returning imported_at""")) {
            ps.setLong(1, listId);
            ps.setInt(2, version);
            ps.setString(3, kind.name());
            ps.setInt(4, added);
            ps.setInt(5, removed);
            ps.setInt(6, total);
            ps.setString(7, by);
            Instant at;
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                at = rs.getTimestamp(1).toInstant();
            }
            try (PreparedStatement up = c.prepareStatement("update reference_list set current_version = ? where id = ?")) {
                up.setInt(1, version);
                up.setLong(2, listId);
                up.executeUpdate();
            }
            return new ListVersion(listId, version, kind, added, removed, total, by, at);
        }
    }

    /** {@code ids}: one per row ({@link #reserveIds}), or null for the column's default. */
    private static void copy(Connection c, String table, long listId, int version, List<EntryRow> rows, long[] ids)
            throws Exception {
        if (rows.isEmpty()) return;
        CopyRows copy = new CopyRows(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            EntryRow r = rows.get(i);
            if (ids != null) copy.value(ids[i]);
            copy.value(listId).text(r.plate()).text(r.country()).text(r.reason())
                    .value(r.amount() == null ? null : r.amount().toPlainString()).value(r.validFrom()).value(r.validUntil())
                    .text(r.attributes().isEmpty() ? null : Json.MAPPER.writeValueAsString(r.attributes()))
                    .value(version).endRow();
        }
        copy.copyInto(c, table, (ids != null ? "id, " : "")
                + "list_id, plate, country, reason, amount, valid_from, valid_until, attributes, added_in");
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
