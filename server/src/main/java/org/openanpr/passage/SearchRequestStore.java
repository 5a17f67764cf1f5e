package org.openanpr.passage;

import org.openanpr.db.Sql;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

public final class SearchRequestStore {
    private static final String COLUMNS = "id, organisation, requested_by, plate, fuzzy, camera_id, from_at, to_at, open_end, case_number, "
            + "offence, purpose, reasons, status, decided_by, decided_at, decision_note, valid_until, created_at";
    private final DataSource db;

    public SearchRequestStore(DataSource db) {
        this.db = db;
    }

    /** {@code openEnd}: the request gave no end, so an approval covers up to each search's moment. */
    public SearchRequest create(String organisation, String requestedBy, SearchScope scope, boolean openEnd, LegalBasis basis,
                                List<String> reasons) {
        return Sql.list(db, "insert into search_request (organisation, requested_by, plate, fuzzy, camera_id, from_at, to_at, "
                        + "open_end, case_number, offence, purpose, reasons, status) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING') returning " + COLUMNS,
                SearchRequestStore::read, organisation, requestedBy, scope.plate(), scope.fuzzy(), scope.camera(), scope.from(),
                scope.to(), openEnd, basis.caseNumber(), basis.offence().name(), basis.purpose(), reasons.toArray(String[]::new)).getFirst();
    }

    public Optional<SearchRequest> find(long id) {
        return query("where id = ?", id).stream().findFirst();
    }

    /** An organisation's requests, newest first, optionally only one status or one requester. */
    public List<SearchRequest> list(String organisation, SearchRequest.Status status, String requestedBy) {
        String s = status == null ? null : status.name();
        return query("where (?::text is null or organisation = ?) and (?::text is null or status = ?) "
                + "and (?::text is null or requested_by = ?) order by id desc limit 500",
                organisation, organisation, s, s, requestedBy, requestedBy);
    }

    /** Records a decision once; empty when the request was no longer pending. */
    public Optional<SearchRequest> decide(long id, boolean approve, String by, String note, Instant at, Instant validUntil) {
        return Sql.list(db, "update search_request set status = ?, decided_by = ?, decided_at = ?, decision_note = ?, "
                        + "valid_until = ? where id = ? and status = 'PENDING' returning " + COLUMNS, SearchRequestStore::read,
                approve ? "APPROVED" : "REJECTED", by, at, note, approve ? validUntil : null, id).stream().findFirst();
    }

    private List<SearchRequest> query(String where, Object... args) {
        return Sql.list(db, "select " + COLUMNS + " from search_request " + where, SearchRequestStore::read, args);
    }

    private static SearchRequest read(ResultSet rs) throws SQLException {
        return new SearchRequest(rs.getLong("id"), rs.getString("organisation"), rs.getString("requested_by"),
                new SearchScope(rs.getString("plate"), rs.getBoolean("fuzzy"), rs.getString("camera_id"),
                        rs.getTimestamp("from_at").toInstant(), rs.getTimestamp("to_at").toInstant()), rs.getBoolean("open_end"),
                new LegalBasis(rs.getString("case_number"), OffenceCategory.valueOf(rs.getString("offence")), rs.getString("purpose")),
                Arrays.asList((String[]) rs.getArray("reasons").getArray()), SearchRequest.Status.valueOf(rs.getString("status")),
                rs.getString("decided_by"), Sql.instant(rs.getTimestamp("decided_at")), rs.getString("decision_note"),
                Sql.instant(rs.getTimestamp("valid_until")), rs.getTimestamp("created_at").toInstant());
    }
}
