package org.openanpr.hit;

import org.openanpr.hotlist.Candidate;
import org.openanpr.hotlist.Matcher;
import org.openanpr.hotlist.ReadMatch;
import org.openanpr.passage.FindingStage;
import org.openanpr.passage.Passage;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The "match lists" stage: matches each read against the active lists in memory, then, in the storing transaction,
 * writes its hits, the scan counts and the hits' outbox rows; after the commit the outbox publishes the alerts.
 */
public final class HitStage implements FindingStage {
    private final Matcher matcher;
    private final HitStore hits;
    private final AlertOutbox outbox;

    public HitStage(Matcher matcher, HitStore hits, AlertOutbox outbox) {
        this.matcher = matcher;
        this.hits = hits;
        this.outbox = outbox;
    }

    @Override
    public String name() {
        return "match lists";
    }

    /** What matching found, by read id; reads without a match are absent. */
    private record Matches(Map<UUID, ReadMatch> byRead) implements Findings {
        ReadMatch of(Passage p) {
            return byRead.getOrDefault(p.id(), ReadMatch.NONE);
        }

        @Override
        public boolean found(Passage p) {
            return !of(p).hits().isEmpty();
        }
    }

    @Override
    public Findings examine(List<Passage> passages) {
        Map<UUID, ReadMatch> found = new HashMap<>();
        for (Passage p : passages) {
            // Only a country the camera sent: one inferred from the text is no evidence (see Passage).
            ReadMatch m = matcher.match(p.cameraId(), p.plate(), p.matchCountry(), p.observedAt(), p.lat(), p.lon());
            if (m != ReadMatch.NONE) found.put(p.id(), m);
        }
        return new Matches(found);
    }

    @Override
    public Publication write(Connection c, List<Claimed> group) throws SQLException {
        ScanCounts counts = new ScanCounts();
        boolean anyHit = false;
        for (Claimed claimed : group) {
            Matches matches = (Matches) claimed.findings();
            for (Passage p : claimed.passages()) {
                if (!claimed.ids().contains(p.id())) continue; // a resent read: counted the first time
                ReadMatch m = matches.of(p);
                counts.add(p.observedAt(), p.cameraId(), m.scannedLists(), m.scannedActions());
                anyHit |= !m.hits().isEmpty();
            }
        }
        counts.write(c);
        if (!anyHit) return Publication.NONE;
        List<NewHit> fresh = new ArrayList<>();
        Map<UUID, byte[]> plateImages = new HashMap<>();
        for (Claimed claimed : group) {
            Matches matches = (Matches) claimed.findings();
            for (Passage p : claimed.passages()) {
                if (!claimed.ids().contains(p.id())) continue;
                for (Candidate cand : matches.of(p).hits())
                    fresh.add(new NewHit(p.id(), p.observedAt(), p.cameraId(), p.plate(), p.country(), p.confidence(),
                            p.lat(), p.lon(), cand, cand.entry(), false, p.plateImage(), p.overviewImage(), null));
                if (p.plateImage() != null && matches.found(p)) plateImages.put(p.id(), p.plateImage());
            }
        }
        return outbox.record(c, hits.insert(c, fresh), plateImages);
    }
}
