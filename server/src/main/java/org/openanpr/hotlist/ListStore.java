package org.openanpr.hotlist;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.openanpr.access.Visibility;
import org.openanpr.db.Sql;
import org.openanpr.db.Tx;
import org.openanpr.http.Csv;
import org.openanpr.http.Json;
import org.postgresql.PGConnection;

import javax.sql.DataSource;
import java.io.Reader;
import java.io.StringReader;
import java.io.Writer;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reference lists and their entries in PostgreSQL. A full replace deletes and COPYs the entries in one transaction,
 * so readers see the old list or the new one, never half of either; every import adds a version row.
 */
public final class ListStore {
    private static final String LIST_COLUMNS = "id, name, category, purpose, legal_basis, organisation, source, instruction, "
            + "priority, fuzzy, hit_retention_days, historical_search, directions, time_window, area, current_version, created_at";
    private final DataSource db;

    public ListStore(DataSource db) {
        this.db = db;
    }

    public ReferenceList create(ReferenceList list) {
        try {
            return Tx.sql(db, c -> {
                ReferenceList created = create(c, list);
                try (Statement st = c.createStatement()) {
                    st.execute("create table " + partition(created.id()) + " partition of list_entry for values in ("
                            + created.id() + ")");
                }
                return created;
            });
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState()))
                throw new ListConflict("a list named '" + list.name() + "' exists in organisation " + list.organisation());
            throw new IllegalStateException("could not create list", e);
        }
    }

    private static ReferenceList create(Connection c, ReferenceList list) throws SQLException {
        {
            try (PreparedStatement org = c.prepareStatement(
                    "insert into organisation (code, name) values (?, ?) on conflict (code) do nothing")) {
                org.setString(1, list.organisation());
                org.setString(2, list.organisation());
                org.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into reference_list (name, category, purpose, legal_basis, organisation, source, instruction,
                        priority, fuzzy, hit_retention_days, historical_search, directions, time_window, area)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)
                    returning id, created_at""")) {
                ps.setString(1, list.name());
                ps.setString(2, list.category().name());
                ps.setString(3, list.purpose());
                ps.setString(4, list.legalBasis());
                ps.setString(5, list.organisation());
                ps.setString(6, list.source());
                ps.setString(7, list.instruction());
                ps.setInt(8, list.priority());
                ps.setBoolean(9, list.fuzzy());
                ps.setInt(10, list.hitRetentionDays());
                ps.setBoolean(11, list.historicalSearch());
                ps.setArray(12, c.createArrayOf("text", list.conditions().directions().toArray()));
                ps.setString(13, json(list.conditions().hours()));
                ps.setString(14, json(list.conditions().area()));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return list.withId(rs.getLong(1), rs.getTimestamp(2).toInstant());
                }
            }
        }
    }

    /** Each list's entries live in their own partition, named after the list. */
    private static String partition(long listId) {
        return "list_entry_" + listId;
    }

    public List<ReferenceList> all() {
        return query("select " + LIST_COLUMNS + " from reference_list order by id", ps -> { });
    }

    public Optional<ReferenceList> find(long id) {
        return query("select " + LIST_COLUMNS + " from reference_list where id = ?", ps -> set(ps, 1, id)).stream().findFirst();
    }

    /** The lists the caller may see: a list is visible only to its own organisation (all to the system token). */
    public List<ReferenceList> visible(Visibility v) {
        if (v.all()) return all();
        return query("select " + LIST_COLUMNS + " from reference_list where organisation = ? order by id",
                ps -> ps.setString(1, v.organisation()));
    }

    /** The list if the caller's organisation owns it; another organisation's list is absent, as if it did not exist. */
    public Optional<ReferenceList> find(long id, Visibility v) {
        if (v.all()) return find(id);
        return query("select " + LIST_COLUMNS + " from reference_list where id = ? and organisation = ?", ps -> {
            ps.setLong(1, id);
            ps.setString(2, v.organisation());
        }).stream().findFirst();
    }

    public boolean delete(long id) {
        try {
            return Tx.sql(db, c -> {
                try (Statement st = c.createStatement(); PreparedStatement ps = c.prepareStatement("delete from reference_list where id = ?")) {
                    ps.setLong(1, id);
                    boolean deleted = ps.executeUpdate() == 1;
                    st.execute("drop table if exists " + partition(id));
                    return deleted;
                }
            });
        } catch (SQLException e) {
            if ("23503".equals(e.getSQLState()))
                throw new ListConflict("list " + id + " has hits or is used by an action; it cannot be deleted");
            throw new IllegalStateException("could not delete list " + id, e);
        }
    }

    /**
     * Replaces every entry of the list with {@code rows} as a new version: the rows are loaded into a fresh table,
     * which then takes the old partition's place. Readers see the old entries until the commit, the new ones after.
     */
    public ListVersion replace(long listId, List<EntryRow> rows, String by) {
        return inTransaction(listId, c -> {
            Set<String> old = identities(c, listId);
            int version = nextVersion(c, listId);
            String live = partition(listId);
            String fresh = live + "_v" + version;
            try (Statement st = c.createStatement()) {
                st.execute("create table " + fresh + " (like list_entry including defaults)");
                copy(c, fresh, listId, version, rows);
                st.execute("alter table list_entry detach partition " + live);
                st.execute("drop table " + live);
                st.execute("alter table " + fresh + " rename to " + live);
                st.execute("alter table list_entry attach partition " + live + " for values in (" + listId + ")");
            }
            int added = 0;
            Set<String> now = new HashSet<>(rows.size() * 2);
            for (EntryRow r : rows) {
                now.add(r.identity());
                if (!old.contains(r.identity())) added++;
            }
            int removed = 0;
            for (String o : old) if (!now.contains(o)) removed++;
            return version(c, listId, version, ListVersion.Kind.REPLACE, added, removed, by);
        });
    }

    /**
     * Adds (or updates) {@code add} and removes {@code remove} as one new version. Removing an entry that is not on
     * the list fails the whole delta with the line that named it.
     */
    public ListVersion delta(long listId, List<EntryRow> add, List<EntryRow> remove, String by) {
        return inTransaction(listId, c -> {
            int version = nextVersion(c, listId);
            Set<String> old = remove.isEmpty() && add.isEmpty() ? Set.of() : identities(c, listId);
            List<String> problems = new ArrayList<>();
            for (EntryRow r : remove)
                if (!old.contains(r.identity())) problems.add("line " + r.line() + ": " + r.plate() + " is not on the list");
            if (!problems.isEmpty()) throw new ImportException(problems.subList(0, Math.min(problems.size(), EntryFile.MAX_PROBLEMS)));
            deleteEntries(c, listId, remove);
            List<EntryRow> fresh = new ArrayList<>();
            List<EntryRow> updated = new ArrayList<>();
            for (EntryRow r : add) (old.contains(r.identity()) ? updated : fresh).add(r);
            deleteEntries(c, listId, updated);
            copy(c, partition(listId), listId, version, add);
            return version(c, listId, version, ListVersion.Kind.DELTA, fresh.size(), remove.size(), by);
        });
    }

    /** One statement for any number of entries: the partition has no index on plate to delete row by row. */
    private static void deleteEntries(Connection c, long listId, List<EntryRow> rows) throws SQLException {
        if (rows.isEmpty()) return;
        try (PreparedStatement del = c.prepareStatement("delete from " + partition(listId)
                + " e using unnest(?::text[], ?::text[]) as gone(plate, country)"
                + " where e.plate = gone.plate and e.country = gone.country")) {
            del.setArray(1, c.createArrayOf("text", rows.stream().map(EntryRow::plate).toArray()));
            del.setArray(2, c.createArrayOf("text", rows.stream().map(EntryRow::country).toArray()));
            del.executeUpdate();
        }
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
     * so an export can be imported again.
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
            List<String> header = new ArrayList<>(List.of("plate", "country", "reason", "amount", "valid_from", "valid_until"));
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

    /** Every entry of a list, for the matcher's index: only what matching needs. */
    public void forEachEntry(long listId, Consumer<IndexedEntry> sink) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "select id, plate, country, valid_from, valid_until from list_entry where list_id = ?")) {
                ps.setFetchSize(10_000);
                ps.setLong(1, listId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) sink.accept(new IndexedEntry(rs.getLong(1), listId, rs.getString(2), rs.getString(3),
                            instant(rs.getTimestamp(4)), instant(rs.getTimestamp(5))));
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("could not load entries of list " + listId, e);
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

    /** Entry details for hits, by list and entry id; entries removed meanwhile are simply absent. */
    public Map<Long, StoredEntry> entriesById(Connection c, Set<Long> listIds, Set<Long> ids) throws SQLException {
        Map<Long, StoredEntry> out = new java.util.HashMap<>();
        if (ids.isEmpty()) return out;
        try (PreparedStatement ps = c.prepareStatement("""
                select id, plate, country, reason, amount, valid_from, valid_until, attributes, added_in
                from list_entry where list_id = any(?) and id = any(?)""")) {
            ps.setArray(1, c.createArrayOf("bigint", listIds.toArray()));
            ps.setArray(2, c.createArrayOf("bigint", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getLong(1), storedEntry(rs));
            }
        }
        return out;
    }

    /** An entry as the matcher needs it. */
    public record IndexedEntry(long id, long listId, String plate, String country, Instant validFrom, Instant validUntil) {
    }

    private static StoredEntry storedEntry(ResultSet rs) throws SQLException {
        String attrs = rs.getString(8);
        Map<String, String> attributes;
        try {
            attributes = attrs == null ? Map.of() : Json.MAPPER.readValue(attrs,
                    Json.MAPPER.getTypeFactory().constructMapType(Map.class, String.class, String.class));
        } catch (JsonProcessingException e) {
            throw new SQLException("bad attributes json", e);
        }
        return new StoredEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBigDecimal(5),
                instant(rs.getTimestamp(6)), instant(rs.getTimestamp(7)), attributes, rs.getInt(9));
    }

    /** Runs an import with the list's row locked, so two imports into one list take turns. */
    private <T> T inTransaction(long listId, Tx.Work<T> work) {
        try {
            return Tx.run(db, c -> {
                try (PreparedStatement lock = c.prepareStatement("select 1 from reference_list where id = ? for update")) {
                    lock.setLong(1, listId);
                    try (ResultSet rs = lock.executeQuery()) {
                        if (!rs.next()) throw new IllegalArgumentException("no list " + listId);
                    }
                }
                return work.run(c);
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
                                       int removed, String by) throws SQLException {
        int total;
        try (PreparedStatement ps = c.prepareStatement("select count(*) from list_entry where list_id = ?")) {
            ps.setLong(1, listId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                total = rs.getInt(1);
            }
        }
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

    private static void copy(Connection c, String table, long listId, int version, List<EntryRow> rows) throws Exception {
        if (rows.isEmpty()) return;
        StringBuilder sb = new StringBuilder(rows.size() * 48);
        for (EntryRow r : rows) {
            sb.append(listId).append(',');
            quoted(sb, r.plate()).append(',');
            quoted(sb, r.country()).append(',');
            if (r.reason() != null) quoted(sb, r.reason());
            sb.append(',');
            if (r.amount() != null) sb.append(r.amount().toPlainString());
            sb.append(',');
            if (r.validFrom() != null) sb.append(r.validFrom());
            sb.append(',');
            if (r.validUntil() != null) sb.append(r.validUntil());
            sb.append(',');
            if (!r.attributes().isEmpty()) quoted(sb, Json.MAPPER.writeValueAsString(r.attributes()));
            sb.append(',').append(version).append('\n');
        }
        Reader in = new StringReader(sb.toString());
        c.unwrap(PGConnection.class).getCopyAPI().copyIn("copy " + table + " (list_id, plate, country, reason, amount, "
                + "valid_from, valid_until, attributes, added_in) from stdin (format csv)", in);
    }

    private static StringBuilder quoted(StringBuilder sb, String text) {
        sb.append('"');
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '"') sb.append('"');
            sb.append(ch);
        }
        return sb.append('"');
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private List<ReferenceList> query(String sql, Binder binder) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            List<ReferenceList> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(read(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read lists", e);
        }
    }

    private static void set(PreparedStatement ps, int i, long v) throws SQLException {
        ps.setLong(i, v);
    }

    private static ReferenceList read(ResultSet rs) throws SQLException {
        Array dirs = rs.getArray(13);
        List<String> directions = dirs == null ? List.of() : List.of((String[]) dirs.getArray());
        try {
            String hours = rs.getString(14);
            String area = rs.getString(15);
            ListConditions conditions = new ListConditions(directions,
                    hours == null ? null : Json.MAPPER.readValue(hours, ListConditions.Hours.class),
                    area == null ? null : Json.MAPPER.readValue(area, Json.MAPPER.getTypeFactory()
                            .constructCollectionType(List.class, Json.MAPPER.getTypeFactory().constructCollectionType(List.class, Double.class))));
            return new ReferenceList(rs.getLong(1), rs.getString(2), ListCategory.valueOf(rs.getString(3)), rs.getString(4),
                    rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getInt(9), rs.getBoolean(10),
                    rs.getInt(11), rs.getBoolean(12), conditions, rs.getInt(16), rs.getTimestamp(17).toInstant());
        } catch (JsonProcessingException e) {
            throw new SQLException("bad conditions json in list " + rs.getLong(1), e);
        }
    }

    private static String json(Object value) {
        if (value == null) return null;
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
