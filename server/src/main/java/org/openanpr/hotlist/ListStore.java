package org.openanpr.hotlist;

import org.postgresql.util.PSQLState;
import com.fasterxml.jackson.core.JsonProcessingException;
import org.openanpr.access.Visibility;
import org.openanpr.audit.AuditEntry;
import org.openanpr.audit.AuditLog;
import org.openanpr.db.Sql;
import org.openanpr.db.Tx;
import org.openanpr.http.Json;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/** Reference lists in PostgreSQL; their entries and imports are kept by {@link ListEntryStore}. */
public final class ListStore {
    private static final String LIST_COLUMNS = "id, name, category, purpose, legal_basis, organisation, source, instruction, "
            + "priority, fuzzy, hit_retention_days, historical_search, directions, time_window, area, current_version, created_at";
    private final DataSource db;
    private final AuditLog audit;

    public ListStore(DataSource db, AuditLog audit) {
        this.db = db;
        this.audit = audit;
    }

    /** Creates a list; {@code record} is written in the same transaction. */
    public ReferenceList create(ReferenceList list, AuditEntry record) {
        try {
            return Tx.sql(db, c -> {
                ReferenceList created = create(c, list);
                try (Statement st = c.createStatement()) {
                    st.execute("create table " + partition(created.id()) + " partition of list_entry for values in ("
                            + created.id() + ")");
                }
                audit.record(c, record);
                return created;
            });
        } catch (SQLException e) {
            if (PSQLState.UNIQUE_VIOLATION.getState().equals(e.getSQLState()))
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

    private static String partition(long listId) {
        return ListEntryStore.partition(listId);
    }

    public List<ReferenceList> all() {
        return query("select " + LIST_COLUMNS + " from reference_list order by id");
    }

    public Optional<ReferenceList> find(long id) {
        return query("select " + LIST_COLUMNS + " from reference_list where id = ?", id).stream().findFirst();
    }

    /** The lists the caller may see: a list is visible only to its own organisation (all to the system token). */
    public List<ReferenceList> visible(Visibility v) {
        if (v.all()) return all();
        return query("select " + LIST_COLUMNS + " from reference_list where organisation = ? order by id", v.organisation());
    }

    /** The list if the caller's organisation owns it; another organisation's list is absent, as if it did not exist. */
    public Optional<ReferenceList> find(long id, Visibility v) {
        if (v.all()) return find(id);
        return query("select " + LIST_COLUMNS + " from reference_list where id = ? and organisation = ?", id, v.organisation())
                .stream().findFirst();
    }

    /** Deletes a list with its entries; {@code record} is written in the same transaction. */
    public boolean delete(long id, AuditEntry record) {
        try {
            return Tx.sql(db, c -> {
                try (Statement st = c.createStatement(); PreparedStatement ps = c.prepareStatement("delete from reference_list where id = ?")) {
                    ps.setLong(1, id);
                    boolean deleted = ps.executeUpdate() == 1;
                    st.execute("drop table if exists " + partition(id));
                    if (deleted) audit.record(c, record);
                    return deleted;
                }
            });
        } catch (SQLException e) {
            if ("23503".equals(e.getSQLState()))
                throw new ListConflict("list " + id + " has hits or is used by an action; it cannot be deleted");
            throw new IllegalStateException("could not delete list " + id, e);
        }
    }

    private List<ReferenceList> query(String sql, Object... args) {
        return Sql.list(db, sql, ListStore::read, args);
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

}
