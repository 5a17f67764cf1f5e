package org.openanpr.passage;

import java.time.Instant;
import java.util.List;

/**
 * A passage search over the legal threshold, waiting for or given a second person's decision. An approval holds
 * until {@code validUntil}, for searches its scope covers, by the person who asked, under the same legal basis (case
 * number, offence and purpose).
 */
public record SearchRequest(long id, String organisation, String requestedBy, SearchScope scope, boolean openEnd,
                            LegalBasis legalBasis, List<String> reasons, Status status, String decidedBy, Instant decidedAt,
                            String decisionNote, Instant validUntil, Instant createdAt) {

    public enum Status { PENDING, APPROVED, REJECTED }

    /**
     * What the approval covers at {@code now}: a request filed without an end ({@code openEnd}) asked for "up to the
     * moment of searching", so its scope runs to now rather than to when it was filed.
     */
    public SearchScope scopeAt(Instant now) {
        if (!openEnd || !now.isAfter(scope.to())) return scope;
        return new SearchScope(scope.plate(), scope.fuzzy(), scope.camera(), scope.from(), now);
    }

    public boolean approvedAt(Instant now) {
        return status == Status.APPROVED && validUntil != null && now.isBefore(validUntil);
    }
}
