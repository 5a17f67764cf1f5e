package org.openanpr.zone;

import org.openanpr.db.Sql;
import org.openanpr.db.Tx;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Exemptions in PostgreSQL; the zone stage reads the approved ones through the pipeline's connection. */
public final class ExemptionStore {
    private static final String COLUMNS = """
            id, organisation, zone_id, plate, kind, valid_from, valid_until, status, applicant, note, created_by, created_at,
            decided_by, decided_at, decision_note""";
    private final DataSource db;

    public ExemptionStore(DataSource db) {
        this.db = db;
    }

    public record New(String plate, Exemption.Kind kind, Instant validFrom, Instant validUntil, String applicant, String note) {
    }

    /** Stores the exemptions of one zone in one transaction: all or none. */
    public List<Exemption> create(String organisation, long zone, List<New> rows, Exemption.Status status, String by, Instant now) {
        try {
            return Tx.sql(db, c -> {
                List<Exemption> out = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("insert into exemption (organisation, zone_id, plate, kind, valid_from, "
                        + "valid_until, status, applicant, note, created_by, decided_by, decided_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning "
                        + COLUMNS)) {
                    for (New n : rows) {
                        boolean decided = status != Exemption.Status.APPLIED;
                        Sql.bind(c, ps, organisation, zone, n.plate(), n.kind().name(), n.validFrom(), n.validUntil(), status.name(),
                                n.applicant(), n.note(), by, decided ? by : null, decided ? now : null);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            out.add(row(rs));
                        }
                    }
                }
                return out;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("could not store exemptions: " + e.getMessage(), e);
        }
    }

    /** Approves or refuses an application; false when it was no longer an application. */
    public boolean decide(long id, Exemption.Status to, String by, String note, Instant now) {
        return Sql.update(db, "update exemption set status = ?, decided_by = ?, decided_at = ?, decision_note = ? where id = ? and status = 'APPLIED'",
                to.name(), by, now, note, id) == 1;
    }

    public Optional<Exemption> find(long id) {
        return Sql.list(db, "select " + COLUMNS + " from exemption where id = ?", ExemptionStore::row, id).stream().findFirst();
    }

    public List<Exemption> all() {
        return Sql.list(db, "select " + COLUMNS + " from exemption order by id", ExemptionStore::row);
    }

    public List<Exemption> ofZone(long zone, String plate, int limit) {
        return Sql.list(db, "select " + COLUMNS + " from exemption where zone_id = ? and (?::text is null or plate = ?) "
                + "order by created_at desc, id desc limit ?", ExemptionStore::row, zone, plate, plate, limit);
    }

    /** Every exemption on file for these plates in these zones (any status), for the decision and its evidence. */
    public static List<Exemption> onFile(Connection c, Long[] zones, String[] plates) throws SQLException {
        List<Exemption> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from exemption where zone_id = any(?) and plate = any(?)")) {
            ps.setArray(1, c.createArrayOf("bigint", zones));
            ps.setArray(2, c.createArrayOf("text", plates));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(row(rs));
            }
        }
        return out;
    }

    static Exemption row(ResultSet rs) throws SQLException {
        return new Exemption(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), Exemption.Kind.valueOf(rs.getString(5)),
                rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant(), Exemption.Status.valueOf(rs.getString(8)),
                rs.getString(9), rs.getString(10), rs.getString(11), rs.getTimestamp(12).toInstant(), rs.getString(13),
                Sql.instant(rs.getTimestamp(14)), rs.getString(15));
    }
}
