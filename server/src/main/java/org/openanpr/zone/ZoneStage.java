package org.openanpr.zone;

import org.openanpr.db.RequestTransaction;
import org.openanpr.access.OrganisationStore;
import org.openanpr.camera.Camera;
import org.openanpr.camera.CameraRegistry;
import org.openanpr.passage.FindingStage;
import org.openanpr.passage.Passage;
import org.openanpr.registry.VehicleRegistry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The "zones" stage of the read pipeline. For each new passage at an enforcement camera of a zone it decides, inside
 * the storing transaction and on its connection: the registry entry for the plate and the exemptions on file are read,
 * the zone's rules decide (core {@link ZoneRules}), and the decision is written with the registry data it used. A
 * violation or a case for review (unknown, foreign, unreadable, incomplete) opens or extends the vehicle's case for
 * that zone and day (at most one a day: one fine per vehicle per zone per day), with a copy of the images and of the
 * camera's state, so that the case outlives the passage. Nothing is published: cases wait in the review queue.
 */
public final class ZoneStage implements FindingStage {
    private final ZoneStore zones;
    private final VehicleRegistry registry;
    private final CameraRegistry cameras;
    private final OrganisationStore organisations;
    private final Clock clock;
    private volatile Map<String, List<Active>> byCamera = Map.of();
    /** Every exemption on file (any status), by zone id and plate: few enough to hold, read at each decision. */
    private volatile Map<String, List<Exemption>> exemptions = Map.of();
    private final ExemptionStore exemptionStore;

    record Active(Zone zone, ZoneRules rules, ZoneId timeZone) {
    }

    public ZoneStage(ZoneStore zones, ExemptionStore exemptionStore, VehicleRegistry registry, CameraRegistry cameras,
                     OrganisationStore organisations, Clock clock) {
        this.zones = zones;
        this.exemptionStore = exemptionStore;
        this.registry = registry;
        this.cameras = cameras;
        this.organisations = organisations;
        this.clock = clock;
        reload();
    }

    /** Takes the zones afresh from the database; called after every change to a zone. */
    public void reload() {
        RequestTransaction.nowAndAtEnd(this::load); // a change request's zones: what it committed, once it ends
    }

    private void load() {
        Map<String, List<Active>> next = new HashMap<>();
        for (Zone z : zones.all()) {
            ZoneId tz = organisations.timeZone(z.organisation());
            Active a = new Active(z, z.decider(tz), tz);
            for (String cam : z.cameras()) next.computeIfAbsent(cam, k -> new ArrayList<>()).add(a);
        }
        byCamera = Map.copyOf(next);
        loadExemptions();
    }

    /** Takes the exemptions afresh; called after every change to one, before the change is answered. */
    public void reloadExemptions() {
        RequestTransaction.nowAndAtEnd(this::loadExemptions);
    }

    private void loadExemptions() {
        Map<String, List<Exemption>> next = new HashMap<>();
        for (Exemption e : exemptionStore.all()) next.computeIfAbsent(e.zoneId() + "/" + e.plate(), k -> new ArrayList<>()).add(e);
        exemptions = next;
    }

    /** Whether any zone has enforcement cameras: without one, the stage does nothing. */
    public boolean hasZones() {
        return !byCamera.isEmpty();
    }

    public VehicleRegistry registry() {
        return registry;
    }

    @Override
    public String name() {
        return "zones";
    }

    private record AtZoneCameras(Set<UUID> ids) implements Findings {
        @Override
        public boolean found(Passage p) {
            return ids.contains(p.id());
        }
    }

    /** A passage at an enforcement camera is kept even where no-hit reads are not: it is decided, and may be evidence. */
    @Override
    public Findings examine(List<Passage> passages) {
        Map<String, List<Active>> now = byCamera;
        if (now.isEmpty()) return new AtZoneCameras(Set.of());
        Set<UUID> ids = new HashSet<>();
        for (Passage p : passages) if (now.containsKey(p.cameraId())) ids.add(p.id());
        return new AtZoneCameras(ids);
    }

    record Item(Passage passage, Active active, LocalDate day) {
    }

    @Override
    public Publication write(Connection c, List<Claimed> group) throws SQLException {
        Map<String, List<Active>> now = byCamera;
        if (now.isEmpty()) return Publication.NONE;
        List<Item> items = new ArrayList<>();
        for (Claimed claimed : group)
            for (Passage p : claimed.passages()) {
                if (!claimed.ids().contains(p.id())) continue;
                for (Active a : now.getOrDefault(p.cameraId(), List.of()))
                    items.add(new Item(p, a, LocalDate.ofInstant(p.observedAt(), a.timeZone())));
            }
        if (items.isEmpty()) return Publication.NONE;
        decide(c, items, clock.instant());
        return Publication.NONE;
    }

    /** What one item was decided, and on what. */
    record Decided(Decision decision, Vehicle vehicle, boolean asked, List<Exemption> onFile, Exemption used) {
    }

    /** Decides and writes. */
    void decide(Connection c, List<Item> items, Instant receivedAt) throws SQLException {
        write(c, items, evaluate(c, items), receivedAt);
    }

