package org.openanpr.connector;

import org.openanpr.db.RequestTransaction;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.openanpr.access.AccessFilter;
import org.openanpr.access.Permission;
import org.openanpr.access.Principal;
import org.openanpr.audit.AuditEntry;
import org.openanpr.audit.AuditLog;
import org.openanpr.camera.Camera;
import org.openanpr.camera.CameraRegistry;
import org.openanpr.http.ApiException;
import org.openanpr.http.Params;
import org.openanpr.http.PemCertificates;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /api/v1/ingest/{connector}}: where vendor equipment delivers, authenticated by the connector's token
 * (as a bearer token, as the password of HTTP Basic, or as {@code ?token=} for equipment that can only be given a
 * URL), or, once a client certificate is pinned on the connector, by that certificate only (mutual TLS over the
 * equipment port); and {@code /api/v1/connectors}: the administrator's side (connectors of their organisation, camera mapping,
 * unknown cameras, rejected payloads, counts and last errors, CSV imports of historical reads).
 */
public final class ConnectorRoutes {
    public static final String INGEST_PREFIX = "/api/v1/ingest/";

    private final ConnectorService service;
    private final ConnectorStore store;
    private final CameraRegistry cameras;
    private final AuditLog audit;
    private final long maxBodyBytes;

    public ConnectorRoutes(ConnectorService service, CameraRegistry cameras, AuditLog audit, long maxBodyBytes) {
        this.service = service;
        this.store = service.store();
        this.cameras = cameras;
        this.audit = audit;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** A new connector as the administrator describes it. */
    record ConnectorInput(String id, String kind, String name, String organisation, String camera,
                          com.fasterxml.jackson.databind.JsonNode settings) {
    }

    /** The equipment's client certificate, PEM. */
    record CertificateInput(String certificate) {
    }

    /** A pinned client certificate as the administrator sees it. */
    record CertificateView(String sha256, String subject, java.time.Instant notAfter) {
    }

    /** A vendor camera mapped to one of ours. */
    record MappingInput(String vendorCamera, String camera) {
    }

    record ConnectorView(String id, String organisation, ConnectorKind kind, String name, String camera, String ingestPath,
                         java.time.Instant createdAt, com.fasterxml.jackson.databind.JsonNode settings, String link,
                         ConnectorMetrics.View stats, long unmappedCameras, CertificateView certificate) {
    }

    public void register(Javalin app) {
        app.post(INGEST_PREFIX + "{connector}", this::ingest);
        app.get("/api/v1/connectors", this::list);
        app.post("/api/v1/connectors", this::create);
        app.get("/api/v1/connectors/{id}", this::get);
        app.delete("/api/v1/connectors/{id}", this::delete);
        app.post("/api/v1/connectors/{id}/token", this::rotate);
        app.put("/api/v1/connectors/{id}/certificate", this::pinCertificate);
        app.delete("/api/v1/connectors/{id}/certificate", this::unpinCertificate);
        app.get("/api/v1/connectors/{id}/cameras", this::cameras);
        app.put("/api/v1/connectors/{id}/cameras", this::map);
        app.delete("/api/v1/connectors/{id}/cameras", this::unmap);
        app.post("/api/v1/connectors/{id}/imports", this::importCsv);
        app.get("/api/v1/connectors/{id}/imports", this::imports);
        app.get("/api/v1/connectors/{id}/imports/{importId}", this::importJob);
        app.post("/api/v1/connectors/{id}/imports/{importId}/cancel", this::cancelImport);
        app.get("/api/v1/connectors/{id}/rejected", this::rejected);
        app.get("/api/v1/connectors/{id}/rejected/{rejectedId}", this::rejectedPayload);
    }

    private void ingest(Context ctx) {
        String id = ctx.pathParam("connector");
        Connector c = authenticated(ctx, id);
        byte[] body = Params.bodyBytes(ctx, maxBodyBytes);
        ctx.json(service.receive(c, new Payload(ctx.contentType(), body)));
    }

    /**
     * The connector the equipment proved itself for: by its pinned client certificate where it has one (the equipment
     * port asks every connection for one), else by its token.
     */
    private Connector authenticated(Context ctx, String id) {
        Optional<ClientCertificate> pinned = store.certificate(id);
        if (pinned.isPresent()) {
            X509Certificate presented = clientCertificate(ctx);
            Optional<Connector> c = store.authenticate(id, presented, service.now());
            if (c.isPresent()) return c.get();
            // The caller learns no more than for an unknown connector; the connector's administrator sees why.
            service.unauthorised(id, presented == null
                    ? "refused a delivery without the registered client certificate (token or main port)"
                    : pinned.get().isOf(presented)
                    ? "refused a delivery: the registered client certificate expired on " + pinned.get().notAfter()
                    : "refused a delivery with another client certificate (SHA-256 " + ClientCertificate.of(presented).fingerprint()
                    + ", subject " + presented.getSubjectX500Principal().getName() + ")");
            throw unauthorised(ctx);
        }
        return store.authenticate(id, token(ctx)).orElseThrow(() -> {
            service.unauthorised(store.find(id).isPresent() ? id : "unknown");
            return unauthorised(ctx);
        });
    }

    private static ApiException unauthorised(Context ctx) {
        ctx.header("WWW-Authenticate", "Bearer");
        return new ApiException(401, "unknown connector or wrong token: send the connector's token as 'Authorization: Bearer <token>', "
                + "as the password of HTTP Basic, as x-api-key, or as ?token=; a connector with a registered client certificate "
                + "takes deliveries only over the equipment port, from a connection presenting that certificate (mutual TLS)");
    }

    /** The certificate the TLS connection's client presented (Jetty puts the verified chain here); null without one. */
    private static X509Certificate clientCertificate(Context ctx) {
        return ctx.req().getAttribute("jakarta.servlet.request.X509Certificate") instanceof X509Certificate[] chain && chain.length > 0
                ? chain[0] : null;
    }

    /**
     * Pins the client certificate the connector's equipment presents over the equipment port (one PEM certificate,
     * not expired); from then on the connector's token is refused.
     */
    private void pinCertificate(Context ctx) {
        Connector c = managed(ctx);
        if (!c.kind().posted())
            throw ApiException.badRequest("a " + c.kind() + " connector is not posted to (it reads its broker or its folder): "
                    + "there is no equipment connection to take a client certificate from");
        CertificateInput in = Params.body(ctx, CertificateInput.class, "{\"certificate\": \"-----BEGIN CERTIFICATE-----...\"}");
        if (in.certificate() == null || in.certificate().isBlank()) throw ApiException.badRequest("certificate: required, one X.509 certificate in PEM");
        if (in.certificate().contains("PRIVATE KEY"))
            throw ApiException.badRequest("certificate: this text holds a private key; send only the certificate (the key stays on the equipment)");
        List<X509Certificate> certs = PemCertificates.parse(in.certificate());
        if (certs.size() != 1)
            throw ApiException.badRequest("certificate: one X.509 certificate in PEM (-----BEGIN CERTIFICATE-----), the equipment's own; found "
                    + certs.size());
        ClientCertificate pinned = ClientCertificate.of(certs.getFirst());
        if (pinned.notAfter().isBefore(service.now()))
            throw ApiException.badRequest("certificate: expired on " + pinned.notAfter() + "; equipment cannot connect with it");
        store.pinCertificate(c.id(), pinned);
        ctx.json(view(store.find(c.id()).orElseThrow()));
    }

    private void unpinCertificate(Context ctx) {
        Connector c = managed(ctx);
        if (!store.unpinCertificate(c.id())) throw ApiException.notFound("connector '" + c.id() + "' has no client certificate");
        ctx.status(204);
    }

    private static String token(Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) return header.substring(7).trim();
        // Blue Iris set up for ALPR-Database sends its key as x-api-key.
        String apiKey = ctx.header("x-api-key");
        if (apiKey != null && !apiKey.isBlank()) return apiKey.strip();
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String pair = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                String password = colon < 0 ? pair : pair.substring(colon + 1);
                return password.isEmpty() && colon > 0 ? pair.substring(0, colon) : password;
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return ctx.queryParam("token");
    }

