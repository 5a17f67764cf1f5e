package org.openanpr.hit;

import org.openanpr.access.Visibility;
import org.openanpr.db.Tx;
import org.openanpr.hotlist.Candidate;
import org.openanpr.hotlist.EntriesAdded;
import org.openanpr.hotlist.ListEntry;
import org.openanpr.hotlist.ListStore;
import org.openanpr.hotlist.Match;
import org.openanpr.hotlist.Matcher;
import org.openanpr.hotlist.ReferenceList;
import org.openanpr.hotlist.StoredEntry;
import org.openanpr.passage.PassageQuery;
import org.openanpr.passage.PassageSearch;
import org.openanpr.passage.PassageView;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * When entries are added to a list that may look back (a car reported stolen an hour ago), searches the stored
 * passages still within retention for them and records what it finds as historical hits, alerted like live ones.
 * Wildcard entries are not looked back for: a partly known plate over weeks of passages finds mostly innocents.
 */
public final class HistoricalHits implements EntriesAdded {
    /** More new entries than this are looked back for on a background thread, so the import answers at once. */
    static final int INLINE_LIMIT = 5_000;

    private final DataSource db;
    private final PassageSearch passages;
    private final ListStore lists;
    private final Matcher matcher;
    private final HitStore hits;
    private final AlertHub alerts;
    private final Duration retention;
    private final Clock clock;
    private final java.util.function.Function<String, Visibility> visibility;

    public HistoricalHits(DataSource db, PassageSearch passages, ListStore lists, Matcher matcher, HitStore hits,
                          AlertHub alerts, Duration retention, Clock clock,
                          java.util.function.Function<String, Visibility> visibility) {
        this.visibility = visibility;
        this.db = db;
        this.passages = passages;
        this.lists = lists;
        this.matcher = matcher;
        this.hits = hits;
        this.alerts = alerts;
        this.retention = retention;
        this.clock = clock;
    }

    public record Summary(int entriesChecked, int hits, boolean background) {
    }

    @Override
    public Summary entriesAdded(ReferenceList list, int version) {
        List<StoredEntry> added = lists.addedIn(list.id(), version);
        if (added.size() > INLINE_LIMIT) {
            Thread.ofVirtual().name("historical-hits-" + list.id()).start(() -> lookBack(list, added));
            return new Summary(added.size(), 0, true);
        }
        return new Summary(added.size(), lookBack(list, added), false);
    }

    private int lookBack(ReferenceList list, List<StoredEntry> added) {
        Instant now = clock.instant();
        // Only the passages the list's own organisation may see: a list never reaches into another's cameras.
        Visibility visible = visibility.apply(list.organisation());
        List<NewHit> found = new ArrayList<>();
        Map<UUID, byte[]> crops = new HashMap<>();
        for (StoredEntry entry : added) {
            if (entry.plate().indexOf(ListEntry.WILDCARD) >= 0) continue;
            PassageQuery q = new PassageQuery(entry.plate(), list.fuzzy(), null, now.minus(retention), now, 1000, null, true);
            for (PassageView p : passages.search(q, visible).passages()) {
                for (Match m : matcher.matchList(list.id(), p.plate(), null, p.time())) {
                    if (m.entry().entryId() != entry.id()) continue;
                    byte[] crop = p.hasImages() ? passages.image(p.id(), "plate", visible).orElse(null) : null;
                    byte[] overview = p.hasImages() ? passages.image(p.id(), "overview", visible).orElse(null) : null;
                    if (crop != null) crops.put(p.id(), crop);
                    found.add(new NewHit(p.id(), p.time(), p.camera(), p.plate(), p.country(), p.confidence(), p.lat(),
                            p.lon(), new Candidate(list, entry.id(), entry.plate(), m.kind(), m.distance(), null), entry,
                            true, crop, overview));
                }
            }
        }
        if (found.isEmpty()) return 0;
        List<UUID> stored;
        try {
            stored = Tx.sql(db, c -> hits.insert(c, found));
        } catch (SQLException e) {
            throw new IllegalStateException("could not store historical hits of list " + list.id(), e);
        }
        alerts.publish(HitStage.alertsFor(hits.find(stored), crops));
        return stored.size();
    }
}
