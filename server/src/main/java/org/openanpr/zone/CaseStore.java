package org.openanpr.zone;

import org.openanpr.db.Sql;
import org.openanpr.db.Tx;
import org.openanpr.http.Json;
import org.openanpr.registry.VehicleRegistry;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The review queue and the enforcement chain: a reviewer confirms a case (the second observation), which issues the
 * sanction its zone's {@link EnforcementPolicy} calls for given the vehicle's earlier sanctions in that zone, or
 * rejects it. Confirmations of one vehicle in one zone are serialised (an advisory lock), so that two reviewers
 * cannot both issue "the first fine".
 */
public final class CaseStore {
    private static final String COLUMNS = """
            id, zone_id, organisation, plate, day, passage_id, observed_at, received_at, camera_id, camera, country, confidence,
            passages, reason, rule, vehicle, exemption_check, plate_image is not null, overview_image is not null, status, sanction,
            fine_ordinal, amount, reviewer, reviewed_at, reject_reason, review_note, read_plate, appeal, paid, exported_at""";
    private final DataSource db;

    public CaseStore(DataSource db) {
        this.db = db;
    }

    public List<ZoneCase> list(long zone, ZoneCase.Status status, EnforcementPolicy.Kind sanction, String plate, int limit) {
        return Sql.list(db, "select " + COLUMNS + " from zone_case where zone_id = ? and (?::text is null or status = ?) "
                        + "and (?::text is null or sanction = ?) and (?::text is null or plate = ?) order by observed_at, id limit ?",
                CaseStore::row, zone, name(status), name(status), name(sanction), name(sanction), plate, plate, limit);
    }

    public Optional<ZoneCase> find(long id) {
        return Sql.list(db, "select " + COLUMNS + " from zone_case where id = ?", CaseStore::row, id).stream().findFirst();
    }

    /** The plate or overview image of a case, or null. */
    public byte[] image(long id, boolean plate) {
        List<byte[]> r = Sql.list(db, "select " + (plate ? "plate_image" : "overview_image") + " from zone_case where id = ?",
                rs -> rs.getBytes(1), id);
        return r.isEmpty() ? null : r.getFirst();
    }

    /** The outcome of a review, for the answer. */
    public record Reviewed(ZoneCase theCase, String message) {
    }

    /** Thrown when a case cannot be confirmed as it stands: a 409 with the reason. */
    public static final class NotConfirmable extends RuntimeException {
        public NotConfirmable(String message) {
            super(message);
        }
    }

    /**
     * Confirms a case in review. {@code correctedPlate}: the plate as the reviewer reads it on the image, when the camera
     * misread it (the case is decided again for that plate, and counts as a misread). A violation confirmed gets its
     * sanction; a case that turns out compliant or exempt is rejected as such; one that still cannot be decided
     * (unknown, foreign, incomplete) is refused (409), to be rejected or corrected instead.
     */
    public Reviewed confirm(long id, Zone zone, ZoneId tz, VehicleRegistry registry, String correctedPlate, String reviewer,
                            String note, Instant now) {
        try {
            return Tx.run(db, c -> {
                ZoneCase k = locked(c, id);
                if (k.status() != ZoneCase.Status.REVIEW) throw new NotConfirmable("case " + id + " was already " + k.status());
                String plate = correctedPlate == null ? k.plate() : correctedPlate;
                boolean corrected = !plate.equals(k.plate());
                String country = corrected ? "NL" : k.country();
                // one sanction per vehicle per zone per day: a corrected plate may already have its case that day
                if (corrected && otherCaseThatDay(c, k, plate)) {
                    update(c, "update zone_case set read_plate = plate where id = ?", id);
                    reject(c, id, ZoneCase.RejectReason.DUPLICATE, reviewer, "corrected to " + plate + (note == null ? "" : "; " + note), now);
                    return new Reviewed(locked(c, id), "the vehicle " + plate + " already has a case in this zone that day");
                }
                Decision d;
                if (!corrected && k.reason().equals(Decision.Reason.NOT_ALLOWED.name())) {
                    d = new Decision(Decision.Outcome.VIOLATION, Decision.Reason.NOT_ALLOWED, k.rule());
                } else {
                    Vehicle v = registry.lookup(c, Set.of(plate)).get(plate);
                    boolean exempt = ExemptionStore.onFile(c, new Long[] {zone.id()}, new String[] {plate}).stream()
                            .anyMatch(e -> e.status() == Exemption.Status.APPROVED && !k.observedAt().isBefore(e.validFrom())
                                    && k.observedAt().isBefore(e.validUntil()));
                    // the reviewer has read the plate: confidence is theirs
                    d = zone.decider(tz).decide(new ZoneRules.Sighting(plate, country, 1f, k.observedAt()), exempt, v);
                    if (corrected) update(c, "update zone_case set read_plate = plate, plate = ?, country = ?, vehicle = ?::jsonb where id = ?",
                            plate, country, vehicleJson(registry, v), id);
                }
                switch (d.outcome()) {
                    case COMPLIANT, EXEMPT -> {
                        reject(c, id, d.outcome() == Decision.Outcome.EXEMPT ? ZoneCase.RejectReason.EXEMPT
                                : ZoneCase.RejectReason.COMPLIANT_AFTER_REVIEW, reviewer, note, now);
                        return new Reviewed(locked(c, id), "decided again as " + d.outcome() + " (" + d.reason() + "): no sanction");
                    }
                    case REVIEW -> throw new NotConfirmable("cannot be confirmed: " + switch (d.reason()) {
                        case FOREIGN -> "a foreign vehicle is not in the Dutch registry; reject it (FOREIGN) or correct the plate";
                        case UNKNOWN -> "the registry does not know plate " + plate + "; reject it or correct the plate";
                        case INCOMPLETE -> "the registry lacks a fact rule '" + d.rule() + "' needs; reject it";
                        default -> "the plate is not readable; reject it or give the plate as read on the image";
                    });
                    case VIOLATION -> {
                        try (PreparedStatement lock = c.prepareStatement("select pg_advisory_xact_lock(?, hashtext(?))")) {
                            lock.setInt(1, (int) zone.id());
                            lock.setString(2, plate);
                            lock.execute();
                        }
                        List<EnforcementPolicy.Prior> priors = listOn(c, """
                                select day, sanction from zone_case where zone_id = ? and plate = ? and status = 'CONFIRMED' and id <> ?""",
                                rs -> new EnforcementPolicy.Prior(rs.getObject(1, LocalDate.class), EnforcementPolicy.Kind.valueOf(rs.getString(2))),
                                zone.id(), plate, id);
                        EnforcementPolicy.Sanction s = zone.policy().sanction(k.day(), priors);
                        update(c, """
                                update zone_case set status = 'CONFIRMED', sanction = ?, fine_ordinal = ?, amount = ?, reason = ?, rule = ?,
                                reviewer = ?, reviewed_at = ?, review_note = ? where id = ?""",
                                s.kind().name(), s.kind() == EnforcementPolicy.Kind.FINE ? s.ordinal() : null, s.amount(),
                                d.reason().name(), d.rule(), reviewer, now, note, id);
                        return new Reviewed(locked(c, id), s.kind() == EnforcementPolicy.Kind.FINE
                                ? "fine " + s.ordinal() + " in the recidivist term: " + s.amount() : "warning");
                    }
                }
                throw new IllegalStateException("unreachable");
            });
        } catch (NotConfirmable | IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("could not confirm case " + id + ": " + e.getMessage(), e);
        }
    }

