package org.openanpr.profile;

import io.javalin.Javalin;
import io.javalin.http.Context;
import org.openanpr.access.AccessFilter;
import org.openanpr.access.Permission;
import org.openanpr.access.Principal;
import org.openanpr.audit.AuditEntry;
import org.openanpr.audit.AuditLog;
import org.openanpr.http.ApiException;
import org.openanpr.http.Params;
import org.openanpr.passage.LegalBasis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scheduled profile runs over the API ({@link ProfileSchedules}). An analyst asks for a switched-on profile to run
 * hourly or daily with a legal basis; a privacy officer of the organisation, never the one who asked, approves it for
 * at most {@link ProfileSchedule#MAX_DAYS} days, refuses it, or revokes it later. As for a search request, approvers
 * see the organisation's schedules and others only their own; another organisation's is not found. Each step is a
 * {@code SEARCH_REQUEST} or {@code SEARCH_DECISION} record with {@code details.analysis: profile-schedule}.
 */
public final class ScheduleRoutes {
    static final int MAX_RUNS = 100;
    private final ProfileSchedules schedules;
    private final ProfileStore profiles;
    private final AuditLog audit;
    private final Clock clock;

    public ScheduleRoutes(ProfileSchedules schedules, ProfileStore profiles, AuditLog audit, Clock clock) {
        this.schedules = schedules;
        this.profiles = profiles;
        this.audit = audit;
        this.clock = clock;
    }

    public void register(Javalin app) {
        app.post("/api/v1/profiles/{id}/schedules", this::request);
        app.get("/api/v1/profile-schedules", this::list);
        app.get("/api/v1/profile-schedules/{id}", ctx -> ctx.json(json(visible(ctx), clock.instant())));
        app.post("/api/v1/profile-schedules/{id}/approve", this::approve);
        app.post("/api/v1/profile-schedules/{id}/refuse", ctx -> end(ctx, false));
        app.post("/api/v1/profile-schedules/{id}/revoke", ctx -> end(ctx, true));
        app.get("/api/v1/profile-schedules/{id}/runs", this::runs);
    }

    record RequestInput(String every, Integer windowHours, Integer days, String caseNumber, String offence, String purpose) {
    }

    record DecisionInput(Integer days, String note) {
    }

    private void request(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.SEARCH_PASSAGES);
        if (who.organisation() == null)
            throw ApiException.forbidden("the system token cannot ask for a standing approval; log in as a person of the organisation");
        long id = Params.id(ctx, "id");
        Profile profile = profiles.find(id, who.organisation()).orElseThrow(() -> ApiException.notFound("profile " + id + ": not found"));
        if (!profile.active()) throw new ApiException(409, "profile " + id + " is switched off; a list manager switches it on");
        RequestInput in = Params.body(ctx, RequestInput.class, "{every: hourly|daily, windowHours, days, caseNumber, offence, purpose}");
        Duration every = switch (in.every() == null ? "" : in.every()) {
            case "hourly" -> Duration.ofHours(1);
            case "daily" -> Duration.ofDays(1);
            default -> throw ApiException.badRequest("every: hourly or daily");
        };
        int window = in.windowHours() == null ? (int) every.toHours() : in.windowHours();
        if (window < 1 || window > ProfileRoutes.MAX_WINDOW.toHours())
            throw ApiException.badRequest("windowHours: 1 to " + ProfileRoutes.MAX_WINDOW.toHours() + " (a profile runs over at most "
                    + ProfileRoutes.MAX_WINDOW.toDays() + " days)");
        int days = in.days() == null ? ProfileSchedule.MAX_DAYS : in.days();
        if (days < 1 || days > ProfileSchedule.MAX_DAYS) throw ApiException.badRequest("days: 1 to " + ProfileSchedule.MAX_DAYS);
        LegalBasis basis;
        try {
            basis = LegalBasis.of(in.caseNumber(), in.offence(), in.purpose());
        } catch (LegalBasis.MissingLegalBasis e) {
            throw ApiException.badRequest(e.getMessage());
        }
        if (basis.purpose().chars().anyMatch(ch -> ch < 0x20 && ch != '\n' || ch == '<' || ch == '>'))
            throw ApiException.badRequest("purpose: no markup or control characters");
        ProfileSchedule s = schedules.request(who.organisation(), profile.id(), every, Duration.ofHours(window), basis, who.label(), days);
        audit.recordChange(new AuditEntry(who.label(), who.organisation(), AuditEntry.Action.SEARCH_REQUEST, "profile schedule " + s.id(),
                basis.offence().name(), basis.caseNumber(), basis.purpose(), null, details(s)));
        ctx.status(201).json(json(s, clock.instant()));
    }

    private void list(Context ctx) {
        Principal who = AccessFilter.requireAny(ctx, Permission.SEARCH_PASSAGES, Permission.APPROVE_SEARCHES);
        String requester = who.can(Permission.APPROVE_SEARCHES) || who.organisation() == null ? null : who.label();
        Instant now = clock.instant();
        ctx.json(schedules.list(who.organisation(), requester).stream().map(s -> json(s, now)).toList());
    }

    private void approve(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.APPROVE_SEARCHES);
        ProfileSchedule s = decidable(ctx, who);
        DecisionInput in = decision(ctx);
        int days = in.days() == null ? s.requestedDays() : in.days();
        if (days < 1 || days > ProfileSchedule.MAX_DAYS) throw ApiException.badRequest("days: 1 to " + ProfileSchedule.MAX_DAYS);
        Instant now = clock.instant();
        ProfileSchedule decided = schedules.approve(s.id(), who.label(), in.note(), now, now.plus(Duration.ofDays(days)))
                .orElseThrow(() -> new ApiException(409, "profile schedule " + s.id() + " was already decided"));
        record(who, decided, "approved", in.note());
        ctx.json(json(decided, now));
    }

    /** Refuses a pending schedule ({@code revoke} false) or revokes an approved one. */
    private void end(Context ctx, boolean revoke) {
        Principal who = AccessFilter.require(ctx, Permission.APPROVE_SEARCHES);
        ProfileSchedule s = decidable(ctx, who);
        DecisionInput in = decision(ctx);
        if (in.days() != null) throw ApiException.badRequest("days: only when approving");
        Instant now = clock.instant();
        ProfileSchedule decided = (revoke ? schedules.revoke(s.id(), who.label(), in.note(), now) : schedules.refuse(s.id(), who.label(), in.note(), now))
                .orElseThrow(() -> new ApiException(409, "profile schedule " + s.id() + " is " + s.status().name().toLowerCase(java.util.Locale.ROOT)
                        + (revoke ? "; only an approved schedule is revoked" : "; only a pending request is refused")));
        record(who, decided, revoke ? "revoked" : "refused", in.note());
        ctx.json(json(decided, now));
    }

    private void runs(Context ctx) {
        ProfileSchedule s = visible(ctx);
        int limit = Params.integer(ctx, "limit", 20, 1, MAX_RUNS);
        ctx.json(schedules.runs(s.id(), limit).stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("ranAt", r.ranAt());
            m.put("from", r.from());
            m.put("to", r.to());
            m.put("passagesExamined", r.passagesExamined());
            m.put("candidatesFound", r.candidatesFound());
            m.put("auditRecord", r.auditSeq());
            m.put("candidates", r.candidates());
            return m;
        }).toList());
    }

    private ProfileSchedule decidable(Context ctx, Principal who) {
        long id = Params.id(ctx, "id");
        ProfileSchedule s = schedules.find(id, who.organisation() == null ? "" : who.organisation())
                .orElseThrow(() -> ApiException.notFound("no profile schedule " + id));
        if (s.requestedBy().equals(who.label()))
            throw ApiException.forbidden("no one decides on their own standing approval; another privacy officer must");
        return s;
    }

    private static DecisionInput decision(Context ctx) {
        DecisionInput in = ctx.body().isBlank() ? new DecisionInput(null, null) : Params.body(ctx, DecisionInput.class, "{\"days\": 1-28, \"note\": ...}");
        String note = in.note() == null || in.note().isBlank() ? null : in.note().strip();
        if (note != null && (note.length() > 500 || note.chars().anyMatch(ch -> ch < 0x20 && ch != '\n' || ch == '<' || ch == '>')))
            throw ApiException.badRequest("note: at most 500 characters, no markup or control characters");
        return new DecisionInput(in.days(), note);
    }

    private ProfileSchedule visible(Context ctx) {
        Principal who = AccessFilter.requireAny(ctx, Permission.SEARCH_PASSAGES, Permission.APPROVE_SEARCHES);
        long id = Params.id(ctx, "id");
        return schedules.find(id, who.organisation())
                .filter(s -> who.organisation() == null || who.can(Permission.APPROVE_SEARCHES) || s.requestedBy().equals(who.label()))
                .orElseThrow(() -> ApiException.notFound("no profile schedule " + id));
    }

    private void record(Principal who, ProfileSchedule s, String decision, String note) {
        Map<String, Object> details = details(s);
        details.put("decision", decision);
        details.put("requestedBy", s.requestedBy());
        if (note != null) details.put("note", note);
        audit.recordChange(new AuditEntry(who.label(), who.organisation(), AuditEntry.Action.SEARCH_DECISION, "profile schedule " + s.id(),
                s.legalBasis().offence().name(), s.legalBasis().caseNumber(), s.legalBasis().purpose(), null, details));
    }

    private static Map<String, Object> details(ProfileSchedule s) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("analysis", "profile-schedule");
        d.put("profile", s.profileId());
        d.put("profileName", s.profileName());
        d.put("everyMinutes", s.every().toMinutes());
        d.put("windowHours", s.window().toHours());
        d.put("days", s.requestedDays());
        if (s.validUntil() != null) d.put("validUntil", s.validUntil().toString());
        return d;
    }

    static Map<String, Object> json(ProfileSchedule s, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("organisation", s.organisation());
        m.put("profile", s.profileId());
        m.put("profileName", s.profileName());
        m.put("every", s.every().toHours() == 1 ? "hourly" : "daily");
        m.put("windowHours", s.window().toHours());
        m.put("days", s.requestedDays());
        m.put("caseNumber", s.legalBasis().caseNumber());
        m.put("offence", s.legalBasis().offence().name());
        m.put("purpose", s.legalBasis().purpose());
        m.put("requestedBy", s.requestedBy());
        m.put("createdAt", s.createdAt());
        // EXPIRED is what an approval past its end is to its readers; the stored status stays APPROVED
        m.put("status", s.status() == ProfileSchedule.Status.APPROVED && !s.standing(now) ? "EXPIRED" : s.status().name());
        m.put("decidedBy", s.decidedBy());
        m.put("decidedAt", s.decidedAt());
        m.put("decisionNote", s.decisionNote());
        m.put("validUntil", s.validUntil());
        m.put("revokedBy", s.revokedBy());
        m.put("revokedAt", s.revokedAt());
        m.put("nextRunAt", s.standing(now) ? s.nextRunAt() : null);
        return m;
    }
}
