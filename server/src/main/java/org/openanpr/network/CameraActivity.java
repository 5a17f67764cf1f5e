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
        long minute = clock.instant().getEpochSecond() / 60;
        Map<String, Long> counts = new HashMap<>();
        for (Claimed claimed : group)
            for (Passage p : claimed.passages())
                if (claimed.ids().contains(p.id())) counts.merge(p.cameraId(), 1L, Long::sum);
        counts.forEach((camera, n) -> {
            perMinute.computeIfAbsent(camera, k -> new ConcurrentHashMap<>()).merge(minute, n, Long::sum);
            recent.computeIfAbsent(camera, k -> new ConcurrentHashMap<>()).merge(minute, n, Long::sum);
        });
        return Publication.NONE;
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
    }
}
