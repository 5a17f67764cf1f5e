package org.openanpr.passage;

import io.javalin.Javalin;
import io.javalin.http.Context;
import org.openanpr.access.AccessFilter;
import org.openanpr.access.Permission;
import org.openanpr.access.Principal;
import org.openanpr.audit.AuditEntry;
import org.openanpr.audit.AuditLog;
import org.openanpr.http.ApiException;
import org.openanpr.http.Params;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The request/approve flow for passage searches over the threshold: an analyst files a request with its legal
 * basis; a privacy officer of the same organisation, never the requester, approves or rejects it. Both steps are in
 * the audit log.
 */
public final class SearchRequestRoutes {
    static final Duration APPROVAL_VALIDITY = Duration.ofDays(7);
    private final SearchRequestStore requests;
    private final SearchAuthorisation authorisation;
    private final IngestLimits limits;
    private final AuditLog audit;
    private final Clock clock;

    public SearchRequestRoutes(SearchRequestStore requests, SearchAuthorisation authorisation, IngestLimits limits,
                               AuditLog audit, Clock clock) {
        this.requests = requests;
        this.authorisation = authorisation;
        this.limits = limits;
        this.audit = audit;
        this.clock = clock;
    }

    public void register(Javalin app) {
        app.post("/api/v1/search-requests", this::file);
        app.get("/api/v1/search-requests", this::list);
        app.get("/api/v1/search-requests/{id}", ctx -> ctx.json(visible(ctx, Params.id(ctx, "id"))));
        app.post("/api/v1/search-requests/{id}/approve", ctx -> decide(ctx, true));
        app.post("/api/v1/search-requests/{id}/reject", ctx -> decide(ctx, false));
    }

    record RequestInput(String plate, Boolean fuzzy, String camera, Instant from, Instant to, String caseNumber,
                        String offence, String purpose) {
    }

    private void file(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.SEARCH_PASSAGES);
        if (who.organisation() == null)
            throw ApiException.forbidden("the system token cannot file search requests; log in as a person of the organisation");
        RequestInput in = Params.body(ctx, RequestInput.class, "a search request {plate, fuzzy, camera, from, to, caseNumber, offence, purpose}");
        String plate = Params.platePattern(in.plate());
        boolean fuzzy = Boolean.TRUE.equals(in.fuzzy());
        if (fuzzy && plate == null) throw ApiException.badRequest("fuzzy: needs a plate");
        Instant now = clock.instant();
        String p = plate;
        SearchScope scope = Params.valid(() -> new SearchScope(p, fuzzy, blankToNull(in.camera()),
                in.from() == null ? now.minus(limits.retention()) : in.from(), in.to() == null ? now : in.to()));
        LegalBasis basis;
        try {
            basis = LegalBasis.of(in.caseNumber(), in.offence(), in.purpose());
        } catch (LegalBasis.MissingLegalBasis e) {
            throw ApiException.badRequest(e.getMessage());
        }
        List<String> reasons = authorisation.reasons(scope);
        SearchRequest r = requests.create(who.organisation(), who.label(), scope, in.to() == null, basis, reasons);
        audit.recordChange(new AuditEntry(who.label(), who.organisation(), AuditEntry.Action.SEARCH_REQUEST, "search request " + r.id(),
                basis.offence().name(), basis.caseNumber(), basis.purpose(), null, details(r)));
        ctx.status(201).json(r);
    }

    private void list(Context ctx) {
        Principal who = AccessFilter.requireAny(ctx, Permission.SEARCH_PASSAGES, Permission.APPROVE_SEARCHES);
        SearchRequest.Status status = null;
        String s = ctx.queryParam("status");
        if (s != null && !s.isBlank()) {
            try {
                status = SearchRequest.Status.valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("status: PENDING, APPROVED or REJECTED");
            }
        }
        // Approvers see their organisation's requests; others only their own.
        String requester = who.can(Permission.APPROVE_SEARCHES) || who.organisation() == null ? null : who.label();
        ctx.json(requests.list(who.organisation(), status, requester));
    }

    record DecisionInput(String note) {
    }

    private void decide(Context ctx, boolean approve) {
        Principal who = AccessFilter.require(ctx, Permission.APPROVE_SEARCHES);
        long id = Params.id(ctx, "id");
        SearchRequest r = requests.find(id).filter(x -> x.organisation().equals(who.organisation()))
                .orElseThrow(() -> ApiException.notFound("no search request " + id));
        if (r.requestedBy().equals(who.label()))
            throw ApiException.forbidden("no one decides on their own search request; another privacy officer must");
        DecisionInput in = ctx.body().isBlank() ? new DecisionInput(null) : Params.body(ctx, DecisionInput.class, "{\"note\": ...}");
        Instant now = clock.instant();
        SearchRequest decided = requests.decide(id, approve, who.label(), in.note(), now, now.plus(APPROVAL_VALIDITY))
                .orElseThrow(() -> new ApiException(409, "search request " + id + " was already decided"));
        Map<String, Object> details = details(decided);
        details.put("decision", approve ? "approved" : "rejected");
        details.put("requestedBy", decided.requestedBy());
        if (in.note() != null) details.put("note", in.note());
        audit.recordChange(new AuditEntry(who.label(), who.organisation(), AuditEntry.Action.SEARCH_DECISION, "search request " + id,
                decided.legalBasis().offence().name(), decided.legalBasis().caseNumber(), decided.legalBasis().purpose(), null, details));
        ctx.json(decided);
    }

    private SearchRequest visible(Context ctx, long id) {
        Principal who = AccessFilter.principal(ctx);
        return requests.find(id)
                .filter(r -> who.organisation() == null || (r.organisation().equals(who.organisation())
                        && (who.can(Permission.APPROVE_SEARCHES) || r.requestedBy().equals(who.label()))))
                .orElseThrow(() -> ApiException.notFound("no search request " + id));
    }

    private static Map<String, Object> details(SearchRequest r) {
        Map<String, Object> d = new LinkedHashMap<>();
        if (r.scope().plate() != null) d.put("plate", r.scope().plate());
        d.put("fuzzy", r.scope().fuzzy());
        if (r.scope().camera() != null) d.put("camera", r.scope().camera());
        d.put("from", r.scope().from().toString());
        d.put("to", r.scope().to().toString());
        d.put("reasons", r.reasons());
        return d;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
