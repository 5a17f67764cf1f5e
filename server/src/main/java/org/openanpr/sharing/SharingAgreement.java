package org.openanpr.sharing;

import java.time.Instant;
import java.util.List;

/** Organisation {@code from} shares {@code cameras} with organisation {@code to} for a purpose and a period. */
public record SharingAgreement(long id, String fromOrganisation, String toOrganisation, SharingPurpose purpose,
                               Instant validFrom, Instant validUntil, String reason, List<String> cameras,
                               String createdBy, Instant createdAt, Instant revokedAt, String revokedBy) {

    public enum Status { PLANNED, ACTIVE, EXPIRED, REVOKED }

    public Status status(Instant now) {
        if (revokedAt != null) return Status.REVOKED;
        if (now.isBefore(validFrom)) return Status.PLANNED;
        return now.isBefore(validUntil) ? Status.ACTIVE : Status.EXPIRED;
    }
}
