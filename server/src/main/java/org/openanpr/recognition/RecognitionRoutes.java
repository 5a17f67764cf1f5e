package org.openanpr.recognition;

import io.javalin.Javalin;
import io.javalin.http.Context;
import org.openanpr.access.AccessFilter;
import org.openanpr.access.Permission;
import org.openanpr.access.Principal;
import org.openanpr.audit.AuditEntry;
import org.openanpr.audit.AuditLog;
import org.openanpr.http.ApiException;

import java.util.Map;
import java.util.Set;

/**
 * {@code POST /api/v1/recognize}: the body is one image (JPEG, PNG, BMP, GIF or WebP, its bytes as they are, with its
 * content type); the answer is the plates in it with their boxes and the ranked candidates. The image is not stored;
 * that it was read, by whom and what came out is audited, as for any look at a vehicle.
 */
public final class RecognitionRoutes {
    static final Set<String> IMAGE_TYPES = Set.of("image/jpeg", "image/png", "image/bmp", "image/gif", "image/webp", "application/octet-stream");

    private final RecognitionPool pool;
    private final AuditLog audit;

    public RecognitionRoutes(RecognitionPool pool, AuditLog audit) {
        this.pool = pool;
        this.audit = audit;
    }

    public void register(Javalin app) {
        app.post("/api/v1/recognize", this::recognize);
    }

    private void recognize(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.RECOGNIZE_IMAGES);
        String type = ctx.contentType() == null ? "" : ctx.contentType().split(";")[0].trim().toLowerCase();
        if (!IMAGE_TYPES.contains(type))
            throw new ApiException(415, "Content-Type must be an image (image/jpeg, image/png, image/bmp, image/gif, image/webp): send the image's bytes as the body");
        byte[] body = ctx.bodyAsBytes();
        if (body.length > pool.decoder().maxBytes())
            throw new ApiException(413, "image of " + body.length + " bytes exceeds the limit of " + pool.decoder().maxBytes());
        int candidates = candidates(ctx.queryParam("candidates"));
        PlateRecognizer.Recognition r;
        try {
            r = pool.recognize(body);
        } catch (ImageDecoder.BadImage e) {
            throw e.tooLarge() ? new ApiException(413, e.getMessage()) : ApiException.badRequest(e.getMessage());
        } catch (PlateReader.Busy e) {
            ctx.header("Retry-After", "1");
            throw new ApiException(503, e.getMessage());
        }
        PlateRecognizer.Candidate best = r.best();
        audit.record(new AuditEntry(who.label(), who.organisation(), AuditEntry.Action.IMAGE_RECOGNITION,
                best == null ? "no plate" : "plate " + best.plate(), null, null, null, r.plates().size(),
                Map.of("width", r.width(), "height", r.height(), "bytes", body.length)));
        ctx.json(RecognitionResult.of(r, candidates));
    }

    private static int candidates(String param) {
        if (param == null) return 5;
        try {
            int n = Integer.parseInt(param);
            if (n >= 1 && n <= 10) return n;
        } catch (NumberFormatException ignored) {
            // the message below says what is allowed
        }
        throw ApiException.badRequest("candidates: a number 1..10");
    }
}
