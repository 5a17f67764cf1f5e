package org.openanpr.passage;

import java.time.Instant;
import java.util.List;

/**
 * A passage search over the legal threshold, waiting for or given a second person's decision. An approval holds
 * until {@code validUntil}, for searches its scope covers, by the person who asked, under the same case number.
 */
public record SearchRequest(long id, String organisation, String requestedBy, SearchScope scope, LegalBasis legalBasis,
                            List<String> reasons, Status status, String decidedBy, Instant decidedAt, String decisionNote,
                            Instant validUntil, Instant createdAt) {

    public enum Status { PENDING, APPROVED, REJECTED }

    public boolean approvedAt(Instant now) {
        return status == Status.APPROVED && validUntil != null && now.isBefore(validUntil);
    }
}
