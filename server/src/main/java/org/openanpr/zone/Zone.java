package org.openanpr.zone;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * An access zone of a municipality: its area (GeoJSON), its enforcement cameras, its rules as data, the enforcement
 * chain its enforcement plan sets ({@link EnforcementPolicy}) and the traffic decision (verkeersbesluit) it rests on.
 * In a CORDON zone the cameras stand at the entries (a passage is an entry); in a FLEXIBLE zone they stand anywhere
 * inside it (presence counts). Either way one vehicle is decided once per passage and sanctioned at most once a day.
 */
public record Zone(long id, String organisation, String name, Kind kind, Mode mode, JsonNode area, List<String> cameras,
                   List<ZoneRule> rules, EnforcementPolicy policy, String trafficDecision, float minConfidence,
                   int keepCompliantHours, Instant createdAt) {

    public enum Kind { ZERO_EMISSION, ENVIRONMENTAL, PEDESTRIAN, BUS_LANE, OTHER }

    public enum Mode { CORDON, FLEXIBLE }

    public Zone {
        cameras = List.copyOf(cameras);
        rules = List.copyOf(rules);
    }

    public ZoneRules decider(ZoneId timeZone) {
        return new ZoneRules(rules, timeZone, minConfidence);
    }
}
