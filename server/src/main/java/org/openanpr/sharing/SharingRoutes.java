package org.openanpr.sharing;

import io.javalin.Javalin;
import io.javalin.http.Context;
import org.openanpr.access.AccessFilter;
import org.openanpr.access.OrganisationStore;
import org.openanpr.access.Permission;
import org.openanpr.access.Principal;
import org.openanpr.audit.AuditEntry;
import org.openanpr.audit.AuditLog;
import org.openanpr.camera.CameraRegistry;
import org.openanpr.http.ApiException;
import org.openanpr.http.Params;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sharing agreements: an administrator of the owning organisation shares chosen cameras; either side may end the
 * agreement, which takes effect on the next request. Every change is in the audit log.
 */
public final class SharingRoutes {
    static final Duration MAX_PERIOD = Duration.ofDays(366);
    private final SharingStore sharing;
    private final CameraRegistry cameras;
    private final OrganisationStore organisations;
    private final AuditLog audit;
    private final Clock clock;

    public SharingRoutes(SharingStore sharing, CameraRegistry cameras, OrganisationStore organisations, AuditLog audit, Clock clock) {
        this.sharing = sharing;
        this.cameras = cameras;
        this.organisations = organisations;
        this.audit = audit;
        this.clock = clock;
    }

    public void register(Javalin app) {
        app.get("/api/v1/sharing", ctx -> {
            Principal who = AccessFilter.require(ctx, Permission.MANAGE_SHARING);
            Instant now = clock.instant();
            ctx.json(sharing.list(who.organisation()).stream().map(a -> view(a, now)).toList());
        });
        app.post("/api/v1/sharing", this::create);
        app.post("/api/v1/sharing/{id}/revoke", this::revoke);
    }

    record AgreementInput(String fromOrganisation, String toOrganisation, SharingPurpose purpose, Instant from,
                          Instant until, String reason, List<String> cameras) {
    }

    private void create(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.MANAGE_SHARING);
        AgreementInput in = Params.body(ctx, AgreementInput.class,
                "an agreement {toOrganisation, cameras, purpose, from, until, reason}");
        String from = AccessFilter.ownOrganisation(who, in.fromOrganisation(), "a sharing agreement");
        if (from == null) throw ApiException.badRequest("fromOrganisation: required with the system token");
        if (in.toOrganisation() == null || organisations.find(in.toOrganisation()).isEmpty())
            throw new ApiException(422, "toOrganisation: no organisation '" + in.toOrganisation() + "'");
        if (in.toOrganisation().equals(from)) throw ApiException.badRequest("toOrganisation: cannot share with yourself");
        if (in.purpose() == null) throw ApiException.badRequest("purpose: HITS or PASSAGES");
        if (in.reason() == null || in.reason().isBlank()) throw ApiException.badRequest("reason: state why the data is shared");
        if (in.cameras() == null || in.cameras().isEmpty()) throw ApiException.badRequest("cameras: at least one");
        // Only the sharing organisation's own cameras can be shared: any other, unknown or another's, is not found
        // alike, so the answer tells nobody which ids other organisations use.
        for (String id : in.cameras()) {
            if (cameras.find(id).filter(cam -> cam.organisation().equals(from)).isEmpty())
                throw ApiException.notFound("cameras: no camera '" + id + "' of " + from);
        }
        Instant start = in.from() == null ? clock.instant() : in.from();
        if (in.until() == null) throw ApiException.badRequest("until: an agreement needs an end date");
        if (!in.until().isAfter(start)) throw ApiException.badRequest("until must be after from");
        if (Duration.between(start, in.until()).compareTo(MAX_PERIOD) > 0)
            throw ApiException.badRequest("an agreement runs at most one year; renew it when it ends");
        SharingAgreement a = sharing.create(new SharingStore.NewAgreement(from, in.toOrganisation(), in.purpose(), start,
                in.until(), in.reason().trim(), in.cameras(), who.label()));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("action", "create");
        details.put("to", a.toOrganisation());
        details.put("purpose", a.purpose().name());
        details.put("cameras", a.cameras());
        details.put("from", a.validFrom().toString());
        details.put("until", a.validUntil().toString());
        audit.recordChange(new AuditEntry(who.label(), who.organisation(), AuditEntry.Action.SHARING_CHANGE, "sharing " + a.id(),
                null, null, a.reason(), a.cameras().size(), details));
        ctx.status(201).json(view(a, clock.instant()));
    }

    private void revoke(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.MANAGE_SHARING);
        long id = Params.id(ctx, "id");
        SharingAgreement a = sharing.find(id)
                .filter(x -> who.organisation() == null || who.organisation().equals(x.fromOrganisation())
                        || who.organisation().equals(x.toOrganisation()))
                .orElseThrow(() -> ApiException.notFound("no sharing agreement " + id));
        if (!sharing.revoke(id, who.label())) throw new ApiException(409, "sharing agreement " + id + " was already revoked");
        audit.recordChange(new AuditEntry(who.label(), who.organisation(), AuditEntry.Action.SHARING_CHANGE, "sharing " + id,
                null, null, null, a.cameras().size(), Map.of("action", "revoke")));
        ctx.json(view(sharing.find(id).orElseThrow(), clock.instant()));
    }

    record AgreementView(long id, String fromOrganisation, String toOrganisation, SharingPurpose purpose, Instant from,
                         Instant until, String reason, List<String> cameras, SharingAgreement.Status status,
                         String createdBy, Instant createdAt, Instant revokedAt, String revokedBy) {
    }

    private static AgreementView view(SharingAgreement a, Instant now) {
        return new AgreementView(a.id(), a.fromOrganisation(), a.toOrganisation(), a.purpose(), a.validFrom(),
                a.validUntil(), a.reason(), a.cameras(), a.status(now), a.createdBy(), a.createdAt(), a.revokedAt(),
                a.revokedBy());
    }
}
