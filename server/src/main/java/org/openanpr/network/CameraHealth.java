package org.openanpr.network;

import org.openanpr.camera.Camera;
import org.openanpr.camera.CameraRegistry;
import org.openanpr.db.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Whether each camera reads as it normally does. Its expected rate is learned per hour of the week: the mean of the
 * same hour in up to four earlier weeks, or, with less than a week of history, the mean hour of the last day. Every
 * few seconds each active camera is judged: SILENT when no read arrived for three of its normal gaps (at least
 * 15 minutes) at an hour it normally reads at least 4 times; CLOCK when its reads' camera time, over the last seconds
 * in which they arrived (a batch is one), lies more than 90 seconds ahead of their arrival, or more than 10 minutes behind (a clock off, or reads held back), and until it is
 * back within half of that (so that a camera whose reads arrive about as late as the limit is not flagged and cleared
 * at every other round, each time a health event and a message to the control room); DEGRADED when in
 * the last 15 minutes its mean confidence fell by 0.15 or more, or its share of likely misreads (confidence under
 * 0.5) rose by 0.25 or more, against the hour and three quarters before; LOW when the last hour brought under a
 * fifth of the expected reads (where at least 20 are expected); LEARNING with less than two hours of history;
 * otherwise OK. Every change is a health event (the camera's history) and goes to the listener (the feeds); a camera
 * that reads again, or again reads well, is OK again at the next judgement.
 */
public final class CameraHealth implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CameraHealth.class);
    static final Duration MIN_SILENCE = Duration.ofMinutes(15);
    static final double SILENCE_GAPS = 3;
    static final double SILENT_FROM_PER_HOUR = 4;
    static final double LOW_FROM_PER_HOUR = 20;
    static final double LOW_SHARE = 0.2;
    static final Duration KEPT = Duration.ofDays(35);
    /** Below the pipeline's own limit (reads over 5 minutes ahead are refused): a drifting clock shows before that. */
    static final Duration CLOCK_AHEAD = Duration.ofSeconds(90);
    static final Duration CLOCK_BEHIND = Duration.ofMinutes(10);
    static final Duration QUALITY_WINDOW = Duration.ofMinutes(15);
    static final long QUALITY_MIN_READS = 10;
    static final long BASELINE_MIN_READS = 30;
    static final double CONFIDENCE_DROP = 0.15;
    static final double MISREAD_RISE = 0.25;

    public enum State { OK, SILENT, LOW, LEARNING, CLOCK, DEGRADED }

    /**
     * A camera's health now.
     *
     * @param clockOffsetSeconds how far its last reads' camera time lies behind their arrival (negative: ahead)
     * @param meanConfidence     its reads' mean confidence over the last 15 minutes
     * @param misreadShare       the share of those reads with a confidence under 0.5
     */
    public record Status(String camera, State state, Instant since, String reason, Double expectedPerHour,
                         Double observedLastHour, Instant lastReadAt, Long clockOffsetSeconds, Double meanConfidence,
                         Double misreadShare) {
    }

    /** One change of a camera's health. */
    public record Event(Instant at, State state, String reason, Double expectedPerHour, Double observedLastHour,
                        Long clockOffsetSeconds, Double meanConfidence) {
    }

    /** A change of a camera's health, as the feeds carry it ({@code id}: the change's own, stable). */
    public record Change(java.util.UUID id, String camera, String organisation, State previous, State state, String reason,
                         Instant at, Double expectedPerHour, Double observedPerHour) {
    }

    private volatile java.util.function.Consumer<Change> listener = c -> { };

    private final DataSource db;
    private final CameraRegistry cameras;
    private final CameraActivity activity;
    private final Clock clock;
    private final Instant started;
    private final Map<String, Status> current = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "camera-health");
        t.setDaemon(true);
        return t;
    });
    private Instant lastPurge = Instant.EPOCH;

    public CameraHealth(DataSource db, CameraRegistry cameras, CameraActivity activity, Clock clock) {
        this.db = db;
        this.cameras = cameras;
        this.activity = activity;
        this.clock = clock;
        this.started = clock.instant();
        for (Status s : Sql.list(db, """
                select distinct on (camera_id) camera_id, state, at, reason, expected_per_hour, observed_per_hour
                from camera_health_event order by camera_id, at desc, id desc""",
                rs -> new Status(rs.getString(1), State.valueOf(rs.getString(2)), rs.getTimestamp(3).toInstant(), rs.getString(4),
                        (Double) rs.getObject(5), (Double) rs.getObject(6), null, null, null, null)))
            current.put(s.camera(), s);
        timer.scheduleWithFixedDelay(this::tick, 2, 2, TimeUnit.SECONDS);
    }

    /** Who hears of each change (the feeds, for the control rooms); one listener. */
    public void onChange(java.util.function.Consumer<Change> listener) {
        this.listener = listener;
    }

    private void tick() {
        try {
            judge();
        } catch (RuntimeException e) {
            log.warn("judging camera health failed; retried in 2 s: {}", e.getMessage());
        }
    }

    /** Writes the counts gathered since the last round and judges every active camera. */
    synchronized void judge() {
        Instant now = clock.instant();
        activity.writeCounts(db, now);
        if (now.isAfter(lastPurge.plus(Duration.ofHours(1)))) {
            Sql.update(db, "delete from camera_activity where hour < ?", now.minus(KEPT));
            lastPurge = now;
        }
        Map<String, Double> expected = expected(now);
        Stored stored = stored(now);
        for (Camera c : cameras.all()) {
            if (c.status() != Camera.CameraStatus.ACTIVE) continue;
            Status before = current.get(c.id());
            Status s = judge(c, expected.get(c.id()), stored, now, before == null ? null : before.state());
            if (before == null || before.state() != s.state()) {
                long id = Sql.list(db, "insert into camera_health_event (camera_id, at, state, reason, expected_per_hour, observed_per_hour, "
                                + "clock_offset_seconds, mean_confidence) values (?, ?, ?, ?, ?, ?, ?, ?) returning id", rs -> rs.getLong(1),
                        c.id(), now, s.state().name(), s.reason(), s.expectedPerHour(), s.observedLastHour(), s.clockOffsetSeconds(),
                        s.meanConfidence()).getFirst();
                // Shown once it is on the record: the history never lags behind the state now.
                current.put(c.id(), s);
                if (before != null) log.info("camera {}: {} → {} ({})", c.id(), before.state(), s.state(), s.reason());
                // The first judgement after a start is no change: a camera LEARNING or OK from nothing tells no one anything.
                if (before != null || (s.state() != State.LEARNING && s.state() != State.OK)) notify(new Change(
                        java.util.UUID.nameUUIDFromBytes(("openanpr/camera-health/" + id).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                        c.id(), c.organisation(), before == null ? null : before.state(), s.state(), s.reason(), now,
                        s.expectedPerHour(), s.observedLastHour()));
            } else {
                current.put(c.id(), new Status(c.id(), before.state(), before.since(), s.reason(), s.expectedPerHour(),
                        s.observedLastHour(), s.lastReadAt(), s.clockOffsetSeconds(), s.meanConfidence(), s.misreadShare()));
            }
        }
    }

    private void notify(Change change) {
        try {
            listener.accept(change);
        } catch (RuntimeException e) {
            log.warn("camera {}: passing on the health change failed: {}", change.camera(), e.getMessage());
        }
    }

    /**
     * What other nodes wrote of the cameras' reads (Kafka workers store reads this node never sees): each camera's
     * last read time, and its reads in the last hour estimated from the hourly counts (this hour's, and the part of
     * the previous hour still inside the last 60 minutes).
     */
    private record Stored(Map<String, Instant> lastRead, Map<String, Double> lastHour,
                          Map<String, CameraActivity.Observation> observations) {
    }

    /** A worker's observation counts while it is this fresh (it writes every 2 s). */
    static final Duration OBSERVATION_FRESH = Duration.ofMinutes(2);

    private Stored stored(Instant now) {
        Map<String, Instant> last = new HashMap<>();
        for (Object[] r : Sql.list(db, "select id, last_read_at from camera where last_read_at is not null",
                rs -> new Object[]{rs.getString(1), rs.getTimestamp(2).toInstant()}))
            last.put((String) r[0], (Instant) r[1]);
        Instant hour = now.truncatedTo(ChronoUnit.HOURS);
        double previousShare = 1 - Duration.between(hour, now).toSeconds() / 3600.0;
        Map<String, Double> lastHour = new HashMap<>();
        for (Object[] r : Sql.list(db, "select camera_id, hour, reads from camera_activity where hour >= ?",
                rs -> new Object[]{rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getLong(3)}, hour.minus(Duration.ofHours(1))))
            lastHour.merge((String) r[0], ((Instant) r[1]).isBefore(hour) ? (Long) r[2] * previousShare : (Long) r[2], Double::sum);
        Map<String, CameraActivity.Observation> observations = new HashMap<>();
        for (Object[] r : Sql.list(db, """
                        select camera_id, last_arrival, last_hour_reads, clock_offset_seconds, recent_reads, recent_confidence,
                               recent_misreads, base_reads, base_confidence, base_misreads
                        from camera_observation where observed_at >= ?""",
                rs -> new Object[]{rs.getString(1), new CameraActivity.Observation(Sql.instant(rs.getTimestamp(2)), rs.getLong(3),
                        (Long) rs.getObject(4), new CameraActivity.Quality(rs.getLong(5), rs.getDouble(6), rs.getDouble(7)),
                        new CameraActivity.Quality(rs.getLong(8), rs.getDouble(9), rs.getDouble(10)))},
                now.minus(OBSERVATION_FRESH)))
            observations.put((String) r[0], (CameraActivity.Observation) r[1]);
        return new Stored(last, lastHour, observations);
    }

    /** @param before the camera's state until now; null: not judged before */
    private Status judge(Camera c, Double expected, Stored stored, Instant now, State before) {
        // What this node saw of the camera's reads; where it saw none, what a Kafka worker saw (its observation).
        CameraActivity.Observation seen = activity.observation(c.id(), now);
        CameraActivity.Observation worker = stored.observations().get(c.id());
        if (seen.lastArrival() == null && worker != null) seen = worker;
        Instant last = latest(latest(seen.lastArrival(), c.lastReadAt()), stored.lastRead().get(c.id()));
        double observed = Math.max(seen.lastHourReads(), stored.lastHour().getOrDefault(c.id(), 0.0));
        Long offset = seen.clockOffsetSeconds();
        CameraActivity.Quality q = seen.recent();
        CameraActivity.Quality base = seen.base();
        Double confidence = q.reads() == 0 ? null : q.meanConfidence();
        Double misreads = q.reads() == 0 ? null : q.misreadShare();
        record Verdict(State state, String reason) {
        }
        Verdict v;
        Duration silentAfter = expected == null ? null
                : Duration.ofSeconds(Math.max(MIN_SILENCE.toSeconds(), (long) (SILENCE_GAPS * 3600 / Math.max(expected, 0.01))));
        boolean watchedAnHour = !now.isBefore(started.plus(Duration.ofHours(1)));
        if (expected != null && expected >= SILENT_FROM_PER_HOUR && (last == null || Duration.between(last, now).compareTo(silentAfter) >= 0))
            v = new Verdict(State.SILENT, String.format(Locale.ROOT, "no read for %d min; normally %.0f reads an hour now",
                    last == null ? -1 : Duration.between(last, now).toMinutes(), expected));
        else if (offset != null && -offset > clockLimit(CLOCK_AHEAD, before))
            v = new Verdict(State.CLOCK, String.format(Locale.ROOT, "camera clock %s ahead: its reads are dated after they arrive", span(-offset)));
        else if (offset != null && offset > clockLimit(CLOCK_BEHIND, before))
            v = new Verdict(State.CLOCK, String.format(Locale.ROOT, "reads arrive %s after their camera time: clock behind, or reads held back", span(offset)));
        else if (q.reads() >= QUALITY_MIN_READS && base.reads() >= BASELINE_MIN_READS && base.meanConfidence() - q.meanConfidence() >= CONFIDENCE_DROP)
            v = new Verdict(State.DEGRADED, String.format(Locale.ROOT, "mean confidence %.2f in the last 15 min; %.2f before",
                    q.meanConfidence(), base.meanConfidence()));
        else if (q.reads() >= QUALITY_MIN_READS && base.reads() >= BASELINE_MIN_READS && q.misreadShare() - base.misreadShare() >= MISREAD_RISE)
            v = new Verdict(State.DEGRADED, String.format(Locale.ROOT, "%.0f%% likely misreads (confidence under %.1f) in the last 15 min; %.0f%% before",
                    100 * q.misreadShare(), CameraActivity.MISREAD_BELOW, 100 * base.misreadShare()));
        else if (expected == null)
            v = new Verdict(State.LEARNING, "less than two hours of history");
        else if (expected >= LOW_FROM_PER_HOUR && watchedAnHour && observed < LOW_SHARE * expected)
            v = new Verdict(State.LOW, String.format(Locale.ROOT, "%.0f reads in the last hour; normally %.0f", observed, expected));
        else
            v = new Verdict(State.OK, String.format(Locale.ROOT, "%.0f reads in the last hour; normally %.0f", observed, expected));
        return new Status(c.id(), v.state(), now, v.reason(), expected, observed, last, offset, confidence, misreads);
    }

    /** The offset beyond which a camera is CLOCK: the limit, or half of it for one that is CLOCK already. */
    private static long clockLimit(Duration limit, State before) {
        return before == State.CLOCK ? limit.toSeconds() / 2 : limit.toSeconds();
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    private static String span(long seconds) {
        return seconds >= 5400 ? String.format(Locale.ROOT, "%.1f h", seconds / 3600.0) : (seconds / 60) + " min";
    }

    /**
     * Expected reads per hour now, per camera: the mean of this hour of the week in the earlier weeks it has history
     * for (up to four), else the mean hour of the last day (hours without reads count as zero); absent with less than
     * two hours of history.
     */
    Map<String, Double> expected(Instant now) {
        Instant hour = now.truncatedTo(ChronoUnit.HOURS);
        Map<String, Double> out = new HashMap<>();
        Map<String, Instant> first = new HashMap<>();
        for (Object[] r : Sql.list(db, "select camera_id, min(hour) from camera_activity group by camera_id",
                rs -> new Object[]{rs.getString(1), rs.getTimestamp(2).toInstant()}))
            first.put((String) r[0], (Instant) r[1]);
        Map<String, Long> weekly = new HashMap<>();
        for (Object[] r : Sql.list(db, "select camera_id, sum(reads) from camera_activity where hour = any(?::timestamptz[]) group by camera_id",
                rs -> new Object[]{rs.getString(1), rs.getLong(2)}, (Object) new String[]{
                        hour.minus(Duration.ofDays(7)).toString(), hour.minus(Duration.ofDays(14)).toString(),
                        hour.minus(Duration.ofDays(21)).toString(), hour.minus(Duration.ofDays(28)).toString()}))
            weekly.put((String) r[0], (Long) r[1]);
        Map<String, Long> lastDay = new HashMap<>();
        for (Object[] r : Sql.list(db, "select camera_id, sum(reads) from camera_activity where hour >= ? and hour < ? group by camera_id",
                rs -> new Object[]{rs.getString(1), rs.getLong(2)}, hour.minus(Duration.ofHours(24)), hour))
            lastDay.put((String) r[0], (Long) r[1]);
        first.forEach((camera, since) -> {
            long weeks = Math.min(4, Duration.between(since, hour).toDays() / 7);
            if (weeks >= 1) {
                out.put(camera, weekly.getOrDefault(camera, 0L) / (double) weeks);
                return;
            }
            long hours = Math.min(24, Duration.between(since, hour).toHours());
            if (hours >= 2) out.put(camera, lastDay.getOrDefault(camera, 0L) / (double) hours);
        });
        return out;
    }

    /** The health of these cameras now (those judged at least once). */
    public List<Status> now(java.util.Collection<String> cameraIds) {
        return cameraIds.stream().map(current::get).filter(java.util.Objects::nonNull)
                .sorted(java.util.Comparator.comparing(Status::camera)).toList();
    }

    /** A camera's health history, newest first. */
    public List<Event> history(String camera, int limit) {
        return Sql.list(db, "select at, state, reason, expected_per_hour, observed_per_hour, clock_offset_seconds, mean_confidence "
                        + "from camera_health_event where camera_id = ? order by at desc, id desc limit ?",
                rs -> new Event(rs.getTimestamp(1).toInstant(), State.valueOf(rs.getString(2)), rs.getString(3),
                        (Double) rs.getObject(4), (Double) rs.getObject(5), (Long) rs.getObject(6), (Double) rs.getObject(7)),
                camera, limit);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
