package org.openanpr.zone;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * The decision for one passage in a zone, in this order: no rule in force → compliant; an exemption → exempt (before
 * anything could be raised, and foreign vehicles can hold one); a read not good enough → review; a foreign plate →
 * review; a plate the registry does not know → review; then each rule in force that applies: no allowance admits the
 * vehicle → violation; a fact missing to tell → review. Pure: the registry's answer and the exemption check come in.
 */
public final class ZoneRules {
    private final List<ZoneRule> rules;
    private final ZoneId zone;
    private final float minConfidence;

    public ZoneRules(List<ZoneRule> rules, ZoneId zone, float minConfidence) {
        this.rules = List.copyOf(rules);
        this.zone = zone;
        this.minConfidence = minConfidence;
    }

    /** The passage as the zone needs it: the plate (null when not a valid plate), its country, the read's confidence. */
    public record Sighting(String plate, String country, float confidence, Instant at) {
    }

    /** Whether any rule is in force at this moment; when none is, nothing needs the registry. */
    public boolean anyInForce(Instant at) {
        return anyInForce(LocalDate.ofInstant(at, zone), at);
    }

    private boolean anyInForce(LocalDate day, Instant at) {
        for (ZoneRule r : rules) if (r.inForce(day, at, zone)) return true;
        return false;
    }

    /**
     * @param exempt  whether an approved exemption covers the plate in this zone at this moment
     * @param vehicle the registry's entry for the plate, or null when it has none
     */
    public Decision decide(Sighting s, boolean exempt, Vehicle vehicle) {
        LocalDate day = LocalDate.ofInstant(s.at(), zone);
        if (!anyInForce(day, s.at())) return Decision.of(Decision.Outcome.COMPLIANT, Decision.Reason.NO_RULE_IN_FORCE);
        if (exempt) return Decision.of(Decision.Outcome.EXEMPT, Decision.Reason.EXEMPTION);
        if (s.plate() == null || s.confidence() < minConfidence)
            return Decision.of(Decision.Outcome.REVIEW, Decision.Reason.UNREADABLE);
        if (s.country() != null && !"NL".equals(s.country())) return Decision.of(Decision.Outcome.REVIEW, Decision.Reason.FOREIGN);
        if (vehicle == null) return Decision.of(Decision.Outcome.REVIEW, Decision.Reason.UNKNOWN);
        boolean subject = false;
        String incomplete = null;
        for (ZoneRule r : rules) {
            if (!r.inForce(day, s.at(), zone)) continue;
            Boolean applies = r.appliesTo(vehicle);
            if (applies == null) {
                if (incomplete == null) incomplete = r.name();
                continue;
            }
            if (!applies) continue;
            subject = true;
            boolean admitted = false;
            boolean unknown = false;
            for (Allowance a : r.allowances()) {
                if (!a.inForce(day)) continue;
                Boolean ok = a.admits(vehicle);
                if (ok == null) unknown = true;
                else if (ok) {
                    admitted = true;
                    break;
                }
            }
            if (admitted) continue;
            if (unknown) {
                if (incomplete == null) incomplete = r.name();
                continue;
            }
            return new Decision(Decision.Outcome.VIOLATION, Decision.Reason.NOT_ALLOWED, r.name());
        }
        if (incomplete != null) return new Decision(Decision.Outcome.REVIEW, Decision.Reason.INCOMPLETE, incomplete);
        return Decision.of(Decision.Outcome.COMPLIANT, subject ? Decision.Reason.ALLOWED : Decision.Reason.NOT_SUBJECT);
    }
}
