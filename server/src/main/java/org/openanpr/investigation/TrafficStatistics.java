package org.openanpr.investigation;

import org.openanpr.access.Visibility;
import org.openanpr.db.Sql;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Traffic statistics over the passages the caller may see ({@link Visibility#passageCondition}), counted in the
 * database: passages per camera per hour or day, distinct vehicles with their countries, repeat visitors and trips
 * between camera groups. Only counts leave this class; suppressing small cells is the caller's ({@link SmallCells}).
 * Hours and days are those of {@code zone} ({@link #starts}): the two 02:00 hours of the autumn DST change are two
 * rows, and a local day is 23 or 25 hours long when the clock changes. A vehicle is its plate as read
 * (normalised); every query is one scan of the window's day partitions, grouped in the database.
 */
public final class TrafficStatistics {
    private final DataSource db;

    public TrafficStatistics(DataSource db) {
        this.db = db;
    }

    public record HourCount(String camera, Instant hour, long passages) {
    }

    public record DayCount(String camera, LocalDate day, long passages, long vehicles) {
    }

    /** {@code camera} null: every visible camera together (a vehicle seen at two cameras is one vehicle). */
    public record Vehicles(String camera, long passages, long vehicles, long domestic, long foreign, long unknownCountry) {
    }

    /** Per camera, per camera group or, with a null key, for all together. */
    public record Repeat(String key, long vehicles, long repeaters) {
    }

    public record Trips(String origin, String destination, long trips, long vehicles) {
    }

    /** What makes a vehicle a repeat visitor: seen on at least {@code min} distinct local days, or at least {@code min} times. */
    public record RepeatRule(boolean byDays, int min) {
    }

    public List<HourCount> perHour(Instant from, Instant to, ZoneId zone, Visibility v) {
        Instant[] hours = starts(from, to, zone, false);
        List<Object> args = new ArrayList<>();
        args.add(text(hours));
        String sql = "select p.camera_id, width_bucket(p.observed_at, (select ?::timestamptz[])), count(*) from passage p where "
                + window(from, to, v, args) + " group by 1, 2 order by 1, 2";
        return query(sql, args, rs -> new HourCount(rs.getString(1), hours[rs.getInt(2) - 1], rs.getLong(3)));
    }

    public List<DayCount> perDay(Instant from, Instant to, ZoneId zone, Visibility v) {
        Instant[] days = starts(from, to, zone, true);
        List<Object> args = new ArrayList<>();
        args.add(text(days));
        // vehicles per camera and day first (one hash aggregate), then counted: cheaper than count(distinct) per group
        String sql = "select camera_id, local_day, sum(n), count(*) from (select p.camera_id, width_bucket(p.observed_at, (select ?::timestamptz[])) as local_day,"
                + " p.plate, count(*) n from passage p where " + window(from, to, v, args) + " group by 1, 2, 3) x group by 1, 2 order by 1, 2";
        return query(sql, args, rs -> new DayCount(rs.getString(1), LocalDate.ofInstant(days[rs.getInt(2) - 1], zone), rs.getLong(3), rs.getLong(4)));
    }

    /**
     * The starts of the local hours (or days) of {@code zone} that overlap {@code from}-{@code to}, in order: a passage's
     * hour or day is found by {@code width_bucket} on them, a binary search per row, many times cheaper than converting
     * every passage's time to local time in SQL. Local hours follow the clock: the autumn night has two 02:00 hours
     * (02:00+02:00 and 02:00+01:00), a day is 23 or 25 hours long when the clock changes.
     */
    static Instant[] starts(Instant from, Instant to, ZoneId zone, boolean days) {
        List<Instant> out = new ArrayList<>();
        ZonedDateTime t = from.atZone(zone).truncatedTo(days ? ChronoUnit.DAYS : ChronoUnit.HOURS);
        while (t.toInstant().isBefore(to)) {
            out.add(t.toInstant());
            // plusHours is on the time-line (the repeated hour is a next hour); a day starts at the next date's first moment
            t = days ? t.toLocalDate().plusDays(1).atStartOfDay(zone) : t.plusHours(1).truncatedTo(ChronoUnit.HOURS);
        }
        return out.toArray(Instant[]::new);
    }

    /** As text, cast once in a sub-select (an init plan): a cast written on the parameter itself would run for every row. */
    private static String[] text(Instant[] instants) {
        return java.util.Arrays.stream(instants).map(Instant::toString).toArray(String[]::new);
    }

    /**
     * Distinct vehicles per camera and for all cameras (the row with a null camera), by country: {@code home}, another
     * country, or none read. A vehicle read with a country at one passage and without at another counts as read with it.
     */
    public List<Vehicles> vehicles(Instant from, Instant to, String home, Visibility v) {
        List<Object> args = new ArrayList<>(List.of(home, home));
        String sql = "select camera_id, sum(n), count(*), count(*) filter (where country = ?), count(*) filter (where country <> ?),"
                + " count(*) filter (where country is null) from (select p.camera_id, p.plate, max(p.country) country, count(*) n"
                + " from passage p where " + window(from, to, v, args) + " group by grouping sets ((p.camera_id, p.plate), (p.plate))) x"
                + " group by camera_id order by camera_id nulls first";
        return query(sql, args, rs -> new Vehicles(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)));
    }

    /**
     * Vehicles and repeat visitors per camera ({@code groups} null), per camera group (each group's cameras as given;
     * a vehicle seen in a group counts once for it), or all together ({@code perCamera} false and {@code groups} null).
     */
    public List<Repeat> repeat(Instant from, Instant to, ZoneId zone, RepeatRule rule, boolean perCamera, Map<String, List<String>> groups,
                               Visibility v) {
        List<Object> args = new ArrayList<>();
        args.add(text(starts(from, to, zone, true)));
        String key = "null::text";
        String join = "";
        if (groups != null) {
            key = "g.code";
            join = " join unnest(?::text[], ?::text[]) as g(code, camera) on g.camera = p.camera_id";
            List<String> codes = new ArrayList<>();
            List<String> cameras = new ArrayList<>();
            groups.forEach((code, members) -> members.forEach(c -> {
                codes.add(code);
                cameras.add(c);
            }));
            args.add(codes.toArray(String[]::new));
            args.add(cameras.toArray(String[]::new));
        } else if (perCamera) {
            key = "p.camera_id";
        }
        String sql = "select k, count(*), count(*) filter (where " + (rule.byDays() ? "days" : "passages") + " >= ?) from ("
                + "select k, plate, count(*) days, sum(n) passages from (select " + key + " k, p.plate, width_bucket(p.observed_at, (select ?::timestamptz[])) as local_day,"
                + " count(*) n from passage p" + join + " where " + window(from, to, v, args) + " group by 1, 2, 3) d group by 1, 2) x"
                + " group by k order by k";
        args.addFirst(rule.min()); // the threshold is the first placeholder in the text
        return query(sql, args, rs -> new Repeat(rs.getString(1), rs.getLong(2), rs.getLong(3)));
    }

    /**
     * Trips between camera groups: a vehicle's consecutive passages at cameras of the groups (passages elsewhere
     * ignored), the first in group A and the next in group B (not A), at most {@code maxGap} apart, count one trip
     * A to B. {@code groups}: code to cameras, no camera in two groups.
     */
    public List<Trips> originDestination(Instant from, Instant to, Map<String, List<String>> groups, Duration maxGap, Visibility v) {
        List<String> codes = new ArrayList<>();
        List<String> cameras = new ArrayList<>();
        groups.forEach((code, members) -> members.forEach(c -> {
            codes.add(code);
            cameras.add(c);
        }));
        List<Object> args = new ArrayList<>();
        args.add(codes.toArray(String[]::new));
        args.add(cameras.toArray(String[]::new));
        String where = window(from, to, v, args);
        args.add(maxGap.toSeconds());
        String sql = "select prev_code, code, count(*), count(distinct plate) from (select p.plate, p.observed_at, g.code,"
                + " lag(g.code) over w prev_code, lag(p.observed_at) over w prev_at from passage p"
                + " join unnest(?::text[], ?::text[]) as g(code, camera) on g.camera = p.camera_id where " + where
                + " window w as (partition by p.plate order by p.observed_at)) s"
                + " where prev_code is not null and prev_code <> code and observed_at - prev_at <= make_interval(secs => ?)"
                + " group by 1, 2 order by 1, 2";
        return query(sql, args, rs -> new Trips(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
    }

    /** The organisation's own country, against which plates are foreign; NL when it has none. */
    public String homeCountry(String organisation) {
        if (organisation == null) return DEFAULT_COUNTRY;
        List<String> found = Sql.list(db, "select country from organisation where code = ?", rs -> rs.getString(1), organisation);
        return found.isEmpty() || found.get(0) == null ? DEFAULT_COUNTRY : found.get(0);
    }

    static final String DEFAULT_COUNTRY = "NL";

    private static String window(Instant from, Instant to, Visibility v, List<Object> args) {
        args.add(from);
        args.add(to);
        return "p.observed_at >= ? and p.observed_at < ? and " + v.passageCondition("p", args);
    }

    private <T> List<T> query(String sql, List<Object> args, Sql.Row<T> row) {
        return Sql.list(db, sql, row, args.toArray());
    }
}
