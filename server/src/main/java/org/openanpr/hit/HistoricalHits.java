package org.openanpr.hit;

import org.openanpr.access.Visibility;
import org.openanpr.audit.AuditEntry;
import org.openanpr.audit.AuditLog;
import org.openanpr.db.Tx;
import org.openanpr.hotlist.Candidate;
import org.openanpr.hotlist.EntriesAdded;
import org.openanpr.hotlist.ListEntry;
import org.openanpr.hotlist.ListEntryStore;
import org.openanpr.hotlist.ListVersion;
import org.openanpr.hotlist.Match;
import org.openanpr.hotlist.Matcher;
import org.openanpr.hotlist.ReferenceList;
import org.openanpr.hotlist.StoredEntry;
import org.openanpr.passage.PassageQuery;
import org.openanpr.passage.PassageSearch;
import org.openanpr.passage.PassageView;
import org.openanpr.retention.RetentionPolicies;

import org.openanpr.passage.FindingStage;

import javax.sql.DataSource;
import java.sql.Connection;
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
 * passages of the last {@link #LOOK_BACK} for them and records what it finds as historical hits, alerted like live
 * ones. Wildcard entries are not looked back for: a partly known plate over weeks of passages finds mostly innocents.
 *
 * <p>A look-back is a passage search made for the list's purpose, not for a case: it reaches only as far as a list's
 * own legal basis allows without a case number and a second person's approval (a day; older passages need a passage
 * search with its legal basis), it is on the record as a passage search under the list's legal basis and purpose,
 * and a hit it finds is kept no longer than the passage it came from would have been.
 */
public final class HistoricalHits implements EntriesAdded {
    /** More new entries than this are looked back for on a background thread, so the import answers at once. */
    static final int INLINE_LIMIT = 5_000;
    /** How far a list looks back without a case and an approval: the within-threshold reach of a fuzzy search. */
    public static final Duration LOOK_BACK = Duration.ofHours(24);

    private final DataSource db;
    private final PassageSearch passages;
    private final ListEntryStore lists;
    private final Matcher matcher;
    private final HitStore hits;
    private final AlertOutbox alerts;
    private final Duration retention;
    private final Clock clock;
    private final java.util.function.Function<String, Visibility> visibility;
    private final RetentionPolicies policies;
    private final AuditLog audit;

    public HistoricalHits(DataSource db, PassageSearch passages, ListEntryStore lists, Matcher matcher, HitStore hits,
                          AlertOutbox alerts, Duration retention, Clock clock,
                          java.util.function.Function<String, Visibility> visibility, RetentionPolicies policies, AuditLog audit) {
        this.visibility = visibility;
        this.policies = policies;
        this.audit = audit;
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
        String importedBy = lists.versions(list.id()).stream().filter(v -> v.version() == version).map(ListVersion::importedBy)
                .findFirst().orElse("list " + list.id());
        if (added.size() > INLINE_LIMIT) {
            Thread.ofVirtual().name("historical-hits-" + list.id()).start(() -> lookBack(list, version, importedBy, added));
            return new Summary(added.size(), 0, true);
        }
        return new Summary(added.size(), lookBack(list, version, importedBy, added), false);
    }

    private int lookBack(ReferenceList list, int version, String importedBy, List<StoredEntry> added) {
        Instant now = clock.instant();
        Instant from = now.minus(LOOK_BACK.compareTo(retention) < 0 ? LOOK_BACK : retention);
        // Only the passages the list's own organisation may see: a list never reaches into another's cameras.
        Visibility visible = visibility.apply(list.organisation());
        List<NewHit> found = new ArrayList<>();
        Map<UUID, byte[]> crops = new HashMap<>();
        int searched = 0;
        for (StoredEntry entry : added) {
            if (entry.plate().indexOf(ListEntry.WILDCARD) >= 0) continue;
            searched++;
            PassageQuery q = new PassageQuery(entry.plate(), list.fuzzy(), null, from, now, 1000, null, true);
            for (PassageView p : passages.search(q, visible).passages()) {
                for (Match m : matcher.matchList(list.id(), p.plate(), null, p.time())) {
                    if (m.entry().entryId() != entry.id()) continue;
                    byte[] crop = p.hasImages() ? passages.image(p.id(), "plate", visible).orElse(null) : null;
                    byte[] overview = p.hasImages() ? passages.image(p.id(), "overview", visible).orElse(null) : null;
                    if (crop != null) crops.put(p.id(), crop);
                    // The passage would be purged then: a hit found in it is not a way to keep it longer.
                    Instant passageEnd = p.time().plus(Duration.ofDays(policies.forCamera(p.camera()).days()));
                    found.add(new NewHit(p.id(), p.time(), p.camera(), p.plate(), p.country(), p.confidence(), p.lat(),
                            p.lon(), new Candidate(list, entry, m.kind(), m.distance(), null), entry,
                            true, crop, overview, passageEnd));
                }
            }
        }
        if (searched > 0) recordSearch(list, version, importedBy, searched, from, now, found.size());
        if (found.isEmpty()) return 0;
        int[] stored = new int[1];
        FindingStage.Publication publication;
        try {
            // Stored and put in the outbox in one transaction; published after it, on a connection of its own.
            publication = Tx.sql(db, c -> {
                List<UUID> ids = hits.insert(c, found);
                stored[0] = ids.size();
                return alerts.record(c, ids, crops);
            });
        } catch (SQLException e) {
            throw new IllegalStateException("could not store historical hits of list " + list.id(), e);
        }
        try (Connection c = db.getConnection()) {
            publication.publish(c);
        } catch (SQLException e) {
            // Committed: what the outbox still holds is published by its replay.
        }
        return stored[0];
    }

    /** The look-back on the record like any passage search: who imported, under the list's legal basis and purpose. */
    private void recordSearch(ReferenceList list, int version, String importedBy, int entries, Instant from, Instant to, int hits) {
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("historicalHits", true);
        details.put("list", list.id());
        details.put("version", version);
        details.put("entries", entries);
        details.put("fuzzy", list.fuzzy());
        details.put("from", from.toString());
        details.put("to", to.toString());
        audit.record(new AuditEntry(importedBy, list.organisation(), AuditEntry.Action.PASSAGE_SEARCH,
                "list " + list.id() + " look-back", list.legalBasis(), null, list.purpose(), hits, details));
    }
}
