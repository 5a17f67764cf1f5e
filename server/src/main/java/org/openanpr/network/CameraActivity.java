package org.openanpr.network;

import org.openanpr.passage.FindingStage;
import org.openanpr.passage.Passage;

import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stage of the read pipeline that finds nothing: it counts each camera's new reads per minute of arrival, in
 * memory, for {@link CameraHealth}. Counted in {@link #write} (only reads that were new in the transaction, so a
 * resend is not traffic); written to the database by the health monitor, not in the ingest transaction, so ingest
 * never waits on a counter row.
 */
public final class CameraActivity implements FindingStage {
    private static final Findings NOTHING = p -> false;
    private final Clock clock;
    /** camera → minute (epoch minute of arrival) → reads not yet written to camera_activity. */
    private final Map<String, Map<Long, Long>> perMinute = new ConcurrentHashMap<>();
    /** camera → minute → reads, the last two hours: what the monitor observes. */
    private final Map<String, Map<Long, Long>> recent = new ConcurrentHashMap<>();
    /** camera → minute → {reads, sum of confidence, reads under {@link #MISREAD_BELOW}}, the last two hours. */
    private final Map<String, Map<Long, double[]>> quality = new ConcurrentHashMap<>();
    /**
     * camera → {arrival epoch second, arrival − camera time in seconds} of the last seconds in which its reads arrived
     * (the second's last read), newest last.
     */
    private final Map<String, java.util.ArrayDeque<long[]>> skews = new ConcurrentHashMap<>();
    /** A read this unsure is counted as a likely misread (the recogniser's own doubt; refused reads never get here). */
    static final double MISREAD_BELOW = 0.5;
    /** Reads older than this at arrival are a backlog or an import, not a camera's clock. */
    static final long BACKLOG_SECONDS = 24 * 3600;
    static final int SKEW_SAMPLES = 5;

    public CameraActivity(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "camera activity";
    }

    @Override
    public Findings examine(List<Passage> passages) {
        return NOTHING;
    }

    @Override
    public Publication write(Connection c, List<Claimed> group) {
        Instant now = clock.instant();
        long minute = now.getEpochSecond() / 60;
        Map<String, Long> counts = new HashMap<>();
        for (Claimed claimed : group)
            for (Passage p : claimed.passages())
                if (claimed.ids().contains(p.id())) {
                    counts.merge(p.cameraId(), 1L, Long::sum);
                    observe(p, now, minute);
                }
        counts.forEach((camera, n) -> {
            perMinute.computeIfAbsent(camera, k -> new ConcurrentHashMap<>()).merge(minute, n, Long::sum);
            recent.computeIfAbsent(camera, k -> new ConcurrentHashMap<>()).merge(minute, n, Long::sum);
        });
        return Publication.NONE;
    }

    /** The read's confidence and how far its camera time lies from its arrival. */
    private void observe(Passage p, Instant arrival, long minute) {
        double[] q = quality.computeIfAbsent(p.cameraId(), k -> new ConcurrentHashMap<>()).computeIfAbsent(minute, k -> new double[3]);
        synchronized (q) {
            q[0]++;
            q[1] += p.confidence();
            if (p.confidence() < MISREAD_BELOW) q[2]++;
        }
        long skew = arrival.getEpochSecond() - p.observedAt().getEpochSecond();
        if (skew > BACKLOG_SECONDS) return;
        java.util.ArrayDeque<long[]> d = skews.computeIfAbsent(p.cameraId(), k -> new java.util.ArrayDeque<>());
        synchronized (d) {
            // What arrives in one second is one look at the camera's clock, however many reads it carries: a batch of
            // the last hour's reads (a buffer emptied, history sent at a start) must not outvote the camera's live reads.
            long[] last = d.peekLast();
            if (last != null && last[0] == arrival.getEpochSecond()) {
                last[1] = skew;
                return;
            }
            d.addLast(new long[]{arrival.getEpochSecond(), skew});
            while (d.size() > SKEW_SAMPLES) d.removeFirst();
        }
    }

    /**
     * How far the camera's clock lies behind its reads' arrival, in seconds (negative: the camera is ahead), as the
     * median over the last seconds in which its reads arrived since {@code from}; null with fewer than 3 such seconds.
     */
    Long clockOffset(String camera, Instant from) {
        java.util.ArrayDeque<long[]> d = skews.get(camera);
        if (d == null) return null;
        List<Long> offsets = new java.util.ArrayList<>();
        synchronized (d) {
            for (long[] s : d) if (s[0] >= from.getEpochSecond()) offsets.add(s[1]);
        }
        if (offsets.size() < 3) return null;
        java.util.Collections.sort(offsets);
        return offsets.get(offsets.size() / 2);
    }

    /** Reads, their mean confidence and share of likely misreads, of those that arrived in [from, to). */
    public record Quality(long reads, double meanConfidence, double misreadShare) {
    }

