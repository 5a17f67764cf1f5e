package org.openanpr.passage;

import org.openanpr.db.Tx;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What each person searched under each case without an approval, for the cumulative threshold: the check of a new
 * search against the earlier ones and its record are one step under a lock per person and case, so two searches sent
 * at once cannot both slip under the threshold. Only searches the cumulative rule counts (every vehicle at a
 * camera, fuzzy) are kept.
 */
public final class SearchUsage {
    private final DataSource db;

    public SearchUsage(DataSource db) {
        this.db = db;
    }

    /**
     * Applies {@code reasons} to the search and the person's earlier searches under the case since {@code since};
     * records the search when it passes. Returns the reasons it needs approval (empty: it may run).
     */
    List<String> admit(String actor, String caseNumber, SearchScope scope, Instant now, Instant since,
                       Function<List<SearchScope>, List<String>> reasons) {
        try {
            return Tx.sql(db, c -> {
                try (PreparedStatement lock = c.prepareStatement("select pg_advisory_xact_lock(hashtextextended(?, 0))")) {
                    lock.setString(1, "search usage\n" + actor + "\n" + caseNumber);
                    lock.execute();
                }
                try (PreparedStatement ps = c.prepareStatement("delete from search_usage where at < ?")) {
                    // What fell out of the window is never read again, and it names searched plates: gone.
                    ps.setTimestamp(1, Timestamp.from(since));
                    ps.executeUpdate();
                }
                List<SearchScope> earlier = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("""
                        select plate, fuzzy, camera_id, from_at, to_at from search_usage
                        where actor = ? and case_number = ? and at >= ?""")) {
                    ps.setString(1, actor);
                    ps.setString(2, caseNumber);
                    ps.setTimestamp(3, Timestamp.from(since));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) earlier.add(new SearchScope(rs.getString(1), rs.getBoolean(2), rs.getString(3),
                                rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant()));
                    }
                }
                List<String> over = reasons.apply(earlier);
                if (over.isEmpty() && counted(scope)) {
                    try (PreparedStatement ps = c.prepareStatement("""
                            insert into search_usage (at, actor, case_number, plate, fuzzy, camera_id, from_at, to_at)
                            values (?, ?, ?, ?, ?, ?, ?, ?)""")) {
                        ps.setTimestamp(1, Timestamp.from(now));
                        ps.setString(2, actor);
                        ps.setString(3, caseNumber);
                        ps.setString(4, scope.plate());
                        ps.setBoolean(5, scope.fuzzy());
                        ps.setString(6, scope.camera());
                        ps.setTimestamp(7, Timestamp.from(scope.from()));
                        ps.setTimestamp(8, Timestamp.from(scope.to()));
                        ps.executeUpdate();
                    }
                }
                return over;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("could not check the searches under case " + caseNumber, e);
        }
    }

    private static boolean counted(SearchScope s) {
        return s.fuzzy() || s.plate() == null;
    }
}