    /** Reads the registry and the exemptions on file for the items' plates (one query each) and decides each item. */
    List<Decided> evaluate(Connection c, List<Item> items) throws SQLException {
        Set<String> plates = new HashSet<>();
        for (Item i : items) {
            if (i.active().rules().anyInForce(i.passage().observedAt())) plates.add(i.passage().plate());
        }
        Map<String, Vehicle> vehicles = registry.lookup(c, plates);
        Map<String, List<Exemption>> onFile = exemptions;
        List<Decided> out = new ArrayList<>(items.size());
        for (Item i : items) {
            Passage p = i.passage();
            Zone z = i.active().zone();
            Vehicle v = vehicles.get(p.plate());
            List<Exemption> files = onFile.getOrDefault(z.id() + "/" + p.plate(), List.of());
            Exemption used = null;
            for (Exemption e : files)
                if (e.status() == Exemption.Status.APPROVED && !p.observedAt().isBefore(e.validFrom()) && p.observedAt().isBefore(e.validUntil())) {
                    used = e;
                    break;
                }
            Decision d = i.active().rules().decide(new ZoneRules.Sighting(p.plate(), p.country(), p.confidence(), p.observedAt()),
                    used != null, v);
            out.add(new Decided(d, v, plates.contains(p.plate()), files, used));
        }
        return out;
    }