    Quality quality(String camera, Instant from, Instant to) {
        Map<Long, double[]> minutes = quality.get(camera);
        if (minutes == null) return new Quality(0, 0, 0);
        long first = from.getEpochSecond() / 60, last = to.getEpochSecond() / 60;
        double n = 0, sum = 0, low = 0;
        for (Map.Entry<Long, double[]> e : minutes.entrySet()) {
            if (e.getKey() < first || e.getKey() >= last) continue;
            double[] q = e.getValue();
            synchronized (q) {
                n += q[0];
                sum += q[1];
                low += q[2];
            }
        }
        return n == 0 ? new Quality(0, 0, 0) : new Quality((long) n, sum / n, low / n);
    }

    /**
     * Adds the counts gathered since the last call to {@code camera_activity}, from which expected rates are learned,
     * and forgets what is older than two hours. The health monitor calls it in a serve node; a Kafka worker, whose
     * reads a serve node's monitor does not see, calls it itself.
     */
    public void writeCounts(javax.sql.DataSource db, Instant now) {
        drain().forEach((camera, hours) -> hours.forEach((hour, n) -> org.openanpr.db.Sql.update(db, """
                insert into camera_activity (camera_id, hour, reads) values (?, ?, ?)
                on conflict (camera_id, hour) do update set reads = camera_activity.reads + excluded.reads""", camera, hour, n)));
        prune(now);
    }

    /**
     * What this node saw of a camera's reads lately: for the health monitor, here or (written by a Kafka worker to
     * {@code camera_observation}) on a serve node.
     */
    public record Observation(Instant lastArrival, long lastHourReads, Long clockOffsetSeconds, Quality recent, Quality base) {
    }

    static final java.time.Duration QUALITY_WINDOW = java.time.Duration.ofMinutes(15);

    Observation observation(String camera, Instant now) {
        return new Observation(lastArrival(camera), since(camera, now.minus(java.time.Duration.ofHours(1))),
                clockOffset(camera, now.minus(QUALITY_WINDOW)),
                quality(camera, now.minus(QUALITY_WINDOW), now.plus(java.time.Duration.ofMinutes(1))),
                quality(camera, now.minus(java.time.Duration.ofHours(2)), now.minus(QUALITY_WINDOW)));
    }

    /** A Kafka worker's share of the health monitor: what it saw of each of its cameras lately, one row each. */
    public void writeObservations(javax.sql.DataSource db, Instant now) {
        for (String camera : List.copyOf(recent.keySet())) {
            if (recent.get(camera) == null || recent.get(camera).isEmpty()) continue;
            Observation o = observation(camera, now);
            org.openanpr.db.Sql.update(db, """
                    insert into camera_observation (camera_id, observed_at, last_arrival, last_hour_reads, clock_offset_seconds,
                        recent_reads, recent_confidence, recent_misreads, base_reads, base_confidence, base_misreads)
                    select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? where exists (select 1 from camera where id = ?)
                    on conflict (camera_id) do update set observed_at = excluded.observed_at, last_arrival = excluded.last_arrival,
                        last_hour_reads = excluded.last_hour_reads, clock_offset_seconds = excluded.clock_offset_seconds,
                        recent_reads = excluded.recent_reads, recent_confidence = excluded.recent_confidence,
                        recent_misreads = excluded.recent_misreads, base_reads = excluded.base_reads,
                        base_confidence = excluded.base_confidence, base_misreads = excluded.base_misreads""",
                    camera, now, o.lastArrival(), o.lastHourReads(), o.clockOffsetSeconds(), o.recent().reads(),
                    o.recent().meanConfidence(), o.recent().misreadShare(), o.base().reads(), o.base().meanConfidence(),
                    o.base().misreadShare(), camera);
        }
    }

    /** Takes every count not yet written, per camera and hour: what the monitor adds to camera_activity. */
    Map<String, Map<Instant, Long>> drain() {
        Map<String, Map<Instant, Long>> out = new HashMap<>();
        perMinute.forEach((camera, minutes) -> {
            for (Long m : List.copyOf(minutes.keySet())) {
                Long n = minutes.remove(m);
                if (n == null) continue;
                Instant hour = Instant.ofEpochSecond(m * 60).truncatedTo(ChronoUnit.HOURS);
                out.computeIfAbsent(camera, k -> new HashMap<>()).merge(hour, n, Long::sum);
            }
        });
        return out;
    }

    /** Reads of the camera that arrived from {@code from} on (within the last two hours). */
    long since(String camera, Instant from) {
        Map<Long, Long> minutes = recent.get(camera);
        if (minutes == null) return 0;
        long first = from.getEpochSecond() / 60;
        long n = 0;
        for (Map.Entry<Long, Long> e : minutes.entrySet()) if (e.getKey() >= first) n += e.getValue();
        return n;
    }

    /** When the camera's last read arrived (within the last two hours), or null. */
    Instant lastArrival(String camera) {
        Map<Long, Long> minutes = recent.get(camera);
        if (minutes == null || minutes.isEmpty()) return null;
        long last = -1;
        for (Long m : minutes.keySet()) last = Math.max(last, m);
        return last < 0 ? null : Instant.ofEpochSecond(last * 60 + 59);
    }

    /** Forgets observations older than two hours before {@code now}. */
    void prune(Instant now) {
        long limit = now.getEpochSecond() / 60 - 120;
        recent.values().forEach(m -> m.keySet().removeIf(k -> k < limit));
        quality.values().forEach(m -> m.keySet().removeIf(k -> k < limit));
    }
}
