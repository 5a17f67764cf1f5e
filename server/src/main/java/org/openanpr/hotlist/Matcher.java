package org.openanpr.hotlist;

import org.openanpr.camera.Camera;
import org.openanpr.camera.CameraRegistry;
import org.openanpr.plate.Country;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Matches reads against the active reference lists, in memory. The lists, their entries and where they are switched
 * on are held as one immutable {@link Snapshot}; a change makes a new one on a background thread and swaps it in, so
 * ingest keeps matching against the previous snapshot meanwhile and never sees half a list. Each entry in the
 * snapshot carries its reason and amount, so a hit found against the previous snapshot still carries the entry it
 * matched after a replace has given every entry a new id.
 *
 * <p>Only a replace (or a list deleted) builds the entry index afresh. A delta import is laid over the index
 * ({@link HitIndex#withChanges}) until the changes laid over grow large; switching lists on or off, camera groups and
 * enforcement actions leave the entry index alone and remake only where lists are on.
 */
public final class Matcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Matcher.class);
    /** Changes laid over an index beyond which it is built afresh: matching then probes two layers no longer. */
    private static final int MAX_LAYERED = 50_000;
    /** How long a replace of this process being written holds off loading the same version from the database. */
    private static final long OWN_IMPORT_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(2);

    private final ListStore lists;
    private final ListEntryStore entryStore;
    private final ActivationStore activations;
    private final TimedActivation.Source actions;
    private final CameraRegistry cameras;
    /** Only the rebuilder thread writes these. */
    private final Map<Long, List<ListEntry>> entriesByList = new ConcurrentHashMap<>();
    private final Map<Long, Integer> versionByList = new ConcurrentHashMap<>();
    private final ExecutorService rebuilder = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hitlist-index");
        t.setDaemon(true);
        return t;
    });
    private volatile Snapshot snapshot;
    /**
     * Counts every change to {@link #entriesByList} (on the rebuilder thread), so that an index prepared beside an
     * import's copy is used only when nothing else changed meanwhile.
     */
    private final java.util.concurrent.atomic.AtomicLong entriesGeneration = new java.util.concurrent.atomic.AtomicLong();
    /** An index being built for a replace that is still being written, or null. */
    private volatile Prepared prepared;
    private final ExecutorService preparer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hitlist-index-prepare");
        t.setDaemon(true);
        return t;
    });

    /** The index of the lists as they will be once {@code version} of {@code listId} is committed. */
    private record Prepared(long listId, int version, List<ListEntry> entries, long generation, Map<Long, ListRules> rules,
                            Future<HitIndex> index, long since) {
    }

    public Matcher(ListStore lists, ListEntryStore entryStore, ActivationStore activations,
                   TimedActivation.Source actions, CameraRegistry cameras) {
        this.lists = lists;
        this.entryStore = entryStore;
        this.activations = activations;
        this.actions = actions;
        this.cameras = cameras;
        for (ReferenceList list : lists.all()) reload(list);
        Lists held = lists();
        snapshot = new Snapshot(buildIndex(held), held.byId(), held.rules(), routing(held.byId()));
    }

    /**
     * A list was created or deleted: reloads its entries and builds the entry index afresh; returns when the new
     * index is live. A list created empty changes no entries and is only added to the lists.
     */
    public void listChanged(long listId) {
        await(rebuilder.submit(() -> {
            Optional<ReferenceList> list = lists.find(listId);
            boolean hadEntries = !entriesByList.getOrDefault(listId, List.of()).isEmpty();
            list.ifPresentOrElse(this::reload, () -> removeEntries(listId));
            Lists held = lists();
            boolean entriesSame = !hadEntries && entriesByList.getOrDefault(listId, List.of()).isEmpty();
            HitIndex index = entriesSame ? snapshot.index() : buildIndex(held);
            snapshot = new Snapshot(index, held.byId(), held.rules(), routing(held.byId()));
        }));
    }

    /**
     * A replace stored {@code imported.entries()} as the list's new version: builds the index afresh with them, read
     * from the import rather than back from the database; returns when the new index is live. A replace that
     * finishes after a later version of the list is already held changes nothing.
     */
    public void listReplaced(long listId, ListEntryStore.Imported imported) {
        await(rebuilder.submit(() -> {
            int version = imported.version().version();
            Integer held = versionByList.get(listId);
            if (held != null && held >= version) return;
            Prepared ready = prepared;
            if (ready != null && ready.listId() == listId) prepared = null;
            long generation = entriesGeneration.get();
            putEntries(listId, imported.entries(), version);
            Lists lists = lists();
            if (!lists.byId().containsKey(listId)) { // deleted meanwhile
                removeEntries(listId);
            }
            // The very entries committed (a failed import's version number may be taken again by the next one).
            HitIndex index = ready != null && ready.listId() == listId && ready.entries() == imported.entries()
                    && ready.generation() == generation && ready.rules().equals(lists.rules())
                    && lists.byId().containsKey(listId) ? preparedIndex(ready) : null;
            snapshot = new Snapshot(index != null ? index : buildIndex(lists), lists.byId(), lists.rules(), routing(lists.byId()));
        }));
    }

    /**
     * A replace of {@code listId} to {@code version} is about to be written with these entries: builds the index as it
     * will be after that commit, beside the database's work, for {@link #listReplaced} to take if nothing else
     * changed by then (else it builds afresh, as without this). Returns at once.
     */
    public void prepareReplace(long listId, int version, List<ListEntry> entries) {
        long generation = entriesGeneration.get();
        Lists lists = lists();
        if (!lists.byId().containsKey(listId)) return;
        Map<Long, List<ListEntry>> after = new HashMap<>(entriesByList);
        after.put(listId, entries);
        prepared = new Prepared(listId, version, entries, generation, lists.rules(),
                preparer.submit(() -> buildIndex(after, lists)), System.nanoTime());
    }

    private HitIndex preparedIndex(Prepared ready) {
        try {
            return ready.index().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            log.warn("the index prepared for list {} failed; building it afresh", ready.listId(), e.getCause());
            return null;
        }
    }

    private void putEntries(long listId, List<ListEntry> entries, int version) {
        entriesByList.put(listId, entries);
        versionByList.put(listId, version);
        entriesGeneration.incrementAndGet();
    }

    private void removeEntries(long listId) {
        entriesByList.remove(listId);
        versionByList.remove(listId);
        entriesGeneration.incrementAndGet();
    }

    /**
     * A delta import changed some of a list's entries: lays them over the index instead of building it afresh;
     * returns when they are live. Falls back to a reload when the import is not the next version the matcher holds
     * (imports finished in another order than they committed) or the layered changes have grown large.
     */
    public void entriesChanged(long listId, ListEntryStore.Imported imported) {
        await(rebuilder.submit(() -> {
            Snapshot s = snapshot;
            int version = imported.version().version();
            Integer held = versionByList.get(listId);
            ReferenceList list = s.lists().get(listId);
            if (list == null || held == null || held != version - 1) {
                log.info("list {} version {} after version {}: reloading it", listId, version, held);
                rebuildFor(listId);
                return;
            }
            List<ListEntry> added = imported.entries();
            // An entry already held (loaded with a reload that saw this import's commit) is replaced, never doubled.
            Set<Long> removed = new HashSet<>(imported.removedIds());
            for (ListEntry e : added) removed.add(e.entryId());
            if (s.index().changedEntries() + added.size() + removed.size() > MAX_LAYERED) {
                rebuildFor(listId);
                return;
            }
            List<ListEntry> now = new ArrayList<>(entriesByList.getOrDefault(listId, List.of()).size() + added.size());
            for (ListEntry e : entriesByList.getOrDefault(listId, List.of()))
                if (!removed.contains(e.entryId())) now.add(e);
            now.addAll(added);
            putEntries(listId, now, version);
            snapshot = new Snapshot(s.index().withChanges(added, removed, s.rules()), s.lists(), s.rules(), s.routing());
        }));
    }

    /**
     * Another process stored version {@code version} of the list (or created it): loads it again unless, by the time
     * this runs, the matcher holds that version or a later one (this process's own import got there first); returns
     * when it is live.
     */
    public void versionStored(long listId, int version) {
        await(rebuilder.submit(() -> {
            Integer held = versionByList.get(listId);
            if (held != null && held >= version) return;
            // This process's own replace, committed and on its way here with its entries: reading a million of them
            // back from the database would only make it wait. One that failed is loaded on a later call.
            Prepared own = prepared;
            if (own != null && own.listId() == listId && own.version() == version
                    && System.nanoTime() - own.since() < OWN_IMPORT_NANOS) return;
            rebuildFor(listId);
        }));
    }

    /** The version of the list whose entries the matcher holds; null for a list it does not hold. */
    public Integer heldVersion(long listId) {
        return versionByList.get(listId);
    }

    /** Activations, groups, actions or cameras changed: remakes where lists are on, keeping the entry index. */
    public void activationsChanged() {
        await(rebuilder.submit(() -> {
            Snapshot s = snapshot;
            snapshot = new Snapshot(s.index(), s.lists(), s.rules(), routing(s.lists()));
        }));
    }

    public ReadMatch match(String cameraId, String plate, String country, Instant at, Double lat, Double lon) {
        Snapshot s = snapshot;
        Camera camera = cameras.find(cameraId).orElse(null);
        if (camera == null) return ReadMatch.NONE;
        Set<Long> fixed = s.routing().fixedLists(camera);
        List<TimedActivation> running = new ArrayList<>(2);
        for (TimedActivation a : s.routing().actionsByCamera().getOrDefault(cameraId, List.of()))
            if (a.runsAt(at) && a.organisation().equals(camera.organisation())) running.add(a);
        if (fixed.isEmpty() && running.isEmpty()) return ReadMatch.NONE;

        Set<Long> active = new HashSet<>(fixed);
        for (TimedActivation a : running) active.addAll(a.lists());
        // An activation is trusted only while the camera belongs to the list's organisation: one left behind by a
        // camera that changed hands (or written around the API) never shows one organisation another's traffic.
        active.removeIf(id -> s.lists().get(id) == null || !s.lists().get(id).organisation().equals(camera.organisation()));
        if (active.isEmpty()) return ReadMatch.NONE;
        Sighting sighting = new Sighting(plate, country == null ? null : Country.of(country), at, camera.direction(),
                lat != null ? lat : camera.lat(), lon != null ? lon : camera.lon());
        List<Match> matches = s.index().match(sighting, active::contains);
        List<Candidate> hits = new ArrayList<>(matches.size());
        for (Match m : matches) {
            ReferenceList list = s.lists().get(m.entry().listId());
            Long actionId = null;
            for (TimedActivation a : running)
                if (a.lists().contains(list.id())) {
                    actionId = a.id();
                    break;
                }
            hits.add(new Candidate(list, StoredEntry.of(m.entry()), m.kind(), m.distance(), actionId));
        }
        return new ReadMatch(hits, active.stream().mapToLong(Long::longValue).toArray(),
                running.stream().mapToLong(TimedActivation::id).toArray());
    }

    /** Matches {@code plate} against one list alone, ignoring where it is active: for historical hits. */
    public List<Match> matchList(long listId, String plate, String country, Instant at) {
        Snapshot s = snapshot;
        return s.index().match(new Sighting(plate, country == null ? null : Country.of(country), at, null, null, null),
                id -> id == listId);
    }

    public int entryCount(long listId) {
        return entriesByList.getOrDefault(listId, List.of()).size();
    }

    private void reload(ReferenceList list) {
        List<ListEntry> out = new ArrayList<>();
        entryStore.forEachEntry(list.id(), out::add);
        // entries committed after the version was read are loaded too, and the next delta reloads to be sure
        putEntries(list.id(), out, list.currentVersion());
    }

    private void rebuildFor(long listId) {
        lists.find(listId).ifPresent(this::reload);
        Lists held = lists();
        snapshot = new Snapshot(buildIndex(held), held.byId(), held.rules(), routing(held.byId()));
    }

    private record Lists(Map<Long, ReferenceList> byId, Map<Long, ListRules> rules) {
    }

    private Lists lists() {
        Map<Long, ReferenceList> byId = new HashMap<>();
        Map<Long, ListRules> rules = new HashMap<>();
        for (ReferenceList list : lists.all()) {
            byId.put(list.id(), list);
            rules.put(list.id(), rules(list));
        }
        return new Lists(Map.copyOf(byId), Map.copyOf(rules));
    }

    private HitIndex buildIndex(Lists held) {
        return buildIndex(entriesByList, held);
    }

    /** The index of {@code entries} of the lists held (also for a replace's entries before they are held). */
    private static HitIndex buildIndex(Map<Long, List<ListEntry>> entriesByList, Lists held) {
        long start = System.nanoTime();
        List<ListEntry> all = new ArrayList<>();
        entriesByList.forEach((id, entries) -> {
            if (held.byId().containsKey(id)) all.addAll(entries);
        });
        HitIndex index = HitIndex.build(all, held.rules());
        log.info("hit-list index: {} entries in {} lists, built in {} ms", all.size(), held.byId().size(),
                (System.nanoTime() - start) / 1_000_000);
        return index;
    }

    /** Where each list is on, and which enforcement actions run at each camera. */
    private Routing routing(Map<Long, ReferenceList> byId) {
        Map<String, Set<Long>> byCamera = new HashMap<>();
        Map<String, Set<Long>> byRegion = new HashMap<>();
        Map<String, List<String>> groupMembers = new HashMap<>();
        for (CameraGroup g : activations.groups()) groupMembers.put(g.code(), g.cameras());
        for (Activation a : activations.all()) {
            if (!byId.containsKey(a.listId())) continue;
            switch (a.scope()) {
                case CAMERA -> byCamera.computeIfAbsent(a.target(), k -> new HashSet<>()).add(a.listId());
                case GROUP -> {
                    for (String cam : groupMembers.getOrDefault(a.target(), List.of()))
                        byCamera.computeIfAbsent(cam, k -> new HashSet<>()).add(a.listId());
                }
                case REGION -> byRegion.computeIfAbsent(a.target(), k -> new HashSet<>()).add(a.listId());
            }
        }
        Map<String, List<TimedActivation>> actionsByCamera = new HashMap<>();
        for (TimedActivation a : actions.all())
            for (String cam : a.cameras()) actionsByCamera.computeIfAbsent(cam, k -> new ArrayList<>()).add(a);
        return new Routing(byCamera, byRegion, actionsByCamera);
    }

    static ListRules rules(ReferenceList list) {
        ListConditions c = list.conditions();
        TimeWindow window = c.hours() == null ? null : new TimeWindow(
                c.hours().days() == null ? null : Set.copyOf(c.hours().days()), c.hours().from(), c.hours().to(),
                c.hours().zoneId());
        Area area = c.area() == null ? null : Area.of(c.area().stream().map(p -> new double[] {p.get(0), p.get(1)}).toList());
        return new ListRules(list.id(), list.fuzzy(), list.priority(), Set.copyOf(c.directions()), window, area);
    }

    private static void await(Future<?> f) {
        try {
            f.get();
        } catch (Exception e) {
            throw new IllegalStateException("rebuilding the hit-list index failed", e);
        }
    }

    @Override
    public void close() {
        rebuilder.shutdownNow();
        preparer.shutdownNow();
    }

    private record Snapshot(HitIndex index, Map<Long, ReferenceList> lists, Map<Long, ListRules> rules,
                            Routing routing) {
    }

    private record Routing(Map<String, Set<Long>> byCamera, Map<String, Set<Long>> byRegion,
                           Map<String, List<TimedActivation>> actionsByCamera) {
        Set<Long> fixedLists(Camera camera) {
            Set<Long> cam = byCamera.getOrDefault(camera.id(), Set.of());
            Set<Long> region = byRegion.getOrDefault(camera.organisation(), Set.of());
            if (region.isEmpty()) return cam;
            if (cam.isEmpty()) return region;
            Set<Long> both = new HashSet<>(cam);
            both.addAll(region);
            return both;
        }
    }
}
