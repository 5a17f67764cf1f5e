package org.openanpr.hit;

import org.openanpr.hotlist.Candidate;
import org.openanpr.hotlist.Matcher;
import org.openanpr.hotlist.ReadMatch;
import org.openanpr.passage.MatchStage;
import org.openanpr.passage.Partitions;
import org.openanpr.passage.Passage;
import org.openanpr.retention.RetentionPolicies;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Matches each read, stores its hits and scan counts with the read, and alerts listeners once committed. */
public final class HitStage implements MatchStage {
    private final Matcher matcher;
    private final HitStore hits;
    private final AlertHub alerts;
    private final RetentionPolicies retention;

    public HitStage(Matcher matcher, HitStore hits, AlertHub alerts, RetentionPolicies retention) {
        this.retention = retention;
        this.matcher = matcher;
        this.hits = hits;
        this.alerts = alerts;
    }

    @Override
    public Pending match(List<Passage> passages) {
        Map<Passage, ReadMatch> found = new HashMap<>();
        for (Passage p : passages) {
            ReadMatch m = matcher.match(p.cameraId(), p.plate(), p.matchCountry(), p.observedAt(), p.lat(), p.lon());
            if (m != ReadMatch.NONE) found.put(p, m);
        }
        return new Pending() {
            private final List<UUID> stored = new ArrayList<>();
            private final Map<UUID, byte[]> plateImages = new HashMap<>();

            @Override
            public boolean keep(Passage p) {
                return found.containsKey(p) && !found.get(p).hits().isEmpty()
                        || retention.forCamera(p.cameraId()).keepsNoHitReads();
            }

            @Override
            public void record(Connection c, Set<UUID> inserted) throws SQLException {
                ScanCounts counts = new ScanCounts();
                List<NewHit> fresh = new ArrayList<>();
                for (Passage p : passages) {
                    if (!inserted.contains(p.id()) && keep(p)) continue; // a resent read: counted the first time
                    ReadMatch m = found.getOrDefault(p, ReadMatch.NONE);
                    counts.add(Partitions.dayOf(p.observedAt()), p.cameraId(), m.scannedLists(), m.scannedActions());
                }
                for (Passage p : passages) {
                    if (!inserted.contains(p.id())) continue;
                    for (Candidate cand : found.getOrDefault(p, ReadMatch.NONE).hits())
                        fresh.add(new NewHit(p.id(), p.observedAt(), p.cameraId(), p.plate(), p.country(), p.confidence(),
                                p.lat(), p.lon(), cand, cand.entry(), false, p.plateImage(), p.overviewImage(), null));
                }
                counts.write(c);
                for (NewHit h : fresh) if (h.plateImage() != null) plateImages.put(h.passageId(), h.plateImage());
                stored.addAll(hits.insert(c, fresh));
            }

            @Override
            public void afterCommit() {
                if (stored.isEmpty()) return;
                alerts.publish(alertsFor(hits.find(stored), plateImages));
            }
        };
    }

    static List<Alert> alertsFor(List<Hit> stored, Map<UUID, byte[]> plateImages) {
        List<Alert> out = new ArrayList<>(stored.size());
        for (Hit h : stored) {
            byte[] crop = plateImages.get(h.passageId());
            out.add(new Alert(h, crop == null ? null : Base64.getEncoder().encodeToString(crop),
                    h.hasOverview() ? "/api/v1/hits/" + h.id() + "/images/overview" : null));
        }
        return out;
    }
}
