package org.openanpr.investigation;

import org.openanpr.access.Visibility;
import org.openanpr.db.Sql;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Traffic statistics over the passages the caller may see ({@link Visibility#passageCondition}), counted in the
 * database: passages per camera per hour or day, distinct vehicles with their countries, repeat visitors and trips
 * between camera groups. Only counts leave this class; suppressing small cells is the caller's ({@link SmallCells}).
 * Hours and days are those of {@code zone} ({@link #starts}): the two 02:00 hours of the autumn DST change are two
 * rows, and a local day is 23 or 25 hours long when the clock changes. A vehicle is its plate as read (normalised).
 *
 * <p>Passages per hour and day, vehicles and repeat visitors read the closed hours and days the roll-up holds
 * ({@link TrafficRollup}) and count only the rest of the window from the passages, so a week of tens of millions of
 * passages answers in about a second; the answer is the one the passages give ({@link #direct}, what tests compare
 * with). The origin–destination matrix is one scan of the window's day partitions, grouped in the database.
 */
public final class TrafficStatistics {
    private final DataSource db;
    private final boolean rollUp;

    public TrafficStatistics(DataSource db) {
        this(db, true);
    }

    private TrafficStatistics(DataSource db, boolean rollUp) {
        this.db = db;
        this.rollUp = rollUp;
    }

    /** The same statistics computed from the passages alone, not the roll-up: what tests and the bench check it against. */
    public static TrafficStatistics direct(DataSource db) {
        return new TrafficStatistics(db, false);
    }

    /** The roll-up's state, or null when there is none or this instance reads the passages only. */
    private TrafficRollup.State state(Connection c) throws SQLException {
        return rollUp ? TrafficRollup.state(c) : null;
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

    /**
     * Passages per camera per local hour. The closed hours the roll-up holds ({@link TrafficRollup}) come from it when
     * the zone's hours are UTC hours (a whole-hour offset), the rest of the window from the passages.
     */
    public List<HourCount> perHour(Instant from, Instant to, ZoneId zone, Visibility v) {
        Instant[] hours = starts(from, to, zone, false);
        return inSnapshot(c -> {
            Map<String, long[]> counts = new HashMap<>();
            Instant rs = null, re = null;
            TrafficRollup.State state = Arrays.stream(hours).allMatch(h -> h.getEpochSecond() % 3600 == 0) ? state(c) : null;
            if (state != null) {
                rs = max(ceilHour(from), state.rolledFrom());
                re = min(to.truncatedTo(ChronoUnit.HOURS), state.rolledUntil());
                if (!rs.isBefore(re)) rs = re = null;
            }
            java.util.Set<String> late = rs == null ? java.util.Set.of() : arrivedLate(c, state, rs, re, hours);
            if (late.size() > MAX_LATE) rs = re = null;
            if (rs != null) {
                List<Object> args = new ArrayList<>(List.of(rs, re));
                String sql = "select camera_id, hour, passages from traffic_rollup_hour where hour >= ? and hour < ? and "
                        + rolledCameras("hour", v, f -> ceilHour(f), args);
                each(c, sql, args, rs2 -> {
                    String k = rs2.getString(1) + "\n" + Arrays.binarySearch(hours, rs2.getTimestamp(2).toInstant());
                    if (!late.contains(k)) counts.computeIfAbsent(k, x -> new long[1])[0] += rs2.getLong(3);
                });
            }
            List<Object> args = new ArrayList<>();
            args.add(text(hours));
            String sql = "select p.camera_id, width_bucket(p.observed_at, (select ?::timestamptz[])), count(*) from passage p where "
                    + window(from, to, v, args) + (rs == null ? "" : " and " + liveRest(from, to, rs, re, v, TrafficStatistics::ceilHour, late.stream().map(k -> {
                        String[] parts = k.split("\n");
                        Instant h = hours[Integer.parseInt(parts[1])];
                        return new Object[] {parts[0], h, h.plus(Duration.ofHours(1))};
                    }).toList(), args))
                    + " group by 1, 2";
            each(c, sql, args, rs2 -> counts.computeIfAbsent(rs2.getString(1) + "\n" + (rs2.getInt(2) - 1), k -> new long[1])[0] += rs2.getLong(3));
            List<HourCount> out = new ArrayList<>();
            counts.forEach((k, n) -> {
                String[] parts = k.split("\n");
                out.add(new HourCount(parts[0], hours[Integer.parseInt(parts[1])], n[0]));
            });
            out.sort(java.util.Comparator.comparing(HourCount::camera).thenComparing(HourCount::hour));
            return out;
        });
    }

    /** Passages and distinct vehicles per camera per local day: rolled-up days from the roll-up, the rest from the passages. */
    public List<DayCount> perDay(Instant from, Instant to, ZoneId zone, Visibility v) {
        Instant[] days = starts(from, to, zone, true);
        return inSnapshot(c -> {
            List<DayCount> out = new ArrayList<>();
            for (Cell cell : cells(c, from, to, zone, days, v, Parts.COUNTS)) {
                out.add(new DayCount(cell.camera(), LocalDate.ofInstant(days[cell.day()], zone), cell.set().passages(),
                        cell.set().hashes() == null ? cell.vehicles() : cell.set().size()));
            }
            out.sort(java.util.Comparator.comparing(DayCount::camera).thenComparing(DayCount::day));
            return out;
        });
    }

    /** The vehicles of one camera on one local day of the window ({@code day}: index into the day starts). */
    private record Cell(String camera, int day, TrafficRollup.DaySet set, long vehicles) {
    }

    /**
     * The window's vehicles per camera and local day: the local days the roll-up covers whole (or the day now running
     * up to its last closed hour) from its day sets, the whole UTC hours before and after them from its hour sets
     * (when the zone's hours are UTC hours), everything else — the part hours at the window's ends, what came after
     * the roll-up, a shared camera's part day or hour in which its agreement began, the hours and days where passages
     * arrived after the refresh — from the passages; a day made of several parts is their union. {@code sets} false:
     * the day sets give their counts only (unless a day is made of several parts). All in the caller's snapshot, so a
     * refresh committing meanwhile cannot count a passage twice or not at all.
     */
    private List<Cell> cells(Connection c, Instant from, Instant to, ZoneId zone, Instant[] days, Visibility v, Parts need) throws SQLException {
        boolean sets = need != Parts.COUNTS;
        // what of the sets is read: only what the statistic uses (a week's sets are tens of megabytes)
        String setColumns = "hashes, " + (need == Parts.PASSAGES ? "counts" : "null::bytea") + ", "
                + (need == Parts.COUNTRIES ? "countries" : "null::bytea") + ", country_list";
        Instant rs = null, re = null; // the whole days from the day sets
        int last = -1;
        TrafficRollup.State state = state(c);
        if (days.length > 0 && state != null) {
            Map<LocalDate, Instant> covered = new HashMap<>();
            List<Object> args = new ArrayList<>(List.of(zone.getId(), LocalDate.ofInstant(days[0], zone), LocalDate.ofInstant(days[days.length - 1], zone)));
            each(c, "select day, covered_until from traffic_rollup_day where zone = ? and day >= ? and day <= ?", args,
                    r -> covered.put(r.getObject(1, LocalDate.class), r.getTimestamp(2).toInstant()));
            for (int i = 0; i < days.length; i++) {
                if (days[i].isBefore(from)) continue;
                Instant end = LocalDate.ofInstant(days[i], zone).plusDays(1).atStartOfDay(zone).toInstant();
                Instant until = covered.get(LocalDate.ofInstant(days[i], zone));
                if (until == null || !until.isAfter(days[i]) || until.isAfter(to)) {
                    if (rs == null) continue; // days before the roll-up's first (before the oldest passages) are read live
                    break;
                }
                if (rs == null) rs = days[i];
                re = until;
                last = i;
                if (until.isBefore(end)) break; // the day now running, to its last closed hour
            }
        }
        // the whole UTC hours the hour sets cover before and after those days (or in the window, without them)
        Instant hs = null, he = null;
        boolean hourly = state != null && Arrays.stream(starts(from, to, zone, false)).allMatch(h -> h.getEpochSecond() % 3600 == 0);
        if (hourly) {
            Instant lo = max(ceilHour(from), state.rolledFrom());
            Instant hi = min(to.truncatedTo(ChronoUnit.HOURS), state.rolledUntil());
            hs = rs == null ? lo : min(lo, rs);
            he = rs == null ? hi : max(hi, re);
            if (!hs.isBefore(he)) hs = he = null;
        }
        Instant RS = hs != null ? hs : rs, RE = he != null ? he : re;
        final Instant ds = rs, de = re;
        java.util.function.Predicate<Instant> inDays = t -> ds != null && !t.isBefore(ds) && t.isBefore(de);
        // hours and days where a passage arrived after the refresh: read from the passages, whole
        List<Object[]> late = new ArrayList<>();
        java.util.Set<String> lateDays = new java.util.HashSet<>(), lateHours = new java.util.HashSet<>();
        if (RS != null) {
            Instant[] hourStarts = starts(RS, RE, ZoneId.of("UTC"), false);
            for (String k : arrivedLate(c, state, RS, RE, hourStarts)) {
                String[] parts = k.split("\n");
                Instant h = hourStarts[Integer.parseInt(parts[1])];
                if (inDays.test(h)) {
                    int d = dayOf(days, h);
                    if (lateDays.add(parts[0] + "\n" + d)) late.add(new Object[] {parts[0], days[d], min(dayEnd(days, d, zone), de)});
                } else if (lateHours.add(parts[0] + "\n" + h)) late.add(new Object[] {parts[0], h, h.plus(Duration.ofHours(1))});
            }
            if (late.size() > MAX_LATE) RS = RE = rs = re = hs = he = null;
        }
        Map<String, List<TrafficRollup.DaySet>> parts = new HashMap<>();
        Map<String, Long> dayVehicles = new HashMap<>();
        if (rs != null) {
            List<Object> args = new ArrayList<>();
            String dayColumns = sets ? setColumns : !re.equals(dayEnd(days, last, zone))
                    ? "hashes, counts, countries, country_list" : "null::bytea, null::bytea, null::bytea, country_list";
            args.addAll(List.of(zone.getId(), LocalDate.ofInstant(rs, zone), LocalDate.ofInstant(days[last], zone)));
            String sql = "select day, camera_id, passages, vehicles, " + dayColumns + " from traffic_rollup_camera_day"
                    + " where zone = ? and day >= ? and day <= ? and " + rolledCameras("day", v, f -> LocalDate.ofInstant(ceilDay(f, zone), zone), args);
            Map<LocalDate, Integer> index = new HashMap<>();
            for (int i = 0; i < days.length; i++) index.put(LocalDate.ofInstant(days[i], zone), i);
            each(c, sql, args, r -> {
                int day = index.get(r.getObject(1, LocalDate.class));
                String key = r.getString(2) + "\n" + day;
                if (lateDays.contains(key)) return;
                parts.computeIfAbsent(key, k -> new ArrayList<>()).add(TrafficRollup.DaySet.decode(r.getBytes(5), r.getBytes(6),
                        r.getBytes(7), (String[]) r.getArray(8).getArray(), r.getLong(3)));
                dayVehicles.put(key, r.getLong(4));
            });
        }
        if (hs != null) {
            List<Object> args = new ArrayList<>();
            String range = "hour >= ? and hour < ?";
            args.addAll(List.of(hs, rs == null ? he : rs));
            if (rs != null) {
                range = "((" + range + ") or (hour >= ? and hour < ?))";
                args.addAll(List.of(re, he));
            }
            String sql = "select hour, camera_id, passages, " + (sets ? setColumns : "hashes, counts, countries, country_list") + " from traffic_rollup_hour where "
                    + range + " and " + rolledCameras("hour", v, TrafficStatistics::ceilHour, args);
            each(c, sql, args, r -> {
                Instant h = r.getTimestamp(1).toInstant();
                if (lateHours.contains(r.getString(2) + "\n" + h)) return;
                parts.computeIfAbsent(r.getString(2) + "\n" + dayOf(days, h), k -> new ArrayList<>()).add(TrafficRollup.DaySet.decode(
                        r.getBytes(4), r.getBytes(5), r.getBytes(6), (String[]) r.getArray(7).getArray(), r.getLong(3)));
            });
        }
        List<Object> args = new ArrayList<>();
        args.add(text(days));
        String sql = "select p.camera_id, width_bucket(p.observed_at, (select ?::timestamptz[])), p.plate, max(p.country), count(*) from passage p where "
                + window(from, to, v, args) + (RS == null ? "" : " and " + liveRest(from, to, RS, RE, v,
                t -> inDays.test(t) ? ceilDay(t, zone) : ceilHour(t), late, args)) + " group by 1, 2, 3";
        Map<String, TrafficRollup.DaySet.Builder> live = new HashMap<>();
        each(c, sql, args, r -> live.computeIfAbsent(r.getString(1) + "\n" + (r.getInt(2) - 1), k -> new TrafficRollup.DaySet.Builder())
                .add(TrafficRollup.hash(r.getString(3)), r.getInt(5), r.getString(4)));
        live.forEach((k, b) -> parts.computeIfAbsent(k, x -> new ArrayList<>()).add(b.build()));
        List<Cell> out = new ArrayList<>();
        parts.forEach((k, sets2) -> {
            String[] kp = k.split("\n");
            TrafficRollup.DaySet set = sets2.get(0);
            if (sets2.size() > 1) {
                TrafficRollup.DaySet.Builder all = new TrafficRollup.DaySet.Builder();
                for (TrafficRollup.DaySet part : sets2) {
                    if (part.hashes() == null) throw new IllegalStateException("roll-up day " + k + " read without its vehicles");
                    for (int i = 0; i < part.size(); i++)
                        all.add(part.hashes()[i], part.counts() == null ? 0 : part.counts()[i], part.countries() == null ? null : part.countries()[i]);
                }
                TrafficRollup.DaySet united = all.build();
                // a part read without its per-vehicle counts still has its passages
                set = new TrafficRollup.DaySet(united.hashes(), united.counts(), united.countries(),
                        sets2.stream().mapToLong(TrafficRollup.DaySet::passages).sum());
            }
            out.add(new Cell(kp[0], Integer.parseInt(kp[1]), set, set.hashes() == null ? dayVehicles.get(k) : set.size()));
        });
        return out;
    }

    /**
     * What a statistic reads of the roll-up's sets: the counts only (passages and vehicles per camera day), the
     * vehicles, the vehicles with their passages, or with their countries.
     */
    private enum Parts { COUNTS, VEHICLES, PASSAGES, COUNTRIES }

    /** The index of the local day (of {@code days}, the window's day starts) that {@code t} falls in. */
    private static int dayOf(Instant[] days, Instant t) {
        int i = Arrays.binarySearch(days, t);
        return i >= 0 ? i : -i - 2;
    }

    private static Instant dayEnd(Instant[] days, int i, ZoneId zone) {
        return i + 1 < days.length ? days[i + 1] : LocalDate.ofInstant(days[i], zone).plusDays(1).atStartOfDay(zone).toInstant();
    }

    /**
     * The roll-up rows (columns {@code camera_id} and {@code bucket}) the caller may see: its own cameras, and a
     * camera shared with it from the first whole hour or day after its agreement began (the part before that is read
     * from the passages, {@link #liveRest}).
     */
    private static String rolledCameras(String bucket, Visibility v, java.util.function.Function<Instant, Object> ceil, List<Object> args) {
        if (v.all()) return "true";
        java.util.Set<String> own = new java.util.HashSet<>(v.passageCameras());
        own.removeAll(v.sharedPassagesFrom().keySet());
        StringBuilder sql = new StringBuilder("(camera_id = any(?)");
        args.add(own.toArray(String[]::new));
        v.sharedPassagesFrom().forEach((camera, f) -> {
            sql.append(" or (camera_id = ? and ").append(bucket).append(" >= ?)");
            args.add(camera);
            args.add(ceil.apply(f));
        });
        return sql.append(")").toString();
    }

    /**
     * The passages of {@code from}-{@code to} the roll-up does not answer for: before {@code rs} and from {@code re} on,
     * a shared camera's passages from its agreement's start to the next whole hour or day (the roll-up's rows of that
     * camera start there), and the buckets with late passages. Every part is a range of {@code observed_at}, so the
     * planner reads only the day partitions they fall in (a week the roll-up holds whole reads none).
     */
    private static String liveRest(Instant from, Instant to, Instant rs, Instant re, Visibility v, java.util.function.UnaryOperator<Instant> ceil,
                                   List<Object[]> late, List<Object> args) {
        StringBuilder sql = new StringBuilder("((p.observed_at >= ? and p.observed_at < ?) or (p.observed_at >= ? and p.observed_at < ?)");
        args.addAll(List.of(from, rs, re, to));
        for (Object[] l : late) {
            sql.append(" or (p.camera_id = ? and p.observed_at >= ? and p.observed_at < ?)");
            args.addAll(List.of(l));
        }
        if (!v.all()) v.sharedPassagesFrom().forEach((camera, f) -> {
            Instant whole = ceil.apply(f);
            if (!whole.equals(f)) {
                sql.append(" or (p.camera_id = ? and p.observed_at >= ? and p.observed_at < ?)");
                args.add(camera);
                args.add(f);
                args.add(whole);
            }
        });
        return sql.append(")").toString();
    }

    /** More hours or days with late passages than this: the whole window is read from the passages. */
    static final int MAX_LATE = 200;

    /**
     * The buckets (camera and index of {@code buckets}) of {@code rs}-{@code re} where a passage may have arrived after
     * the roll-up was refreshed: read from the passages, whole, until the next refresh has them.
     */
    private static java.util.Set<String> arrivedLate(Connection c, TrafficRollup.State state, Instant rs, Instant re, Instant[] buckets)
            throws SQLException {
        List<Object> args = new ArrayList<>();
        args.add(text(buckets));
        args.add(rs);
        args.add(re);
        String sql = "select distinct p.camera_id, width_bucket(p.observed_at, (select ?::timestamptz[])) from passage p"
                + " where p.observed_at >= ? and p.observed_at < ? and " + state.arrivedAfter(args);
        java.util.Set<String> out = new java.util.HashSet<>();
        each(c, sql, args, r -> out.add(r.getString(1) + "\n" + (r.getInt(2) - 1)));
        return out;
    }

    static Instant ceilHour(Instant t) {
        Instant h = t.truncatedTo(ChronoUnit.HOURS);
        return h.equals(t) ? t : h.plus(Duration.ofHours(1));
    }

    static Instant ceilDay(Instant t, ZoneId zone) {
        LocalDate d = LocalDate.ofInstant(t, zone);
        Instant start = d.atStartOfDay(zone).toInstant();
        return start.equals(t) ? t : d.plusDays(1).atStartOfDay(zone).toInstant();
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
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
     * country, or none read. A vehicle read with a country at one passage and without at another counts as read with it
     * (its greatest country, as {@code max(country)}). Counted in Java over the window's per-day sets ({@link #cells}).
     */
    public List<Vehicles> vehicles(Instant from, Instant to, ZoneId zone, String home, Visibility v) {
        Instant[] days = starts(from, to, zone, true);
        return inSnapshot(c -> {
            Map<String, List<Cell>> byCamera = new java.util.TreeMap<>();
            for (Cell cell : cells(c, from, to, zone, days, v, Parts.COUNTRIES)) byCamera.computeIfAbsent(cell.camera(), k -> new ArrayList<>()).add(cell);
            List<Vehicles> out = new ArrayList<>();
            Ids all = new Ids();
            String[] allCountry = new String[16];
            long allPassages = 0;
            Ids one = new Ids();
            for (Map.Entry<String, List<Cell>> e : byCamera.entrySet()) {
                one.clear();
                String[] country = new String[16];
                long passages = 0;
                for (Cell cell : e.getValue()) {
                    TrafficRollup.DaySet s = cell.set();
                    passages += s.passages();
                    for (int i = 0; i < s.size(); i++) {
                        int id = one.id(s.hashes()[i]);
                        if (id >= country.length) country = Arrays.copyOf(country, country.length * 2);
                        country[id] = TrafficRollup.greater(country[id], s.countries()[i]);
                        int g = all.id(s.hashes()[i]);
                        if (g >= allCountry.length) allCountry = Arrays.copyOf(allCountry, allCountry.length * 2);
                        allCountry[g] = TrafficRollup.greater(allCountry[g], s.countries()[i]);
                    }
                }
                allPassages += passages;
                out.add(countries(e.getKey(), passages, one.size(), country, home));
            }
            if (all.size() > 0) out.addFirst(countries(null, allPassages, all.size(), allCountry, home));
            return out;
        });
    }

    private static Vehicles countries(String camera, long passages, int vehicles, String[] country, String home) {
        long domestic = 0, foreign = 0, unknown = 0;
        for (int i = 0; i < vehicles; i++) {
            if (country[i] == null) unknown++;
            else if (country[i].equals(home)) domestic++;
            else foreign++;
        }
        return new Vehicles(camera, passages, vehicles, domestic, foreign, unknown);
    }

    /**
     * Vehicles and repeat visitors per camera ({@code groups} null), per camera group (each group's cameras as given;
     * a vehicle seen in a group counts once for it), or all together ({@code perCamera} false and {@code groups} null).
     * A vehicle's days are the distinct local days it was seen on under the key, its passages their sum.
     */
    public List<Repeat> repeat(Instant from, Instant to, ZoneId zone, RepeatRule rule, boolean perCamera, Map<String, List<String>> groups,
                               Visibility v) {
        Instant[] days = starts(from, to, zone, true);
        return inSnapshot(c -> {
            Map<String, List<String>> keysOf = new HashMap<>();
            if (groups != null) groups.forEach((code, members) -> members.forEach(m -> keysOf.computeIfAbsent(m, k -> new ArrayList<>()).add(code)));
            Map<String, List<Cell>> byKey = new java.util.TreeMap<>();
            List<Cell> everything = new ArrayList<>();
            for (Cell cell : cells(c, from, to, zone, days, v, rule.byDays() ? Parts.VEHICLES : Parts.PASSAGES)) {
                if (groups != null) {
                    for (String k : keysOf.getOrDefault(cell.camera(), List.of())) byKey.computeIfAbsent(k, x -> new ArrayList<>()).add(cell);
                } else if (perCamera) byKey.computeIfAbsent(cell.camera(), x -> new ArrayList<>()).add(cell);
                else everything.add(cell);
            }
            List<Repeat> out = new ArrayList<>();
            Ids ids = new Ids();
            if (groups == null && !perCamera) {
                if (!everything.isEmpty()) out.add(repeaters(null, everything, rule, ids));
            } else byKey.forEach((k, cells) -> out.add(repeaters(k, cells, rule, ids)));
            return out;
        });
    }

    private static Repeat repeaters(String key, List<Cell> cells, RepeatRule rule, Ids ids) {
        cells.sort(java.util.Comparator.comparingInt(Cell::day));
        ids.clear();
        int[] lastDay = new int[16];
        int[] seenDays = new int[16];
        long[] passages = new long[16];
        for (Cell cell : cells) {
            TrafficRollup.DaySet s = cell.set();
            for (int i = 0; i < s.size(); i++) {
                int id = ids.id(s.hashes()[i]);
                if (id >= lastDay.length) {
                    lastDay = Arrays.copyOf(lastDay, lastDay.length * 2);
                    seenDays = Arrays.copyOf(seenDays, seenDays.length * 2);
                    passages = Arrays.copyOf(passages, passages.length * 2);
                }
                if (lastDay[id] != cell.day() + 1) {
                    lastDay[id] = cell.day() + 1;
                    seenDays[id]++;
                }
                if (s.counts() != null) passages[id] += s.counts()[i];
            }
        }
        long repeaters = 0;
        for (int i = 0; i < ids.size(); i++) if ((rule.byDays() ? seenDays[i] : passages[i]) >= rule.min()) repeaters++;
        return new Repeat(key, ids.size(), repeaters);
    }

    /** Dense numbers for vehicle hashes (open addressing): counting distinct vehicles without a boxed set. */
    static final class Ids {
        private long[] keys = new long[1 << 10];
        private int[] ids = new int[1 << 10];
        private int size;

        int id(long key) {
            int mask = keys.length - 1;
            int slot = (int) (key ^ (key >>> 32)) & mask;
            while (ids[slot] != 0) {
                if (keys[slot] == key) return ids[slot] - 1;
                slot = (slot + 1) & mask;
            }
            keys[slot] = key;
            ids[slot] = ++size;
            if (size * 2 > keys.length) grow();
            return size - 1;
        }

        int size() {
            return size;
        }

        void clear() {
            Arrays.fill(ids, 0);
            size = 0;
        }

        private void grow() {
            long[] oldKeys = keys;
            int[] oldIds = ids;
            keys = new long[oldKeys.length * 2];
            ids = new int[oldIds.length * 2];
            int mask = keys.length - 1;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldIds[i] == 0) continue;
                int slot = (int) (oldKeys[i] ^ (oldKeys[i] >>> 32)) & mask;
                while (ids[slot] != 0) slot = (slot + 1) & mask;
                keys[slot] = oldKeys[i];
                ids[slot] = oldIds[i];
            }
        }
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

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** One read-only snapshot (repeatable read) for the roll-up and the passages read with it. */
    private <T> T inSnapshot(Work<T> work) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                T out = work.run(c);
                c.commit();
                return out;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + e.getMessage(), e);
        }
    }

    private interface Each {
        void row(ResultSet rs) throws SQLException;
    }

    /**
     * Runs a query on the snapshot's connection. Forced server-prepared so results come back binary: the roll-up's
     * vehicle sets are tens of megabytes of bytea over a week, which as hex text cost more than their counting.
     */
    private static void each(Connection c, String sql, List<Object> args, Each row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(-1);
            ps.setFetchSize(10_000);
            Sql.bind(c, ps, args.toArray());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) row.row(rs);
            }
        }
    }
}