    /**
     * Writes each decision with the registry data it used; a violation or a case for review opens the vehicle's case
     * for the zone and day, or counts one more passage on it; the counts per zone, day and outcome are appended.
     */
    void write(Connection c, List<Item> items, List<Decided> decided, Instant receivedAt) throws SQLException {
        // the vehicle's case for the zone and day: one upsert per case, however many of its passages are in the group
        Map<String, Integer> firstOfCase = new LinkedHashMap<>();
        Map<String, Integer> passagesOfCase = new HashMap<>();
        Set<String> casePlates = new HashSet<>();
        for (int n = 0; n < items.size(); n++) {
            Decision.Outcome o = decided.get(n).decision().outcome();
            if (o != Decision.Outcome.VIOLATION && o != Decision.Outcome.REVIEW) continue;
            String key = caseKey(items.get(n).active().zone().id(), items.get(n).passage().plate(), items.get(n).day());
            firstOfCase.putIfAbsent(key, n);
            passagesOfCase.merge(key, 1, Integer::sum);
            casePlates.add(items.get(n).passage().plate());
        }
        Map<String, Long> caseIds = new HashMap<>();
        if (!firstOfCase.isEmpty()) {
            Map<String, String[]> described = describe(c, casePlates);
            Set<Long> zonesOfCases = new HashSet<>();
            Set<LocalDate> days = new HashSet<>();
            try (PreparedStatement cas = c.prepareStatement("""
                    insert into zone_case (zone_id, organisation, plate, day, passage_id, observed_at, received_at, camera_id, camera,
                                           country, confidence, passages, reason, rule, vehicle, exemption_check, plate_image, overview_image)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?)
                    on conflict (zone_id, plate, day) do update set passages = zone_case.passages + excluded.passages""")) {
                for (Map.Entry<String, Integer> e : firstOfCase.entrySet()) {
                    Item i = items.get(e.getValue());
                    Decided x = decided.get(e.getValue());
                    Passage p = i.passage();
                    Zone z = i.active().zone();
                    org.openanpr.db.Sql.bind(c, cas, z.id(), z.organisation(), p.plate(), i.day(), p.id(), p.observedAt(), receivedAt,
                            p.cameraId(), cameraJson(p.cameraId()), p.country(), p.confidence(), passagesOfCase.get(e.getKey()),
                            x.decision().reason().name(), x.decision().rule(), vehicleJson(x.vehicle(), x.asked(), described.get(p.plate())),
                            exemptionJson(x.onFile(), receivedAt), p.plateImage(), p.overviewImage());
                    cas.addBatch();
                    zonesOfCases.add(z.id());
                    days.add(i.day());
                }
                cas.executeBatch();
            }
            try (PreparedStatement ids = c.prepareStatement(
                    "select id, zone_id, plate, day from zone_case where zone_id = any(?) and plate = any(?) and day = any(?)")) {
                ids.setArray(1, c.createArrayOf("bigint", zonesOfCases.toArray()));
                ids.setArray(2, c.createArrayOf("text", casePlates.toArray()));
                ids.setArray(3, c.createArrayOf("date", days.stream().map(java.sql.Date::valueOf).toArray()));
                try (ResultSet rs = ids.executeQuery()) {
                    while (rs.next()) caseIds.put(caseKey(rs.getLong(2), rs.getString(3), rs.getObject(4, LocalDate.class)), rs.getLong(1));
                }
            }
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        try (PreparedStatement dec = c.prepareStatement("""
                insert into zone_decision (zone_id, passage_id, observed_at, camera_id, plate, country, confidence, outcome, reason,
                                           rule, exemption_id, vehicle, case_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)""")) {
            for (int n = 0; n < items.size(); n++) {
                Item i = items.get(n);
                Decided x = decided.get(n);
                Passage p = i.passage();
                Zone z = i.active().zone();
                Decision d = x.decision();
                Long caseId = caseIds.get(caseKey(z.id(), p.plate(), i.day()));
                if (d.outcome() != Decision.Outcome.VIOLATION && d.outcome() != Decision.Outcome.REVIEW) caseId = null;
                org.openanpr.db.Sql.bind(c, dec, z.id(), p.id(), p.observedAt(), p.cameraId(), p.plate(), p.country(), p.confidence(),
                        d.outcome().name(), d.reason().name(), d.rule(), x.used() == null ? null : x.used().id(),
                        vehicleJson(x.vehicle(), x.asked(), null), caseId);
                dec.addBatch();
                counts.merge(z.id() + "|" + i.day() + "|" + d.outcome().name(), 1, Integer::sum);
            }
            dec.executeBatch();
        }
        try (PreparedStatement cnt = c.prepareStatement("insert into zone_count (zone_id, day, outcome, n) values (?, ?, ?, ?)")) {
            for (Map.Entry<String, Integer> e : counts.entrySet()) {
                String[] k = e.getKey().split("\\|");
                org.openanpr.db.Sql.bind(c, cnt, Long.parseLong(k[0]), LocalDate.parse(k[1]), k[2], e.getValue());
                cnt.addBatch();
            }
            cnt.executeBatch();
        }
    }

    private static String caseKey(long zone, String plate, LocalDate day) {
        return zone + "|" + plate + "|" + day;
    }

    /** Kind, make and model of the vehicles that get a case, for the reviewer and the evidence (not held in memory). */
    private static Map<String, String[]> describe(Connection c, Set<String> plates) throws SQLException {
        Map<String, String[]> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("select plate, kind, make, model from vehicle where plate = any(?)")) {
            ps.setArray(1, c.createArrayOf("text", plates.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3), rs.getString(4)});
            }
        }
        return out;
    }

    /** Time spent deciding (registry, exemptions, rules) and writing, for {@code bench zone}. */
    public record Timing(long evaluateNanos, long writeNanos, Map<Decision.Outcome, Integer> outcomes) {
    }

    /**
     * Runs passages through the stage as the pipeline does (all of them new), on the caller's connection; for the
     * benchmark, which times the two halves apart and may leave out the writing.
     */
    public Timing run(Connection c, List<Passage> passages, Instant receivedAt, boolean write) throws SQLException {
        Map<String, List<Active>> now = byCamera;
        List<Item> items = new ArrayList<>();
        for (Passage p : passages)
            for (Active a : now.getOrDefault(p.cameraId(), List.of()))
                items.add(new Item(p, a, LocalDate.ofInstant(p.observedAt(), a.timeZone())));
        long t0 = System.nanoTime();
        List<Decided> decided = evaluate(c, items);
        long t1 = System.nanoTime();
        if (write) write(c, items, decided, receivedAt);
        long t2 = System.nanoTime();
        Map<Decision.Outcome, Integer> outcomes = new java.util.EnumMap<>(Decision.Outcome.class);
        for (Decided d : decided) outcomes.merge(d.decision().outcome(), 1, Integer::sum);
        return new Timing(t1 - t0, t2 - t1, outcomes);
    }

    /** The registry data a decision used, with its source; null when the registry was not asked (no rule in force). */
    String vehicleJson(Vehicle v, boolean asked, String[] kindMakeModel) {
        if (!asked) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", registry.source());
        m.put("found", v != null);
        if (v != null) {
            m.put("kind", kindMakeModel != null ? kindMakeModel[0] : v.kind());
            m.put("make", kindMakeModel != null ? kindMakeModel[1] : v.make());
            m.put("model", kindMakeModel != null ? kindMakeModel[2] : v.model());
            m.put("category", v.category());
            m.put("fuels", v.fuels());
            m.put("zeroEmission", v.zeroEmission());
            m.put("euroClass", v.euroClass());
            m.put("maxMassKg", v.maxMassKg());
            m.put("firstAdmission", v.firstAdmission() == null ? null : v.firstAdmission().toString());
        }
        return json(m);
    }

    /** The camera as it stood when the passage was decided: its status and when it last delivered. */
    private String cameraJson(String id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        Camera cam = cameras.find(id).orElse(null);
        if (cam != null) {
            m.put("name", cam.name());
            m.put("status", cam.status().name());
            m.put("lat", cam.lat());
            m.put("lon", cam.lon());
            m.put("direction", cam.direction());
            m.put("lastReadAt", cam.lastReadAt() == null ? null : cam.lastReadAt().toString());
        }
        return json(m);
    }

    private static String exemptionJson(List<Exemption> files, Instant checkedAt) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("checkedAt", checkedAt.toString());
        m.put("validExemption", false);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Exemption e : files) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("id", e.id());
            x.put("kind", e.kind().name());
            x.put("status", e.status().name());
            x.put("validFrom", e.validFrom().toString());
            x.put("validUntil", e.validUntil().toString());
            list.add(x);
        }
        m.put("onFile", list);
        return json(m);
    }

    static String json(Object o) {
        try {
            return org.openanpr.http.Json.MAPPER.writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
