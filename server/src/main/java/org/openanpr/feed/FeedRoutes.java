package org.openanpr.feed;

import io.javalin.Javalin;
import io.javalin.http.Context;
import org.openanpr.access.AccessFilter;
import org.openanpr.access.Permission;
import org.openanpr.access.Principal;
import org.openanpr.access.Tokens;
import org.openanpr.http.ApiException;
import org.openanpr.http.Params;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /api/v1/hit-feeds}: where an organisation's hits go besides the web app (a control room's webhook or MQTT
 * topic), and what could not be delivered. The administrator's (MANAGE_CAMERAS, as for connectors: the camera
 * network's feeds in and out); another organisation's feed answers 404.
 */
public final class FeedRoutes {
    private final HitFeeds feeds;

    public FeedRoutes(HitFeeds feeds) {
        this.feeds = feeds;
    }

    record FeedInput(String name, String kind, String organisation, String target, String topic, String recipients, Long listId,
                     Integer maxAttempts, Boolean healthEvents, String caCertificate) {
    }

    /** A feed as shown: the secret only when it is made. */
    record FeedView(long id, String organisation, String name, HitFeeds.Kind kind, String target, String topic, Long listId,
                    int maxAttempts, java.time.Instant createdAt, boolean healthEvents, String caCertificate) {
        static FeedView of(HitFeeds.Feed f) {
            // A password in the target (smtp://user:password@host) is never shown back.
            String target = f.target().replaceAll("//([^:/@]+):[^@/]*@", "//$1:********@");
            return new FeedView(f.id(), f.organisation(), f.name(), f.kind(), target, f.topic(), f.listId(), f.maxAttempts(), f.createdAt(), f.healthEvents(),
                    f.caCertificate());
        }
    }

    public void register(Javalin app) {
        app.get("/api/v1/hit-feeds", this::list);
        app.post("/api/v1/hit-feeds", this::create);
        app.delete("/api/v1/hit-feeds/{id}", this::delete);
        app.get("/api/v1/hit-feeds/{id}/deliveries", this::deliveries);
        app.post("/api/v1/hit-feeds/{id}/deliveries/{deliveryId}/retry", this::retry);
    }

    private void list(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.MANAGE_CAMERAS);
        ctx.json(feeds.feeds().stream().filter(f -> sees(who, f)).map(FeedView::of).toList());
    }

    private void create(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.MANAGE_CAMERAS);
        FeedInput in = Params.body(ctx, FeedInput.class, "a hit feed JSON object");
        String org = AccessFilter.ownOrganisation(who, in.organisation(), "a hit feed");
        if (org == null || org.isBlank()) throw ApiException.badRequest("organisation: required");
        HitFeeds.Kind kind;
        try {
            kind = HitFeeds.Kind.valueOf(in.kind() == null ? "" : in.kind().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("kind: WEBHOOK, MQTT, EMAIL or SYSLOG");
        }
        String target = in.target() == null ? "" : in.target().strip();
        if (kind == HitFeeds.Kind.WEBHOOK && !target.matches("https?://[^\\s]+"))
            throw ApiException.badRequest("target: the webhook's http:// or https:// URL");
        if (kind == HitFeeds.Kind.MQTT && !target.matches("(tcp|ssl)://[^\\s]+"))
            throw ApiException.badRequest("target: the MQTT broker as tcp://host:1883 or ssl://host:8883");
        if (kind == HitFeeds.Kind.MQTT && (in.topic() == null || in.topic().isBlank() || in.topic().contains("#") || in.topic().contains("+")))
            throw ApiException.badRequest("topic: the MQTT topic to publish hits on (no wildcards)");
        String topic = in.topic();
        String ca = in.caCertificate() == null || in.caCertificate().isBlank() ? null : in.caCertificate().strip();
        if (ca != null && kind != HitFeeds.Kind.SYSLOG) throw ApiException.badRequest("caCertificate: only for a SYSLOG feed over tls://");
        if (ca != null && ca.length() > 64 * 1024) throw ApiException.badRequest("caCertificate: at most 64 KiB of PEM");
        if (kind == HitFeeds.Kind.SYSLOG) {
            try {
                Syslog.of(target, "check", ca).close();
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage());
            }
            topic = null;
        }
        if (kind == HitFeeds.Kind.EMAIL) {
            if (!target.matches("smtps?://[^\\s]+")) throw ApiException.badRequest("target: the SMTP server as smtp://[user:password@]host[:port][?from=address&starttls=true]");
            try {
                jakarta.mail.internet.InternetAddress[] to = jakarta.mail.internet.InternetAddress.parse(in.recipients() == null ? "" : in.recipients(), true);
                if (to.length == 0) throw new jakarta.mail.internet.AddressException("none");
            } catch (jakarta.mail.internet.AddressException e) {
                throw ApiException.badRequest("recipients: one or more e-mail addresses, comma-separated");
            }
            topic = in.recipients().strip();
        }
        int attempts = in.maxAttempts() == null ? 10 : in.maxAttempts();
        if (attempts < 1 || attempts > 50) throw ApiException.badRequest("maxAttempts: 1 to 50");
        String name = in.name() == null || in.name().isBlank() ? target : in.name().strip();
        String secret = Tokens.generate("whs");
        long id;
        try {
            id = feeds.create(new HitFeeds.Feed(0, org, name, kind, target, topic, secret, in.listId(), attempts, null,
                    Boolean.TRUE.equals(in.healthEvents()), ca));
        } catch (IllegalStateException e) {
            throw ApiException.badRequest("organisation or list unknown: " + org + (in.listId() == null ? "" : ", list " + in.listId()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("feed", FeedView.of(feeds.feeds().stream().filter(f -> f.id() == id).findFirst().orElseThrow()));
        body.put("secret", secret);
        ctx.status(201).json(body);
    }

    private void delete(Context ctx) {
        HitFeeds.Feed f = managed(ctx);
        feeds.delete(f.id());
        ctx.status(204);
    }

    private void deliveries(Context ctx) {
        HitFeeds.Feed f = managed(ctx);
        String state = ctx.queryParam("state");
        if (state != null && !state.matches("PENDING|DELIVERED|DEAD")) throw ApiException.badRequest("state: PENDING, DELIVERED or DEAD");
        ctx.json(feeds.deliveries(f.id(), state, 500));
    }

    private void retry(Context ctx) {
        HitFeeds.Feed f = managed(ctx);
        long delivery;
        try {
            delivery = Long.parseLong(ctx.pathParam("deliveryId"));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("deliveryId: a number");
        }
        if (!feeds.retry(f.id(), delivery)) throw ApiException.notFound("no dead letter " + delivery + " in feed " + f.id());
        ctx.status(202).json(Map.of("delivery", delivery, "state", "PENDING"));
    }

    private HitFeeds.Feed managed(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.MANAGE_CAMERAS);
        String raw = ctx.pathParam("id");
        long id;
        try {
            id = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw ApiException.notFound("no hit feed '" + raw + "'");
        }
        return feeds.feeds().stream().filter(f -> f.id() == id && sees(who, f)).findFirst()
                .orElseThrow(() -> ApiException.notFound("no hit feed " + id));
    }

    private static boolean sees(Principal who, HitFeeds.Feed f) {
        return who.organisation() == null || who.organisation().equals(f.organisation());
    }
}