    /** Rejects a case in review; false when it was not in review. */
    public boolean reject(long id, ZoneCase.RejectReason reason, String reviewer, String note, Instant now) {
        try {
            return Tx.sql(db, c -> {
                ZoneCase k = locked(c, id);
                if (k.status() != ZoneCase.Status.REVIEW) return false;
                reject(c, id, reason, reviewer, note, now);
                return true;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("could not reject case " + id + ": " + e.getMessage(), e);
        }
    }

    public boolean appeal(long id, ZoneCase.Appeal appeal) {
        return Sql.update(db, "update zone_case set appeal = ? where id = ? and sanction = 'FINE' and status = 'CONFIRMED'", appeal.name(), id) == 1;
    }

    public boolean paid(long id) {
        return Sql.update(db, "update zone_case set paid = true where id = ? and sanction = 'FINE' and status = 'CONFIRMED'", id) == 1;
    }

    /** Confirmed fines of a zone not exported yet, marked exported in the same transaction. */
    public List<ZoneCase> exportFines(long zone, Instant now) {
        try {
            return Tx.sql(db, c -> {
                List<ZoneCase> out = listOn(c, "select " + COLUMNS + " from zone_case where zone_id = ? and status = 'CONFIRMED' "
                        + "and sanction = 'FINE' and exported_at is null and appeal <> 'UPHELD' order by observed_at, id for update", CaseStore::row, zone);
                for (ZoneCase k : out) update(c, "update zone_case set exported_at = ? where id = ?", now, k.id());
                return out;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("could not export fines: " + e.getMessage(), e);
        }
    }

    /** The council's figures for a zone over days [from, to]. */
    public Map<String, Object> figures(long zone, LocalDate from, LocalDate to) {
        Map<String, Object> f = new java.util.LinkedHashMap<>();
        Map<String, Long> byOutcome = new java.util.TreeMap<>();
        for (String o : List.of("COMPLIANT", "EXEMPT", "VIOLATION", "REVIEW")) byOutcome.put(o, 0L);
        Sql.list(db, "select outcome, sum(n) from zone_count where zone_id = ? and day between ? and ? group by outcome",
                rs -> byOutcome.put(rs.getString(1), rs.getLong(2)), zone, from, to);
        f.put("from", from.toString());
        f.put("to", to.toString());
        f.put("entries", byOutcome.values().stream().mapToLong(Long::longValue).sum());
        f.put("byOutcome", byOutcome);
        f.put("exemptionsUsed", byOutcome.get("EXEMPT"));
        Sql.list(db, """
                select count(distinct plate) filter (where true),
                       count(*) filter (where reason = 'NOT_ALLOWED' or sanction is not null),
                       count(*) filter (where status = 'REVIEW'),
                       count(*) filter (where sanction = 'WARNING'),
                       count(*) filter (where sanction = 'FINE'),
                       count(*) filter (where sanction = 'FINE' and paid),
                       count(*) filter (where appeal <> 'NONE'),
                       count(*) filter (where appeal = 'UPHELD'),
                       count(*) filter (where status <> 'REVIEW'),
                       count(*) filter (where reject_reason = 'MISREAD' or read_plate is not null)
                from zone_case where zone_id = ? and day between ? and ?""", rs -> {
            f.put("vehiclesWithCases", rs.getLong(1));
            f.put("violations", rs.getLong(2));
            f.put("inReview", rs.getLong(3));
            f.put("warnings", rs.getLong(4));
            f.put("fines", rs.getLong(5));
            f.put("finesPaid", rs.getLong(6));
            f.put("appeals", rs.getLong(7));
            f.put("appealsUpheld", rs.getLong(8));
            f.put("reviewed", rs.getLong(9));
            f.put("misreads", rs.getLong(10));
            f.put("misreadRate", rs.getLong(9) == 0 ? 0.0 : (double) rs.getLong(10) / rs.getLong(9));
            return null;
        }, zone, from, to);
        f.put("uniqueVehiclesRetained", Sql.list(db, "select count(distinct plate) from zone_decision where zone_id = ? "
                + "and observed_at >= ?::date and observed_at < ?::date + 1", rs -> rs.getLong(1), zone, from, to).getFirst());
        return f;
    }

    private static boolean otherCaseThatDay(Connection c, ZoneCase k, String plate) throws SQLException {
        return !listOn(c, "select 1 from zone_case where zone_id = ? and plate = ? and day = ? and id <> ?", rs -> 1,
                k.zoneId(), plate, k.day(), k.id()).isEmpty();
    }

    private static void reject(Connection c, long id, ZoneCase.RejectReason reason, String reviewer, String note, Instant now) throws SQLException {
        update(c, "update zone_case set status = 'REJECTED', reject_reason = ?, reviewer = ?, reviewed_at = ?, review_note = ? where id = ?",
                reason.name(), reviewer, now, note, id);
    }

    private static ZoneCase locked(Connection c, long id) throws SQLException {
        List<ZoneCase> r = listOn(c, "select " + COLUMNS + " from zone_case where id = ? for update", CaseStore::row, id);
        if (r.isEmpty()) throw new IllegalStateException("no case " + id);
        return r.getFirst();
    }

    private static <T> List<T> listOn(Connection c, String sql, Sql.Row<T> row, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Sql.bind(c, ps, args);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(row.read(rs));
            }
            return out;
        }
    }

    private static void update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Sql.bind(c, ps, args);
            ps.executeUpdate();
        }
    }