    private void list(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.MANAGE_CAMERAS);
        ctx.json(store.all().stream().filter(c -> sees(who, c)).map(this::view).toList());
    }

    private void create(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.MANAGE_CAMERAS);
        ConnectorInput in = Params.body(ctx, ConnectorInput.class, "a connector JSON object");
        String org = AccessFilter.ownOrganisation(who, in.organisation(), "a connector");
        if (org == null || org.isBlank()) throw ApiException.badRequest("organisation: required");
        if (in.id() == null || !in.id().matches("[a-z0-9][a-z0-9._-]{1,63}"))
            throw ApiException.badRequest("id: 2 to 64 of a-z 0-9 . _ - (it is part of the URL the equipment posts to)");
        ConnectorKind kind;
        try {
            kind = ConnectorKind.valueOf(in.kind() == null ? "" : in.kind().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("kind: one of " + java.util.Arrays.toString(ConnectorKind.values()));
        }
        String name = in.name() == null || in.name().isBlank() ? in.id() : in.name().strip();
        if (name.length() > 200) throw ApiException.badRequest("name: at most 200 characters");
        String camera = in.camera() == null || in.camera().isBlank() ? null : ownCamera(org, in.camera().strip()).id();
        // A folder connector reads and moves files of the server's own disk: the platform's operator decides which.
        if (kind == ConnectorKind.FOLDER && who.organisation() != null)
            throw ApiException.forbidden("a folder connector reads the server's own disk: only the system token creates one");
        if (store.find(in.id()).isPresent()) throw new ApiException(409, "connector '" + in.id() + "' exists");
        String token;
        try {
            token = store.create(new Connector(in.id(), org, kind, name, camera, null, settings(kind, in.settings())));
        } catch (IllegalStateException e) {
            if (String.valueOf(e.getMessage()).contains("organisation")) throw ApiException.notFound("no organisation '" + org + "'");
            if (String.valueOf(e.getMessage()).contains("duplicate key")) throw new ApiException(409, "connector '" + in.id() + "' exists");
            throw e;
        }
        RequestTransaction.atEnd(service::connectorsChanged);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("connector", view(store.find(in.id()).orElseThrow()));
        body.put("token", token);
        ctx.status(201).json(body);
    }

    private void get(Context ctx) {
        ctx.json(view(managed(ctx)));
    }

    private void delete(Context ctx) {
        Connector c = managed(ctx);
        service.imports().deleteOf(c.id());
        store.delete(c.id());
        RequestTransaction.atEnd(service::connectorsChanged);
        ctx.status(204);
    }

    private void rotate(Context ctx) {
        Connector c = managed(ctx);
        ctx.status(201).json(Map.of("connector", c.id(), "token", store.rotateToken(c.id())));
    }

    private void cameras(Context ctx) {
        Connector c = managed(ctx);
        ctx.json(Map.of("fixedCamera", c.camera() == null ? "" : c.camera(), "mappings", store.mappings(c.id()),
                "seen", store.seenCameras(c)));
    }

    /** Maps a vendor camera to one of the organisation's cameras; the reads held for it go through the pipeline now. */
    private void map(Context ctx) {
        Connector c = managed(ctx);
        MappingInput in = Params.body(ctx, MappingInput.class, "a mapping {\"vendorCamera\":..,\"camera\":..}");
        if (in.vendorCamera() == null || in.vendorCamera().isBlank() || in.vendorCamera().length() > 200)
            throw ApiException.badRequest("vendorCamera: required, at most 200 characters");
        if (in.camera() == null || in.camera().isBlank()) throw ApiException.badRequest("camera: required");
        Camera camera = ownCamera(c.organisation(), in.camera().strip());
        store.map(c.id(), in.vendorCamera(), camera.id());
        ConnectorService.Receipt replayed = service.replayHeld(store.find(c.id()).orElseThrow(), in.vendorCamera());
        ctx.json(Map.of("vendorCamera", in.vendorCamera(), "camera", camera.id(), "replayed", replayed));
    }

    private void unmap(Context ctx) {
        Connector c = managed(ctx);
        String vendorCamera = ctx.queryParam("vendorCamera");
        if (vendorCamera == null || !store.unmap(c.id(), vendorCamera))
            throw ApiException.notFound("no mapping of vendor camera '" + vendorCamera + "' in connector " + c.id());
        ctx.status(204);
    }

    /**
     * Historical reads from a CSV file through this connector, as a job: the file is checked (UTF-8 text, a header with
     * camera, plate and time, no overlong line), stored and answered 202 with its job, which runs after this request's
     * commit (see {@link CsvImports}). The same file posted again answers 200 with the job it already has. The record
     * names the file's SHA-256, in this request's transaction; the reads go through the pipeline in the job's own
     * transactions, never this request's (they would wait for the locks it holds).
     */
    private void importCsv(Context ctx) {
        Connector c = managed(ctx);
        Principal who = AccessFilter.principal(ctx);
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        if (!type.startsWith("text/csv") && !type.startsWith("text/plain")) throw new ApiException(415, "send the file as text/csv");
        String name = ctx.queryParam("name");
        if (name != null && (name.isBlank() || name.length() > 200 || name.chars().anyMatch(Character::isISOControl)))
            throw ApiException.badRequest("name: the file's name, 1 to 200 characters without control characters");
        byte[] file = ctx.bodyAsBytes(); // the import lane of the RequestGuard bounds it
        int lines;
        try {
            lines = CsvReads.check(file);
        } catch (UnreadablePayload e) {
            throw ApiException.badRequest(e.getMessage() + "; nothing was stored");
        }
        String sha256 = CsvImports.sha256(file);
        CsvImports imports = service.imports();
        CsvImports.Submitted s = imports.submit(c, file, lines, sha256, name == null ? null : name.strip(), who.label());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("action", s.created() ? "import CSV of reads" : "CSV of reads posted again: its earlier job");
        details.put("sha256", sha256);
        details.put("bytes", file.length);
        audit.recordChange(new AuditEntry(who.label(), AccessFilter.auditOrganisation(who, c.organisation()), AuditEntry.Action.ADMIN,
                "connector " + c.id() + " import " + s.job().id(), null, null, null, lines, details));
        if (s.created()) {
            long id = s.job().id();
            RequestTransaction.atEnd(() -> imports.start(id));
        }
        ctx.status(s.created() ? 202 : 200).json(s.job());
    }

    private static long importId(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("importId"));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("importId: a number");
        }
    }

    /**
     * Cancels a queued or running import: 200 with the job, CANCELLED; 409 when it had ended already (with its state).
     * The reads it delivered stay; the chunk being delivered at the moment is finished and counted. On the record.
     */
    private void cancelImport(Context ctx) {
        Connector c = managed(ctx);
        long id = importId(ctx);
        Principal who = AccessFilter.principal(ctx);
        CsvImports.Cancel cancel = service.imports().cancel(c.id(), id, who.label());
        CsvImports.Job job = cancel.job().orElseThrow(() -> ApiException.notFound("no import " + id + " in connector " + c.id()));
        if (!cancel.cancelled())
            throw new ApiException(409, "import " + id + " has ended already (" + job.state() + "); nothing to cancel");
        audit.recordChange(new AuditEntry(who.label(), AccessFilter.auditOrganisation(who, c.organisation()), AuditEntry.Action.ADMIN,
                "connector " + c.id() + " import " + id, null, null, null, job.linesRead(),
                Map.of("action", "cancel CSV import", "sha256", job.sha256())));
        ctx.json(job);
    }

    private void imports(Context ctx) {
        Connector c = managed(ctx);
        ctx.json(service.imports().of(c.id()));
    }

    /** One job with its progress and its first 1,000 refused lines (number and reason). */
    private void importJob(Context ctx) {
        Connector c = managed(ctx);
        long id = importId(ctx);
        CsvImports.Job job = service.imports().find(c.id(), id)
                .orElseThrow(() -> ApiException.notFound("no import " + id + " in connector " + c.id()));
        Map<String, Object> body = new LinkedHashMap<>(org.openanpr.http.Json.MAPPER.convertValue(job, Map.class));
        body.put("refusedLines", service.imports().refused(id));
        ctx.json(body);
    }

    private void rejected(Context ctx) {
        Connector c = managed(ctx);
        ctx.json(store.rejected(c.id()));
    }

    /**
     * A rejected payload as it came: for the administrator to see what the equipment sent. It may hold plates and
     * images, so every one shown is on the record.
     */
    private void rejectedPayload(Context ctx) {
        Connector c = managed(ctx);
        Principal who = AccessFilter.principal(ctx);
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("rejectedId"));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("rejectedId: a number");
        }
        Payload p = store.rejectedPayload(c.id(), id).orElseThrow(() -> ApiException.notFound("no rejected payload " + id + " in connector " + c.id()));
        audit.record(new AuditEntry(who.label(), AccessFilter.auditOrganisation(who, c.organisation()), AuditEntry.Action.ADMIN,
                "connector " + c.id() + " rejected payload " + id, null, null, null, 1, Map.of("action", "view rejected payload")));
        // Served as bytes to download, never rendered by the browser as the sender's HTML or script.
        ctx.header("Content-Disposition", "attachment; filename=\"rejected-" + c.id() + "-" + id + ".bin\"");
        ctx.contentType("application/octet-stream").result(p.body());
    }

    /**
     * Settings checked before they are stored: an MQTT connector needs a broker URL (tcp:// or ssl://) and a topic;
     * a generic one's field mapping names the plate and the time.
     */
    private static com.fasterxml.jackson.databind.JsonNode settings(ConnectorKind kind, com.fasterxml.jackson.databind.JsonNode given) {
        com.fasterxml.jackson.databind.node.ObjectNode s = given != null && given.isObject()
                ? ((com.fasterxml.jackson.databind.node.ObjectNode) given).deepCopy() : org.openanpr.http.Json.MAPPER.createObjectNode();
        if (given != null && !given.isNull() && !given.isObject()) throw ApiException.badRequest("settings: a JSON object");
        if (s.toString().length() > 8192) throw ApiException.badRequest("settings: at most 8 KiB");
        // How long held reads and rejected payloads are kept for the administrator (the retention purge deletes them after).
        for (String term : new String[]{"heldDays", "rejectedDays"}) {
            if (!s.has(term)) continue;
            com.fasterxml.jackson.databind.JsonNode v = s.get(term);
            if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 1 || v.asInt() > org.openanpr.retention.RetentionPeriod.MAX_DAYS)
                throw ApiException.badRequest("settings." + term + ": whole days, 1 to " + org.openanpr.retention.RetentionPeriod.MAX_DAYS);
        }
        if (kind == ConnectorKind.FOLDER) {
            String path = s.path("path").asText("");
            if (!path.startsWith("/") || !java.nio.file.Files.isDirectory(java.nio.file.Path.of(path)))
                throw ApiException.badRequest("settings.path: an absolute path of an existing folder on the server");
            try {
                FolderDrop.of(s);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage());
            }
            return s;
        }
        if (kind == ConnectorKind.BLUE_IRIS) {
            try {
                BlueIris.of(s);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage());
            }
        }
        if (!kind.mqtt()) return s;
        String broker = s.path("broker").asText("");
        if (!broker.matches("(tcp|ssl|ws|wss)://[^\\s/]+(:\\d+)?/?.*"))
            throw ApiException.badRequest("settings.broker: the MQTT broker as tcp://host:1883 or ssl://host:8883");
        if (kind == ConnectorKind.FRIGATE && !s.hasNonNull("topic")) s.put("topic", "frigate/events,frigate/tracked_object_update");
        if (s.path("topic").asText("").isBlank()) throw ApiException.badRequest("settings.topic: the topic(s) to subscribe to, comma-separated");
        if (kind == ConnectorKind.GENERIC_MQTT) {
            com.fasterxml.jackson.databind.JsonNode f = s.path("fields");
            if (!f.isMissingNode() && !f.isObject()) throw ApiException.badRequest("settings.fields: an object of our field → the message's path");
        }
        return s;
    }

    /** The connector of the path, when the caller may manage it; another organisation's answers 404 like an unknown one. */
    private Connector managed(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.MANAGE_CAMERAS);
        String id = ctx.pathParam("id");
        return store.find(id).filter(c -> sees(who, c)).orElseThrow(() -> ApiException.notFound("no connector '" + id + "'"));
    }

    private static boolean sees(Principal who, Connector c) {
        return who.organisation() == null || who.organisation().equals(c.organisation());
    }

    private Camera ownCamera(String organisation, String id) {
        return cameras.find(id).filter(cam -> cam.organisation().equals(organisation))
                .orElseThrow(() -> ApiException.notFound("no camera '" + id + "' in organisation " + organisation));
    }

    private ConnectorView view(Connector c) {
        long unmapped = c.camera() != null ? 0 : store.seenCameras(c).stream().filter(s -> s.camera() == null).count();
        return new ConnectorView(c.id(), c.organisation(), c.kind(), c.name(), c.camera(),
                c.kind().posted() ? INGEST_PREFIX + c.id() : null, c.createdAt(), c.publicSettings(), service.link(c),
                service.stats(c.id()), unmapped, store.certificate(c.id())
                .map(p -> new CertificateView(p.fingerprint(), p.subject(), p.notAfter())).orElse(null));
    }
}
