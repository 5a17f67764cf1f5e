package org.openanpr.hotlist;

import org.openanpr.action.ActionStore;
import org.openanpr.action.EnforcementAction;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Matches reads against the active reference lists, in memory. The lists, their entries and where they are switched
 * on are held as one immutable {@link Snapshot}; a change builds a new one on a background thread and swaps it in, so
 * ingest keeps matching against the previous snapshot meanwhile and never sees half a list.
 */
public final class Matcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Matcher.class);

    private final ListStore lists;
    private final ActivationStore activations;
    private final ActionStore actions;
    private final CameraRegistry cameras;
    private final Map<Long, List<ListEntry>> entriesByList = new ConcurrentHashMap<>();
    private final ExecutorService rebuilder = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hitlist-index");
        t.setDaemon(true);
        return t;
    });
    private volatile Snapshot snapshot;

    public Matcher(ListStore lists, ActivationStore activations, ActionStore actions, CameraRegistry cameras) {
        this.lists = lists;
        this.activations = activations;
        this.actions = actions;
        this.cameras = cameras;
        for (ReferenceList list : lists.all()) entriesByList.put(list.id(), load(list.id()));
        snapshot = build();
    }

    /** Reloads one list's entries and swaps in a new index; returns when the new index is live. */
    public void listChanged(long listId) {
        await(rebuilder.submit(() -> {
            if (lists.find(listId).isPresent()) entriesByList.put(listId, load(listId));
            else entriesByList.remove(listId);
            snapshot = build();
        }));
    }

    /** Activations, groups, actions or cameras changed: rebuild where lists are on, keeping the entries. */
    public void activationsChanged() {
        await(rebuilder.submit(() -> {
            snapshot = build();
        }));
    }

    public ReadMatch match(String cameraId, String plate, String country, Instant at, Double lat, Double lon) {
        Snapshot s = snapshot;
        Camera camera = cameras.find(cameraId).orElse(null);
        if (camera == null) return ReadMatch.NONE;
        Set<Long> fixed = s.fixedLists(camera);
        List<EnforcementAction> running = new ArrayList<>(2);
        for (EnforcementAction a : s.actionsByCamera().getOrDefault(cameraId, List.of()))
            if (a.runsAt(at) && a.organisation().equals(camera.organisation())) running.add(a);
        if (fixed.isEmpty() && running.isEmpty()) return ReadMatch.NONE;

        Set<Long> active = new HashSet<>(fixed);
        for (EnforcementAction a : running) active.addAll(a.lists());
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
            for (EnforcementAction a : running)
                if (a.lists().contains(list.id())) {
                    actionId = a.id();
                    break;
                }
            hits.add(new Candidate(list, m.entry().entryId(), m.entry().plate(), m.kind(), m.distance(), actionId));
        }
        return new ReadMatch(hits, active.stream().mapToLong(Long::longValue).toArray(),
                running.stream().mapToLong(EnforcementAction::id).toArray());
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

    private List<ListEntry> load(long listId) {
        List<ListEntry> out = new ArrayList<>();
        lists.forEachEntry(listId, e -> out.add(new ListEntry(e.id(), e.listId(), e.plate(),
                e.country().isEmpty() ? null : Country.of(e.country()), e.validFrom(), e.validUntil())));
        return out;
    }

    private Snapshot build() {
        long start = System.nanoTime();
        Map<Long, ReferenceList> byId = new HashMap<>();
        Map<Long, ListRules> rules = new HashMap<>();
        for (ReferenceList list : lists.all()) {
            byId.put(list.id(), list);
            rules.put(list.id(), rules(list));
        }
        List<ListEntry> all = new ArrayList<>();
        entriesByList.forEach((id, entries) -> {
            if (byId.containsKey(id)) all.addAll(entries);
        });
        HitIndex index = HitIndex.build(all, rules);

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
        Map<String, List<EnforcementAction>> actionsByCamera = new HashMap<>();
        for (EnforcementAction a : actions.all())
            for (String cam : a.cameras()) actionsByCamera.computeIfAbsent(cam, k -> new ArrayList<>()).add(a);
        log.info("hit-list index: {} entries in {} lists, built in {} ms", all.size(), byId.size(),
                (System.nanoTime() - start) / 1_000_000);
        return new Snapshot(index, byId, byCamera, byRegion, actionsByCamera);
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
    }

    private record Snapshot(HitIndex index, Map<Long, ReferenceList> lists, Map<String, Set<Long>> byCamera,
                            Map<String, Set<Long>> byRegion, Map<String, List<EnforcementAction>> actionsByCamera) {
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
