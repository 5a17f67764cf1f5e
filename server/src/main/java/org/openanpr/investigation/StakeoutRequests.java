package org.openanpr.investigation;

import com.fasterxml.jackson.databind.JsonNode;
import org.openanpr.db.Sql;
import org.openanpr.http.Json;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The areas and windows a stakeout's search request was filed for (table {@code stakeout_request}, V22): an approval
 * of such a request holds for exactly those scenes. Scenes are kept in one canonical JSON form
 * ({@link #canonical}) so that "the same stakeout" is a comparison of text.
 */
final class StakeoutRequests {
    private final DataSource db;

    StakeoutRequests(DataSource db) {
        this.db = db;
    }

    record Stored(long searchRequest, JsonNode scenes, int minScenes, int marginMinutes) {
    }

    void save(long searchRequest, List<StakeoutSearch.Scene> scenes, int minScenes, int marginMinutes) {
        Sql.update(db, "insert into stakeout_request (search_request_id, scenes, min_scenes, margin_minutes) values (?, ?::jsonb, ?, ?)",
                searchRequest, canonical(scenes), minScenes, marginMinutes);
    }

    Optional<Stored> find(long searchRequest) {
        return Sql.list(db, "select search_request_id, scenes::text, min_scenes, margin_minutes from stakeout_request where search_request_id = ?",
                rs -> new Stored(rs.getLong(1), tree(rs.getString(2)), rs.getInt(3), rs.getInt(4)), searchRequest).stream().findFirst();
    }

    /**
     * A stakeout request as its requester or a privacy officer sees it: the request's decision and legal basis with the
     * scenes (areas as GeoJSON, windows).
     */
    record Mine(long id, String organisation, String requestedBy, String status, String decidedBy, java.time.Instant validUntil,
                java.time.Instant createdAt, String caseNumber, String offence, String purpose, JsonNode scenes, int minScenes,
                int marginMinutes) {
    }

    private static final String MINE = "select r.id, r.organisation, r.requested_by, r.status, r.decided_by, r.valid_until, r.created_at,"
            + " r.case_number, r.offence, r.purpose, s.scenes::text, s.min_scenes, s.margin_minutes"
            + " from stakeout_request s join search_request r on r.id = s.search_request_id ";

    /** An organisation's stakeout requests, newest first (at most 50); {@code requestedBy} (if given) only that person's. */
    List<Mine> mine(String organisation, String requestedBy) {
        return Sql.list(db, MINE + "where r.organisation = ? and (?::text is null or r.requested_by = ?) order by r.id desc limit 50",
                StakeoutRequests::mine, organisation, requestedBy, requestedBy);
    }

    /** One stakeout request, any organisation's (the caller checks who may see it). */
    Optional<Mine> detail(long id) {
        return Sql.list(db, MINE + "where r.id = ?", StakeoutRequests::mine, id).stream().findFirst();
    }

    private static Mine mine(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Mine(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), Sql.instant(rs.getTimestamp(6)),
                Sql.instant(rs.getTimestamp(7)), rs.getString(8), rs.getString(9), rs.getString(10), tree(rs.getString(11)), rs.getInt(12),
                rs.getInt(13));
    }

    /** True when the stakeout asked for now covers the same areas and windows as the one the approval was given for. */
    static boolean same(Stored stored, List<StakeoutSearch.Scene> scenes) {
        return stored.scenes().equals(tree(canonical(scenes)));
    }

    static String canonical(List<StakeoutSearch.Scene> scenes) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (StakeoutSearch.Scene s : scenes) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("label", s.label());
            m.put("area", s.area().geoJson());
            m.put("from", s.from().toString());
            m.put("to", s.to().toString());
            out.add(m);
        }
        return new String(StakeoutRoutes.bytes(out), java.nio.charset.StandardCharsets.UTF_8);
    }

    static JsonNode canonicalTree(List<StakeoutSearch.Scene> scenes) {
        return tree(canonical(scenes));
    }

    private static JsonNode tree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
