package org.openanpr.zone;

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

    record Active(Zone zone, ZoneRules rules, ZoneId timeZone) {
    }

    public ZoneStage(ZoneStore zones, VehicleRegistry registry, CameraRegistry cameras, OrganisationStore organisations, Clock clock) {
        this.zones = zones;
        this.registry = registry;
        this.cameras = cameras;
        this.organisations = organisations;
        this.clock = clock;
        reload();
    }

    /** Takes the zones afresh from the database; called after every change to a zone. */
    public void reload() {
        Map<String, List<Active>> next = new HashMap<>();
        for (Zone z : zones.all()) {
            ZoneId tz = organisations.timeZone(z.organisation());
            Active a = new Active(z, z.decider(tz), tz);
            for (String cam : z.cameras()) next.computeIfAbsent(cam, k -> new ArrayList<>()).add(a);
        }
        byCamera = Map.copyOf(next);
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

    /** Decides and writes; also what the benchmark times. Returns the decisions in the order of the items. */
    List<Decision> decide(Connection c, List<Item> items, Instant receivedAt) throws SQLException {
        Set<String> plates = new HashSet<>();
        Set<Long> zoneIds = new HashSet<>();
        for (Item i : items) {
            if (i.active().rules().anyInForce(i.passage().observedAt())) plates.add(i.passage().plate());
            zoneIds.add(i.active().zone().id());
        }
        Map<String, Vehicle> vehicles = registry.lookup(c, plates);
        Map<String, List<Exemption>> onFile = new HashMap<>();
        if (!plates.isEmpty())
            for (Exemption e : ExemptionStore.onFile(c, zoneIds.toArray(Long[]::new), plates.toArray(String[]::new)))
                onFile.computeIfAbsent(e.zoneId() + "/" + e.plate(), k -> new ArrayList<>()).add(e);

        List<Decision> decisions = new ArrayList<>(items.size());
        Map<String, Integer> counts = new LinkedHashMap<>();
        try (PreparedStatement dec = c.prepareStatement("""
                insert into zone_decision (zone_id, passage_id, observed_at, camera_id, plate, country, confidence, outcome, reason,
                                           rule, exemption_id, vehicle, case_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)""");
             PreparedStatement cas = c.prepareStatement("""
                insert into zone_case (zone_id, organisation, plate, day, passage_id, observed_at, received_at, camera_id, camera,
                                       country, confidence, reason, rule, vehicle, exemption_check, plate_image, overview_image)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?)
                on conflict (zone_id, plate, day) do update set passages = zone_case.passages + 1 returning id""")) {
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
                decisions.add(d);
                String vehicleJson = vehicleJson(v, plates.contains(p.plate()));
                Long caseId = null;
                if (d.outcome() == Decision.Outcome.VIOLATION || d.outcome() == Decision.Outcome.REVIEW) {
                    org.openanpr.db.Sql.bind(c, cas, z.id(), z.organisation(), p.plate(), i.day(), p.id(), p.observedAt(), receivedAt,
                            p.cameraId(), cameraJson(p.cameraId()), p.country(), p.confidence(), d.reason().name(), d.rule(), vehicleJson,
                            exemptionJson(files, receivedAt), p.plateImage(), p.overviewImage());
                    try (ResultSet rs = cas.executeQuery()) {
                        rs.next();
                        caseId = rs.getLong(1);
                    }
                }
                org.openanpr.db.Sql.bind(c, dec, z.id(), p.id(), p.observedAt(), p.cameraId(), p.plate(), p.country(), p.confidence(),
                        d.outcome().name(), d.reason().name(), d.rule(), used == null ? null : used.id(), vehicleJson, caseId);
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
        return decisions;
    }

    /** The registry data a decision used, with its source; null when the registry was not asked (no rule in force). */
    String vehicleJson(Vehicle v, boolean asked) {
        if (!asked) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", registry.source());
        m.put("found", v != null);
        if (v != null) {
            m.put("kind", v.kind());
            m.put("make", v.make());
            m.put("model", v.model());
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
