package org.openanpr.zone;

/**
 * What a zone decides for one passage at one of its enforcement cameras, and why; {@code rule} names the rule that
 * was broken (VIOLATION) or whose facts were missing (REVIEW INCOMPLETE).
 */
public record Decision(Outcome outcome, Reason reason, String rule) {

    public enum Outcome {
        /** No rule in force, the rule does not apply to the vehicle, or an allowance admits it. */
        COMPLIANT,
        /** A valid exemption (ontheffing) covers the plate, zone and moment. */
        EXEMPT,
        /** A rule in force applies and no allowance admits the vehicle. */
        VIOLATION,
        /** A person must look: never a fine without one. */
        REVIEW
    }

    public enum Reason {
        NO_RULE_IN_FORCE, NOT_SUBJECT, ALLOWED, EXEMPTION, NOT_ALLOWED,
        /** Confidence below the zone's minimum, or no valid plate. */
        UNREADABLE,
        /** A plate of another country: not in the Dutch registry. */
        FOREIGN,
        /** A Dutch plate the registry does not know. */
        UNKNOWN,
        /** The registry lacks a fact the rule needs (category, fuel, mass, Euro class, first admission). */
        INCOMPLETE
    }

    public static Decision of(Outcome o, Reason r) {
        return new Decision(o, r, null);
    }
}
