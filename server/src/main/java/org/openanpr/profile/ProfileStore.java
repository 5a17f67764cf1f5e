package org.openanpr.profile;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.openanpr.access.Visibility;
import org.openanpr.db.Sql;
import org.openanpr.http.Json;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Pattern profiles and camera places in PostgreSQL, and the passages a profile reads. */
public final class ProfileStore {
    private static final String PROFILE = "select id, organisation, name, purpose, legal_basis, definition::text, active, created_by,"
            + " created_at from pattern_profile ";
    private final DataSource db;

    public ProfileStore(DataSource db) {
        this.db = db;
    }

    /** @param organisation null for every organisation's */
    public List<Profile> list(String organisation) {
        return organisation == null ? Sql.list(db, PROFILE + "order by organisation, name", ProfileStore::profile)
                : Sql.list(db, PROFILE + "where organisation = ? order by name", ProfileStore::profile, organisation);
    }

    /** The profile, when it is {@code organisation}'s (null: any). */
    public Optional<Profile> find(long id, String organisation) {
        return Sql.list(db, PROFILE + "where id = ? and (?::text is null or organisation = ?)", ProfileStore::profile, id, organisation, organisation)
                .stream().findFirst();
    }

    /** @return the new profile, or empty when the organisation has one of that name */
    public Optional<Profile> create(String organisation, String name, String purpose, String legalBasis, String definition, boolean active,
                                    String by) {
        return Sql.list(db, "insert into pattern_profile (organisation, name, purpose, legal_basis, definition, active, created_by)"
                        + " values (?, ?, ?, ?, ?::jsonb, ?, ?) on conflict (organisation, name) do nothing returning id",
                rs -> rs.getLong(1), organisation, name, purpose, legalBasis, definition, active, by)
                .stream().findFirst().flatMap(id -> find(id, organisation));
    }

    public boolean setActive(long id, String organisation, boolean active) {
        return Sql.update(db, "update pattern_profile set active = ? where id = ? and (?::text is null or organisation = ?)",
                active, id, organisation, organisation) == 1;
    }

    public boolean delete(long id, String organisation) {
        return Sql.update(db, "delete from pattern_profile where id = ? and (?::text is null or organisation = ?)", id, organisation, organisation) == 1;
    }

    public void place(CameraPlace p) {
        Sql.update(db, "insert into camera_place (camera_id, place, tags) values (?, ?, ?) on conflict (camera_id) do update"
                + " set place = excluded.place, tags = excluded.tags, updated_at = now()", p.camera(), p.place(), p.tags().toArray(String[]::new));
    }

    public boolean unplace(String camera) {
        return Sql.update(db, "delete from camera_place where camera_id = ?", camera) == 1;
    }

    public List<CameraPlace> places() {
        return Sql.list(db, "select camera_id, place, tags from camera_place order by place, camera_id",
                rs -> new CameraPlace(rs.getString(1), rs.getString(2), Arrays.asList((String[]) rs.getArray(3).getArray())));
    }

    /**
     * Every visible passage in the window at a camera whose place has any of the tags, plate by plate (in plate order),
     * streamed: one plate's passages are handed over when the next plate begins.
     *
     * @return the passages read
     */
    public long byPlate(String[] tags, Instant from, Instant to, Visibility v, java.util.function.BiConsumer<String, List<PlaceSighting>> plate) {
        // the tagged cameras first (a few), so that the passages come through the (camera_id, observed_at) index
        java.util.Map<String, String> places = new java.util.HashMap<>();
        for (String[] cp : Sql.list(db, "select camera_id, place from camera_place where tags && ?",
                rs -> new String[]{rs.getString(1), rs.getString(2)}, (Object) tags)) places.put(cp[0], cp[1]);
        if (places.isEmpty()) return 0;
        List<Object> args = new ArrayList<>(List.of(places.keySet().toArray(String[]::new), from, to));
        String sql = "select p.plate, p.id, p.observed_at, p.camera_id, p.lat, p.lon from passage p"
                + " where p.camera_id = any(?) and p.observed_at >= ? and p.observed_at < ? and " + v.passageCondition("p", args)
                + " order by p.plate, p.observed_at";
        long n = 0;
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false); // a cursor: the window may hold many passages
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setFetchSize(10_000);
                Sql.bind(c, ps, args.toArray());
                try (ResultSet rs = ps.executeQuery()) {
                    String current = null;
                    List<PlaceSighting> seen = new ArrayList<>();
                    while (rs.next()) {
                        n++;
                        String p = rs.getString(1);
                        if (!p.equals(current)) {
                            if (current != null) plate.accept(current, seen);
                            current = p;
                            seen = new ArrayList<>();
                        }
                        seen.add(new PlaceSighting(new org.openanpr.investigation.Sighting(rs.getObject(2, UUID.class),
                                rs.getTimestamp(3).toInstant(), rs.getString(4), dbl(rs, 5), dbl(rs, 6)), places.get(rs.getString(4))));
                    }
                    if (current != null) plate.accept(current, seen);
                }
            } finally {
                c.commit();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("profile passages failed: " + e.getMessage(), e);
        }
        return n;
    }

    /** The profile's candidates in the window, best score first; the rule's look-back before the window is read too. */
    public Run run(PatternRule rule, Instant from, Instant to, Visibility v, java.time.ZoneId zone) {
        List<Candidate> found = new ArrayList<>();
        long n = byPlate(rule.placeTags().toArray(String[]::new), from.minus(rule.lookBack()), to, v,
                (plate, seen) -> rule.evaluate(plate, seen, zone, from).ifPresent(found::add));
        found.sort(java.util.Comparator.comparingDouble(Candidate::score).reversed().thenComparing(Candidate::plate));
        return new Run(found, n);
    }

    public record Run(List<Candidate> candidates, long passages) {
    }

    private static Double dbl(ResultSet rs, int i) throws SQLException {
        double d = rs.getDouble(i);
        return rs.wasNull() ? null : d;
    }

    private static Profile profile(ResultSet rs) throws SQLException {
        try {
            return new Profile(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                    Json.MAPPER.readTree(rs.getString(6)), rs.getBoolean(7), rs.getString(8), rs.getTimestamp(9).toInstant());
        } catch (JsonProcessingException e) {
            throw new SQLException("pattern_profile.definition is not JSON", e);
        }
    }
}