    private static String vehicleJson(VehicleRegistry registry, Vehicle v) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("source", registry.source());
        m.put("found", v != null);
        if (v != null) {
            m.put("category", v.category());
            m.put("fuels", v.fuels());
            m.put("zeroEmission", v.zeroEmission());
            m.put("euroClass", v.euroClass());
            m.put("maxMassKg", v.maxMassKg());
            m.put("firstAdmission", v.firstAdmission() == null ? null : v.firstAdmission().toString());
        }
        return ZoneStage.json(m);
    }

    private static String name(Enum<?> e) {
        return e == null ? null : e.name();
    }

    static ZoneCase row(ResultSet rs) throws SQLException {
        try {
            return new ZoneCase(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getObject(5, LocalDate.class),
                    rs.getObject(6, UUID.class), rs.getTimestamp(7).toInstant(), rs.getTimestamp(8).toInstant(), rs.getString(9),
                    Json.MAPPER.readTree(rs.getString(10)), rs.getString(11), rs.getFloat(12), rs.getInt(13), rs.getString(14),
                    rs.getString(15), rs.getString(16) == null ? null : Json.MAPPER.readTree(rs.getString(16)),
                    Json.MAPPER.readTree(rs.getString(17)), rs.getBoolean(18), rs.getBoolean(19), ZoneCase.Status.valueOf(rs.getString(20)),
                    rs.getString(21) == null ? null : EnforcementPolicy.Kind.valueOf(rs.getString(21)), rs.getObject(22, Integer.class),
                    rs.getBigDecimal(23), rs.getString(24), Sql.instant(rs.getTimestamp(25)),
                    rs.getString(26) == null ? null : ZoneCase.RejectReason.valueOf(rs.getString(26)), rs.getString(27), rs.getString(28),
                    ZoneCase.Appeal.valueOf(rs.getString(29)), rs.getBoolean(30), Sql.instant(rs.getTimestamp(31)));
        } catch (IOException e) {
            throw new SQLException("bad json in zone_case: " + e.getMessage(), e);
        }
    }
}
