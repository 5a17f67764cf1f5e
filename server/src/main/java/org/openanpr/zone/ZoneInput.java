package org.openanpr.zone;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashSet;
import java.util.List;

/** A zone as sent to {@code POST /api/v1/zones} or {@code PUT /api/v1/zones/{id}}, before validation. */
public record ZoneInput(String name, String organisation, Zone.Kind kind, Zone.Mode mode, JsonNode area, List<String> cameras,
                        List<ZoneRule> rules, EnforcementPolicy policy, String trafficDecision, Float minConfidence,
                        Integer keepCompliantHours) {

    public ZoneInput withOrganisation(String o) {
        return new ZoneInput(name, o, kind, mode, area, cameras, rules, policy, trafficDecision, minConfidence, keepCompliantHours);
    }

    public Zone validate() {
        if (name == null || name.isBlank() || name.length() > 200) throw new IllegalArgumentException("name: required, at most 200 characters");
        if (organisation == null || organisation.isBlank()) throw new IllegalArgumentException("organisation: required");
        if (kind == null) throw new IllegalArgumentException("kind: one of " + List.of(Zone.Kind.values()));
        if (mode == null) throw new IllegalArgumentException("mode: CORDON (entry cameras) or FLEXIBLE (cameras anywhere in the zone)");
        GeoJson.area(area);
        if (cameras == null || cameras.isEmpty() || cameras.size() > 500) throw new IllegalArgumentException("cameras: 1 to 500 enforcement cameras");
        for (String c : cameras) if (c == null || c.isBlank()) throw new IllegalArgumentException("cameras: an empty camera id");
        if (rules == null || rules.isEmpty() || rules.size() > 50) throw new IllegalArgumentException("rules: 1 to 50 rules");
        if (rules.stream().map(ZoneRule::name).distinct().count() != rules.size()) throw new IllegalArgumentException("rules: names must differ");
        if (policy == null) throw new IllegalArgumentException("policy: the enforcement chain (toleranceUntil, warningFirst, recidivistTermDays, fineAmounts) is required");
        if (trafficDecision == null || trafficDecision.isBlank() || trafficDecision.length() > 500)
            throw new IllegalArgumentException("trafficDecision: the traffic decision (verkeersbesluit) reference is required, at most 500 characters");
        float conf = minConfidence == null ? 0.8f : minConfidence;
        if (!(conf >= 0 && conf <= 1)) throw new IllegalArgumentException("minConfidence: 0 to 1");
        int keep = keepCompliantHours == null ? 24 : keepCompliantHours;
        if (keep < 1 || keep > 720) throw new IllegalArgumentException("keepCompliantHours: 1 to 720");
        return new Zone(0, organisation.strip(), name.strip(), kind, mode, area, List.copyOf(new LinkedHashSet<>(cameras.stream().map(String::strip).toList())),
                rules, policy, trafficDecision.strip(), conf, keep, null);
    }
}
