package org.openanpr.passage;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

public final class SearchRequestStore {
    private static final String COLUMNS = "id, organisation, requested_by, plate, fuzzy, camera_id, from_at, to_at, case_number, "
            + "offence, purpose, reasons, status, decided_by, decided_at, decision_note, valid_until, created_at";
    private final DataSource db;

    public SearchRequestStore(DataSource db) {
        this.db = db;
    }

    public SearchRequest create(String organisation, String requestedBy, SearchScope scope, LegalBasis basis, List<String> reasons) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("insert into search_request "
                + "(organisation, requested_by, plate, fuzzy, camera_id, from_at, to_at, case_number, offence, purpose, reasons, status) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING') returning " + COLUMNS)) {
            ps.setString(1, organisation);
            ps.setString(2, requestedBy);
            ps.setString(3, scope.plate());
            ps.setBoolean(4, scope.fuzzy());
            ps.setString(5, scope.camera());
            ps.setTimestamp(6, Timestamp.from(scope.from()));
            ps.setTimestamp(7, Timestamp.from(scope.to()));
            ps.setString(8, basis.caseNumber());
            ps.setString(9, basis.offence().name());
            ps.setString(10, basis.purpose());
            ps.setArray(11, c.createArrayOf("text", reasons.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return read(rs);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("storing the search request failed", e);
        }
    }

    public Optional<SearchRequest> find(long id) {
        return query("where id = ?", id).stream().findFirst();
    }

    /** An organisation's requests, newest first, optionally only one status or one requester. */
    public List<SearchRequest> list(String organisation, SearchRequest.Status status, String requestedBy) {
        return query("where (?::text is null or organisation = ?) and (?::text is null or status = ?) "
                        + "and (?::text is null or requested_by = ?) order by id desc limit 500",
                organisation, organisation, status == null ? null : status.name(), status == null ? null : status.name(),
                requestedBy, requestedBy);
    }

    /** Records a decision once; empty when the request was no longer pending. */
    public Optional<SearchRequest> decide(long id, boolean approve, String by, String note, Instant at, Instant validUntil) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("update search_request set status = ?, "
                + "decided_by = ?, decided_at = ?, decision_note = ?, valid_until = ? where id = ? and status = 'PENDING' returning " + COLUMNS)) {
            ps.setString(1, approve ? "APPROVED" : "REJECTED");
            ps.setString(2, by);
            ps.setTimestamp(3, Timestamp.from(at));
            ps.setString(4, note);
            ps.setTimestamp(5, approve ? Timestamp.from(validUntil) : null);
            ps.setLong(6, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("deciding search request " + id + " failed", e);
        }
    }

    private List<SearchRequest> query(String where, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from search_request " + where)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            List<SearchRequest> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(read(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("reading search requests failed", e);
        }
    }

    private static SearchRequest read(ResultSet rs) throws SQLException {
        return new SearchRequest(rs.getLong("id"), rs.getString("organisation"), rs.getString("requested_by"),
                new SearchScope(rs.getString("plate"), rs.getBoolean("fuzzy"), rs.getString("camera_id"),
                        rs.getTimestamp("from_at").toInstant(), rs.getTimestamp("to_at").toInstant()),
                new LegalBasis(rs.getString("case_number"), OffenceCategory.valueOf(rs.getString("offence")), rs.getString("purpose")),
                Arrays.asList((String[]) rs.getArray("reasons").getArray()), SearchRequest.Status.valueOf(rs.getString("status")),
                rs.getString("decided_by"), instant(rs.getTimestamp("decided_at")), rs.getString("decision_note"),
                instant(rs.getTimestamp("valid_until")), rs.getTimestamp("created_at").toInstant());
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
