package org.openanpr.passage;

import org.openanpr.db.Sql;
import org.openanpr.access.Visibility;
import org.openanpr.hotlist.ListEntry;
import org.openanpr.recognition.Box;
import org.openanpr.plate.OcrConfusion;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * Reads passages back. Exact search is the {@code (plate_key, observed_at)} btree plus the plate itself. Fuzzy and
 * wildcard search are LIKE patterns on {@code lower(plate_key)}, served by the trigram index on that expression
 * (migration V11) wherever the unknown character is, the first position included; see {@link #plateCondition}.
 */
public final class PassageSearch {
    private static final String COLUMNS = "id, observed_at, camera_id, plate, country, confidence, lat, lon, has_images, country_inferred,"
            + " make, model, colour, vehicle_type, direction, heading, speed, plate_box";
    private final DataSource db;

    public PassageSearch(DataSource db) {
        this.db = db;
    }

    public record Page(List<PassageView> passages, PassageQuery.Cursor next) {
    }

    /** Passages matching the query at the cameras whose passages the caller may see. */
    public Page search(PassageQuery q, Visibility visible) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from passage where true");
        List<Object> args = new ArrayList<>();
        sql.append(" and ").append(visible.passageCondition("passage", args));
        if (q.plate() != null) plateCondition(q, sql, args);
        if (q.camera() != null) {
            sql.append(" and camera_id = ?");
            args.add(q.camera());
        }
        vehicleCondition(q.vehicle(), sql, args);
        if (q.from() != null) {
            sql.append(" and observed_at >= ?");
            args.add(Timestamp.from(q.from()));
        }
        if (q.to() != null) {
            sql.append(" and observed_at < ?");
            args.add(Timestamp.from(q.to()));
        }
        if (q.after() != null) {
            sql.append(q.ascending() ? " and (observed_at, id) > (?, ?)" : " and (observed_at, id) < (?, ?)");
            args.add(Timestamp.from(q.after().time()));
            args.add(q.after().id());
        }
        String dir = q.ascending() ? "asc" : "desc";
        sql.append(" order by observed_at ").append(dir).append(", id ").append(dir).append(" limit ?");
        args.add(q.limit() + 1);

        List<PassageView> rows = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            Sql.bind(c, ps, args.toArray());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) rows.add(view(rs));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("passage search failed", e);
        }
        PassageQuery.Cursor next = null;
        if (rows.size() > q.limit()) {
            rows = rows.subList(0, q.limit());
            PassageView last = rows.getLast();
            next = new PassageQuery.Cursor(last.time(), last.id());
        }
        return new Page(List.copyOf(rows), next);
    }

    /** One plate a search found, with what its passages say: how many, when first and last, where, how described. */
    public record PlateSummary(String plate, String country, long passages, Instant first, Instant last, List<String> cameras,
                               List<String> makes, List<String> colours, List<String> types) {
    }

    /**
     * The plates matching the query's plate (a pattern or partial plate; camera, vehicle and period as in
     * {@link #search}), one row each, most passages first: the answer to a witness's partial plate. The same plate
     * condition and indexes as {@link #search}; at most {@code limit} plates.
     */
    public List<PlateSummary> plates(PassageQuery q, Visibility visible, int limit) {
        StringBuilder sql = new StringBuilder("select plate, min(country), count(*), min(observed_at), max(observed_at),"
                + " array_agg(distinct camera_id), array_remove(array_agg(distinct make), null),"
                + " array_remove(array_agg(distinct colour), null), array_remove(array_agg(distinct vehicle_type), null)"
                + " from passage where true");
        List<Object> args = new ArrayList<>();
        sql.append(" and ").append(visible.passageCondition("passage", args));
        List<String> keys = q.plate() == null ? null : candidateKeys(q);
        if (keys != null) {
            if (keys.isEmpty()) return List.of();
            sql.append(" and plate_key = any(?) and plate like ?");
            args.add(keys.toArray(String[]::new));
            args.add(likePattern(q.plate()));
        } else if (q.plate() != null) {
            plateCondition(q, sql, args);
        }
        if (q.camera() != null) {
            sql.append(" and camera_id = ?");
            args.add(q.camera());
        }
        vehicleCondition(q.vehicle(), sql, args);
        sql.append(" and observed_at >= ? and observed_at < ? group by plate order by count(*) desc, plate limit ?");
        args.add(Timestamp.from(q.from()));
        args.add(Timestamp.from(q.to()));
        args.add(limit);
        List<PlateSummary> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            Sql.bind(c, ps, args.toArray());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next())
                    out.add(new PlateSummary(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getTimestamp(4).toInstant(),
                            rs.getTimestamp(5).toInstant(), texts(rs.getArray(6)), texts(rs.getArray(7)), texts(rs.getArray(8)),
                            texts(rs.getArray(9))));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("plate search failed", e);
        }
        return out;
    }

    static final int MAX_CANDIDATE_KEYS = 5_000;

    /**
     * For a pattern whose first character is known, the plate keys in the period that fit it, read from the
     * {@code (plate_key, observed_at)} btree alone (an index-only scan over the pattern's fixed prefix, the LIKE checked
     * on the index entries): a pattern such as {@code 5?BX?7} has no trigram but {@code "  5"}, which the trigram index
     * answers with a tenth of all passages to fetch from the heap; the keys are few, and their passages are then found
     * through the same btree. Null when the pattern starts unknown, is fuzzy, or fits more keys than
     * {@value #MAX_CANDIDATE_KEYS}: then the trigram condition of {@link #plateCondition} serves. The keys are only
     * candidates; visibility and the exact plate are applied to the passages.
     */
    private List<String> candidateKeys(PassageQuery q) {
        char first = q.plate().charAt(0);
        boolean pattern = q.plate().indexOf(ListEntry.WILDCARD) >= 0 || PartialPlate.isPartial(q.plate());
        if (!pattern || q.fuzzy() || first == ListEntry.WILDCARD || first == PartialPlate.ANY || q.from() == null || q.to() == null)
            return null;
        // The pattern as a literal: the planner turns a LIKE into a btree range only for a constant it sees when planning
        // (a parameter gets a generic plan that scans the whole index). It holds only letters, digits, '_' and '%'.
        String like = likePattern(OcrConfusion.key(q.plate()));
        if (!like.matches("[A-Z0-9_%]+")) return null;
        List<String> keys = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("select distinct plate_key from passage where plate_key like '"
                + like + "' and observed_at >= ? and observed_at < ? limit ?")) {
            Sql.bind(c, ps, Timestamp.from(q.from()), Timestamp.from(q.to()), MAX_CANDIDATE_KEYS + 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) keys.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("plate key lookup failed", e);
        }
        return keys.size() > MAX_CANDIDATE_KEYS ? null : keys;
    }

    private static List<String> texts(java.sql.Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    public Optional<byte[]> image(UUID passageId, String kind, Visibility visible) {
        List<Object> args = new ArrayList<>(List.of(passageId, kind));
        String sql = """
                select i.jpeg from passage_image i join passage p on p.id = i.passage_id and p.observed_at = i.observed_at
                where i.passage_id = ? and i.kind = ?""" + " and " + visible.passageCondition("p", args);
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Sql.bind(c, ps, args.toArray());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("image lookup failed", e);
        }
    }

    /**
     * Reads per camera in a window, for the live page and camera health: counts of passages, so only at the cameras
     * whose passages the caller may see (a camera shared for hits only is not counted).
     */
    public List<CameraCount> countsPerCamera(Instant from, Instant to, Visibility visible) {
        List<Object> args = new ArrayList<>(List.of(Timestamp.from(from), Timestamp.from(to)));
        String sql = "select camera_id, count(*), max(observed_at) from passage where observed_at >= ? and observed_at < ? and "
                + visible.passageCondition("passage", args) + " group by camera_id order by camera_id";
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Sql.bind(c, ps, args.toArray());
            List<CameraCount> counts = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) counts.add(new CameraCount(rs.getString(1), rs.getLong(2), rs.getTimestamp(3).toInstant()));
            }
            return counts;
        } catch (SQLException e) {
            throw new IllegalStateException("camera counts failed", e);
        }
    }

    public record CameraCount(String camera, long reads, Instant lastRead) {
    }

    /**
     * The plate condition. A plate with {@value ListEntry#WILDCARD} is a pattern: each wildcard is exactly one unknown
     * character ({@value PartialPlate#ANY} of a partial plate: any run of them, '%' in LIKE), the known ones match exactly, or up to OCR confusions when fuzzy. A fuzzy plate finds the keys one
     * wrong, missing or extra character (beyond confusions) away, in any position.
     */
    private static void plateCondition(PassageQuery q, StringBuilder sql, List<Object> args) {
        String key = OcrConfusion.key(q.plate());
        if (q.plate().indexOf(ListEntry.WILDCARD) >= 0 || PartialPlate.isPartial(q.plate())) {
            sql.append(" and lower(plate_key) like ?");
            args.add(keyPattern(key));
            if (!q.fuzzy()) {
                sql.append(" and plate like ?");
                args.add(likePattern(q.plate()));
            }
        } else if (q.fuzzy()) {
            // Candidates through the trigram index in one scan: for each position, the key with that character
            // replaced by any run, which a wrong, missing or extra character there fits. Then exactly what fuzzy
            // promises: the key or the key missing a character, or one '_' pattern for a wrong or an extra character.
            sql.append(" and lower(plate_key) ~ ? and (plate_key = any(?) or plate_key like any(?))");
            args.add(candidateExpression(key));
            args.add(OcrConfusion.keyNeighbours(q.plate()).toArray(String[]::new));
            args.add(fuzzyPatterns(key).toArray(String[]::new));
        } else {
            sql.append(" and plate_key = ? and plate = ?");
            args.add(key);
            args.add(q.plate());
        }
    }

    private static void vehicleCondition(VehicleDescription v, StringBuilder sql, List<Object> args) {
        String[][] fields = {{"make", v.make()}, {"model", v.model()}, {"colour", v.colour()}, {"vehicle_type", v.type()}};
        for (String[] f : fields) {
            if (f[1] == null) continue;
            sql.append(" and ").append(f[0]).append(" = ?");
            args.add(f[1]);
        }
    }

    /** Keys one wrong or one extra character away, in any position, as LIKE patterns. */
    static Set<String> fuzzyPatterns(String key) {
        Set<String> patterns = new LinkedHashSet<>();
        for (int i = 0; i <= key.length(); i++) {
            if (i < key.length()) patterns.add(key.substring(0, i) + "_" + key.substring(i + 1)); // wrong character
            patterns.add(key.substring(0, i) + "_" + key.substring(i));                       // extra character
        }
        return patterns;
    }

    /**
     * One regular expression on {@code lower(plate_key)}: for each position, the key with that character replaced by
     * any run ({@code ^(.*0033h|1.*033h|…)$}); together they take in every key one wrong, missing or extra character
     * away (an extra one at the end by the last). One expression is one scan of the trigram index, where a LIKE a
     * position was one scan each, and each scan reads the index's whole pending list of today's rows (three times
     * faster with a 3 MB list).
     */
    static String candidateExpression(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        StringJoiner alternatives = new StringJoiner("|", "^(", ")$");
        for (int i = 0; i < lower.length(); i++)
            alternatives.add(literal(lower.substring(0, i)) + ".*" + literal(lower.substring(i + 1)));
        return alternatives.toString();
    }

    /** Letters and digits stand for themselves in PostgreSQL's expressions; anything else is escaped. */
    private static String literal(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (!Character.isLetterOrDigit(cp)) out.append('\\');
            out.appendCodePoint(cp);
        });
        return out.toString();
    }

    /** A LIKE pattern on {@code lower(plate_key)}, the trigram index's expression. */
    private static String keyPattern(String key) {
        return likePattern(key).toLowerCase(Locale.ROOT);
    }

    /** Normalised plates hold only letters, digits and wildcards, so nothing needs escaping. */
    private static String likePattern(String plate) {
        return plate.replace(ListEntry.WILDCARD, '_').replace(PartialPlate.ANY, '%');
    }

    private static PassageView view(ResultSet rs) throws SQLException {
        double lat = rs.getDouble(7);
        Double latOrNull = rs.wasNull() ? null : lat;
        double lon = rs.getDouble(8);
        Double lonOrNull = rs.wasNull() ? null : lon;
        int heading = rs.getInt(16);
        Integer headingOrNull = rs.wasNull() ? null : heading;
        float speed = rs.getFloat(17);
        Double speedOrNull = rs.wasNull() ? null : (double) speed;
        return new PassageView(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant(), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getBoolean(10), rs.getFloat(6), latOrNull, lonOrNull, rs.getBoolean(9),
                rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15), headingOrNull,
                speedOrNull, box(rs.getArray(18)));
    }

    /** The recognition's box, stored as {x, y, w, h}; null for reads whose plate the camera sent. */
    private static Box box(java.sql.Array array) throws SQLException {
        if (array == null) return null;
        Integer[] b = (Integer[]) array.getArray();
        return new Box(b[0], b[1], b[2], b[3]);
    }
}
