package org.openanpr.passage;

import io.javalin.http.Context;
import org.openanpr.access.Principal;
import org.openanpr.audit.AuditEntry;
import org.openanpr.audit.AuditLog;
import org.openanpr.http.ApiException;
import org.openanpr.http.Params;

import java.util.Map;

/**
 * The gate every passage search passes, and every analysis that is one in law (route, convoy, clone check): the legal
 * basis the request names, within the threshold or under an approval that covers it ({@link SearchAuthorisation}),
 * and a {@code PASSAGE_SEARCH} record either way. One place, so that no analysis can pass with less.
 */
public final class AuthorisedSearch {
    private final AuditLog audit;
    private final Principal who;
    private final LegalBasis basis;
    private final String target;
    private final Map<String, Object> details;

    private AuthorisedSearch(AuditLog audit, Principal who, LegalBasis basis, String target, Map<String, Object> details) {
        this.audit = audit;
        this.who = who;
        this.basis = basis;
        this.target = target;
        this.details = details;
    }

    /**
     * Decides on the request's {@code caseNumber}, {@code offence}, {@code purpose} and {@code approval}.
     *
     * @param details what the record says of the search; the approval, a refusal's reason and later facts are added
     * @throws ApiException 403 with the reason ({@code approvalRequired}, {@code reasons}), once the refusal is recorded
     */
    public static AuthorisedSearch authorise(Context ctx, Principal who, SearchAuthorisation authorisation, AuditLog audit,
                                             SearchScope scope, String target, Map<String, Object> details) {
        return authorise(ctx, who, authorisation, audit, scope, target, details, false);
    }

    /**
     * The gate of an aggregate statistic over every vehicle ({@link SearchAuthorisation#decideAggregate}): the same
     * legal basis, record and approval, with only reach and span calling for approval, as no vehicle is returned.
     */
    public static AuthorisedSearch authoriseAggregate(Context ctx, Principal who, SearchAuthorisation authorisation, AuditLog audit,
                                                      SearchScope scope, String target, Map<String, Object> details) {
        return authorise(ctx, who, authorisation, audit, scope, target, details, true);
    }

    private static AuthorisedSearch authorise(Context ctx, Principal who, SearchAuthorisation authorisation, AuditLog audit,
                                              SearchScope scope, String target, Map<String, Object> details, boolean aggregate) {
        Long approval = Params.optionalLong(ctx, "approval");
        if (approval != null) details.put("approval", approval);
        String caseNumber = ctx.queryParam("caseNumber"), offence = ctx.queryParam("offence"), purpose = ctx.queryParam("purpose");
        SearchAuthorisation.Decision decision = aggregate
                ? authorisation.decideAggregate(who, scope, caseNumber, offence, purpose, approval)
                : authorisation.decide(who, scope, caseNumber, offence, purpose, approval);
        if (decision instanceof SearchAuthorisation.Decision.Refused refused) {
            details.put("refused", refused.reason());
            audit.record(new AuditEntry(who.label(), who.organisation(), AuditEntry.Action.PASSAGE_SEARCH, target,
                    ctx.queryParam("offence"), ctx.queryParam("caseNumber"), ctx.queryParam("purpose"), 0, details));
            throw new ApiException(403, refused.reason(),
                    Map.of("approvalRequired", refused.approvalRequired(), "reasons", refused.reasons()));
        }
        return new AuthorisedSearch(audit, who, ((SearchAuthorisation.Decision.Allowed) decision).basis(), target, details);
    }

    /** What the record says of the search, for facts learnt while it runs. */
    public Map<String, Object> details() {
        return details;
    }

    /** Puts the search that ran on the record, with how many results it gave. */
    public void recordResults(int resultCount) {
        audit.record(new AuditEntry(who.label(), who.organisation(), AuditEntry.Action.PASSAGE_SEARCH, target,
                basis.offence().name(), basis.caseNumber(), basis.purpose(), resultCount, details));
    }
}
