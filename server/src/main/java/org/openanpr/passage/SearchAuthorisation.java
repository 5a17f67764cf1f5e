package org.openanpr.passage;

import org.openanpr.access.Principal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Decides whether a passage search may run: it needs a legal basis, and over the threshold an approval by a second
 * person that covers it. The decision names its reason either way, for the caller and for the audit log.
 */
public final class SearchAuthorisation {
    private final SearchRequestStore requests;
    private final SearchUsage usage;
    private final ApprovalThreshold threshold;
    private final Clock clock;

    public SearchAuthorisation(SearchRequestStore requests, SearchUsage usage, ApprovalThreshold threshold, Clock clock) {
        this.requests = requests;
        this.usage = usage;
        this.threshold = threshold;
        this.clock = clock;
    }

    public sealed interface Decision {
        record Allowed(LegalBasis basis, Long approval) implements Decision {
        }

        record Refused(String reason, boolean approvalRequired, List<String> reasons) implements Decision {
        }
    }

    public List<String> reasons(SearchScope scope) {
        return threshold.reasons(scope, clock.instant());
    }

    public Decision decide(Principal who, SearchScope scope, String caseNumber, String offence, String purpose, Long approvalId) {
        return decide(who, scope, caseNumber, offence, purpose, approvalId, false);
    }

    /**
     * As {@link #decide}, for an aggregate statistic over every vehicle (counts, small cells suppressed, no plate
     * returned): the same legal basis and approval checks, but only reach and span call for approval
     * ({@link ApprovalThreshold#aggregateReasons}), and the run is not added to the every-vehicle time the person used.
     */
    public Decision decideAggregate(Principal who, SearchScope scope, String caseNumber, String offence, String purpose, Long approvalId) {
        return decide(who, scope, caseNumber, offence, purpose, approvalId, true);
    }

    private Decision decide(Principal who, SearchScope scope, String caseNumber, String offence, String purpose, Long approvalId,
                            boolean aggregate) {
        LegalBasis basis;
        try {
            basis = LegalBasis.of(caseNumber, offence, purpose);
        } catch (LegalBasis.MissingLegalBasis e) {
            return new Decision.Refused(e.getMessage(), false, List.of());
        }
        Instant now = clock.instant();
        if (approvalId != null) {
            SearchRequest r = requests.find(approvalId).orElse(null);
            if (r == null || !r.organisation().equals(who.organisation()) || !r.requestedBy().equals(who.label()))
                return new Decision.Refused("approval " + approvalId + " is not one of your search requests", false, List.of());
            if (!r.approvedAt(now))
                return new Decision.Refused("search request " + approvalId + " is " + (r.status() == SearchRequest.Status.APPROVED
                        ? "approved but expired at " + r.validUntil() : r.status().name().toLowerCase()), r.status() != SearchRequest.Status.REJECTED, List.of());
            // The approval was given for a case, an offence and a purpose together: none of them may be swapped.
            if (!r.legalBasis().equals(basis))
                return new Decision.Refused("approval " + approvalId + " was given for case " + r.legalBasis().caseNumber()
                        + ", offence " + r.legalBasis().offence() + ", purpose '" + r.legalBasis().purpose()
                        + "'; search with exactly that legal basis", false, List.of());
            if (!r.scopeAt(now).covers(scope))
                return new Decision.Refused("approval " + approvalId + " does not cover this search (approved: plate "
                        + r.scope().plate() + ", camera " + r.scope().camera() + ", " + r.scope().from() + " to " + r.scope().to()
                        + (r.scope().fuzzy() ? ", fuzzy" : "") + ")", false, List.of());
            return new Decision.Allowed(basis, approvalId);
        }
        if (aggregate) {
            List<String> over = threshold.aggregateReasons(scope, now);
            if (!over.isEmpty())
                return new Decision.Refused("this statistic needs approval by a second person: " + String.join("; ", over)
                        + ". File it with POST /api/v1/search-requests and run it again with approval=<id>", true, over);
            return new Decision.Allowed(basis, null);
        }
        // Counted per person and case over a sliding window, so that splitting a search does not avoid approval.
        List<String> over = usage.admit(who.label(), basis.caseNumber(), scope, now, now.minus(threshold.usageWindow()),
                earlier -> threshold.reasons(scope, now, earlier));
        if (!over.isEmpty())
            return new Decision.Refused("this search needs approval by a second person: " + String.join("; ", over)
                    + ". File it with POST /api/v1/search-requests and search again with approval=<id>", true, over);
        return new Decision.Allowed(basis, null);
    }
}
