package org.openanpr.zone;

import java.time.Instant;

/**
 * An exemption or privilege (ontheffing) for one plate in one zone for a period: applied for, then approved or refused.
 * Only an approved one whose period holds the passage makes it EXEMPT.
 */
public record Exemption(long id, String organisation, long zoneId, String plate, Kind kind, Instant validFrom, Instant validUntil,
                        Status status, String applicant, String note, String createdBy, Instant createdAt, String decidedBy,
                        Instant decidedAt, String decisionNote) {

    public enum Kind { DISABLED_BADGE, MARKET_VENDOR, CARE_PROVIDER, EMERGENCY_SERVICES, DAY_PASS, HYBRID_ELECTRIC_MODE, OTHER }

    public enum Status { APPLIED, APPROVED, REFUSED }

    /** At most this long: a longer privilege is a rule, not an exemption. */
    public static final java.time.Duration LONGEST = java.time.Duration.ofDays(5 * 366);
}
