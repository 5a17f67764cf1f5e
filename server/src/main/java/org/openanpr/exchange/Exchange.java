package org.openanpr.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.openanpr.access.AccessFilter;
import org.openanpr.access.Permission;
import org.openanpr.access.Principal;
import org.openanpr.audit.AuditEntry;
import org.openanpr.db.RequestTransaction;
import org.openanpr.audit.AuditLog;
import org.openanpr.audit.ChangeRecorder;
import org.openanpr.hit.Hit;
import org.openanpr.hit.HitStore;
import org.openanpr.hotlist.EntryFile;
import org.openanpr.hotlist.EntryRow;
import org.openanpr.hotlist.ImportException;
import org.openanpr.hotlist.ListEntryStore;
import org.openanpr.hotlist.ListStore;
import org.openanpr.hotlist.Matcher;
import org.openanpr.hotlist.ReferenceList;
import org.openanpr.http.ApiException;
import org.openanpr.http.Json;
import org.openanpr.http.Params;

import javax.sql.DataSource;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Cross-border exchange: hits and list entries go to, and come from, an authority abroad (a Belgian federal police
 * unit, the German BKA) as an exchange document (docs/exchange.schema.json) carrying the legal basis and the sending
 * authority. An administrator keeps the organisation's exchange agreements (with whom, which kinds, which way, on
 * which legal basis, from when until when); a document is made or taken in only under an agreement valid now for
 * its kind and direction, and every exchange (and every refused one that came in) is audited ({@code EXCHANGE}) on
 * each side. Exchanges are a person's act: the system token neither sends nor receives.
 */
public final class Exchange implements AutoCloseable {
    static final Duration MAX_AGREEMENT = Duration.ofDays(5 * 366);
    private static final Pattern AUTHORITY = Pattern.compile("[A-Z0-9][A-Z0-9._-]{1,63}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    private final Agreements agreements;
    private final Documents documents;
    private final ListStore lists;
    private final ListEntryStore entries;
    private final Matcher matcher;
    private final HitStore hits;
    private final AuditLog audit;
    private final Clock clock;

    private final Duration retention;
    private final java.util.concurrent.ScheduledExecutorService purger = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "exchange-purge");
        t.setDaemon(true);
        return t;
    });

    /** @param retention how long documents sent and received (with the hits and entries in them) are kept */
    public Exchange(DataSource db, ListStore lists, ListEntryStore entries, Matcher matcher, HitStore hits, AuditLog audit, Clock clock,
                    Duration retention) {
        this.retention = retention;
        this.agreements = new Agreements(db);
        this.documents = new Documents(db, audit);
        this.lists = lists;
        this.entries = entries;
        this.matcher = matcher;
        this.hits = hits;
        this.audit = audit;
        this.clock = clock;
    }

    /** Purges documents past their retention now and then every hour. */
    public Exchange start() {
        purger.scheduleWithFixedDelay(this::purge, 1, 3600, java.util.concurrent.TimeUnit.SECONDS);
        return this;
    }

    /** Removes the documents exchanged longer ago than the retention; returns how many. */
    int purge() {
        try {
            return documents.purge(clock.instant().minus(retention));
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Exchange.class).warn("purging exchange documents failed", e);
            return 0;
        }
    }

    @Override
    public void close() {
        purger.shutdownNow();
    }

    public void register(Javalin app) {
        app.get("/api/v1/exchange/agreements", ctx -> {
            Principal who = AccessFilter.requireAny(ctx, Permission.MANAGE_SHARING, Permission.VIEW_HITS, Permission.VIEW_LISTS);
            Instant now = clock.instant();
            ctx.json(agreements.of(who.organisation()).stream().map(a -> view(a, now)).toList());
        });
        app.post("/api/v1/exchange/agreements", this::createAgreement);
        app.post("/api/v1/exchange/agreements/{id}/revoke", this::revokeAgreement);
        app.post("/api/v1/exchange/exports", this::export);
        app.post("/api/v1/exchange/imports", this::importDocument);
        app.get("/api/v1/exchange/documents", ctx -> {
            Principal who = AccessFilter.requireAny(ctx, Permission.VIEW_HITS, Permission.VIEW_LISTS);
            ctx.json(documents.of(who.organisation(), readable(who), 500));
        });
        app.get("/api/v1/exchange/documents/{id}", this::document);
    }

    // --- agreements ---

    record AgreementInput(String organisation, String ownAuthority, String ownCountry, String partnerAuthority, String partnerName,
                          String partnerCountry, ExchangeAgreement.Direction direction, List<ExchangeAgreement.Kind> kinds,
                          String legalBasis, Instant from, Instant until, String sharedKey) {
    }

    private void createAgreement(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.MANAGE_SHARING);
        AgreementInput in = Params.body(ctx, AgreementInput.class, "an exchange agreement {ownAuthority, ownCountry, "
                + "partnerAuthority, partnerName, partnerCountry, direction, kinds, legalBasis, from, until}");
        String organisation = AccessFilter.ownOrganisation(who, in.organisation(), "an exchange agreement");
        if (organisation == null) throw ApiException.badRequest("organisation: required with the system token");
        String own = code(in.ownAuthority(), "ownAuthority");
        String partner = code(in.partnerAuthority(), "partnerAuthority");
        if (own.equals(partner)) throw ApiException.badRequest("partnerAuthority: not your own authority");
        String ownCountry = country(in.ownCountry(), "ownCountry");
        String partnerCountry = country(in.partnerCountry(), "partnerCountry");
        if (ownCountry.equals(partnerCountry))
            throw ApiException.badRequest("partnerCountry: a cross-border agreement is with an authority of another country; "
                    + "within the country, use sharing agreements or federation");
        String partnerName = text(in.partnerName(), "partnerName", 200);
        String legalBasis = text(in.legalBasis(), "legalBasis", 500);
        if (in.direction() == null) throw ApiException.badRequest("direction: SEND, RECEIVE or BOTH");
        if (in.kinds() == null || in.kinds().isEmpty() || in.kinds().contains(null))
            throw ApiException.badRequest("kinds: at least one of HITS, LIST_ENTRIES");
        Instant from = in.from() == null ? clock.instant() : Params.valid(() -> Params.inYears("from", in.from()));
        if (in.until() == null) throw ApiException.badRequest("until: an agreement needs an end date");
        Instant until = Params.valid(() -> Params.inYears("until", in.until()));
        if (!until.isAfter(from)) throw ApiException.badRequest("until must be after from");
        if (Duration.between(from, until).compareTo(MAX_AGREEMENT) > 0)
            throw ApiException.badRequest("an exchange agreement runs at most five years; renew it when it ends");
        String sharedKey = in.sharedKey() == null || in.sharedKey().isBlank() ? null : in.sharedKey().strip();
        if (sharedKey != null) Params.valid(() -> DocumentSignature.key(sharedKey));
        ExchangeAgreement a = agreements.create(new Agreements.NewAgreement(organisation, own, ownCountry, partner, partnerName,
                partnerCountry, in.direction(), List.copyOf(new LinkedHashSet<>(in.kinds())), legalBasis, from, until, who.label(),
                sharedKey));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("action", "agreement created");
        details.put("partner", a.partnerAuthority());
        details.put("direction", a.direction().name());
        details.put("kinds", a.kinds().stream().map(Enum::name).toList());
        details.put("from", a.validFrom().toString());
        details.put("until", a.validUntil().toString());
        details.put("signed", a.sharedKey() != null);
        audit.recordChange(new AuditEntry(who.label(), organisation, AuditEntry.Action.EXCHANGE, "exchange agreement " + a.id(),
                a.legalBasis(), null, null, null, details));
        ctx.status(201).json(view(a, clock.instant()));
    }

    private void revokeAgreement(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.MANAGE_SHARING);
        long id = Params.id(ctx, "id");
        ExchangeAgreement a = agreements.find(id).filter(x -> who.organisation() == null || who.organisation().equals(x.organisation()))
                .orElseThrow(() -> ApiException.notFound("no exchange agreement " + id));
        if (!agreements.revoke(id, who.label(), clock.instant()))
            throw new ApiException(409, "exchange agreement " + id + " was already revoked");
        audit.recordChange(new AuditEntry(who.label(), a.organisation(), AuditEntry.Action.EXCHANGE, "exchange agreement " + id,
                a.legalBasis(), null, null, null, Map.of("action", "agreement revoked", "partner", a.partnerAuthority())));
        ctx.json(view(agreements.find(id).orElseThrow(), clock.instant()));
    }

    record AgreementView(long id, String organisation, String ownAuthority, String ownCountry, String partnerAuthority,
                         String partnerName, String partnerCountry, ExchangeAgreement.Direction direction,
                         List<ExchangeAgreement.Kind> kinds, String legalBasis, Instant from, Instant until,
                         ExchangeAgreement.Status status, boolean signed, String createdBy, Instant createdAt, Instant revokedAt,
                         String revokedBy) {
    }

    private static AgreementView view(ExchangeAgreement a, Instant now) {
        return new AgreementView(a.id(), a.organisation(), a.ownAuthority(), a.ownCountry(), a.partnerAuthority(), a.partnerName(),
                a.partnerCountry(), a.direction(), a.kinds(), a.legalBasis(), a.validFrom(), a.validUntil(), a.status(now),
                a.sharedKey() != null, a.createdBy(), a.createdAt(), a.revokedAt(), a.revokedBy());
    }

    // --- sending ---

    record ExportInput(Long agreementId, ExchangeAgreement.Kind kind, String purpose, String reference, List<UUID> hitIds,
                       Long listId, List<String> plates) {
    }

    private void export(Context ctx) {
        ExportInput in = Params.body(ctx, ExportInput.class, "an export {agreementId, kind, purpose, hitIds | listId}");
        if (in.kind() == null) throw ApiException.badRequest("kind: HITS or LIST_ENTRIES");
        Principal who = person(ctx, in.kind());
        if (in.agreementId() == null) throw ApiException.badRequest("agreementId: required, the agreement to send under");
        ExchangeAgreement a = agreements.find(in.agreementId()).filter(x -> x.organisation().equals(who.organisation()))
                .orElseThrow(() -> ApiException.notFound("no exchange agreement " + in.agreementId()));
        String refused = a.refusal(in.kind(), true, clock.instant());
        if (refused != null) throw ApiException.forbidden(refused);
        String purpose = text(in.purpose(), "purpose", 500);
        String reference = in.reference() == null || in.reference().isBlank() ? null : text(in.reference(), "reference", 100);
        ObjectNode doc = ExchangeDocument.head(a, in.kind(), purpose, reference, clock.instant());
        Long listId = null;
        int items;
        if (in.kind() == ExchangeAgreement.Kind.HITS) {
            if (in.hitIds() == null || in.hitIds().isEmpty() || in.hitIds().contains(null))
                throw ApiException.badRequest("hitIds: the hits to send, at least one");
            if (in.hitIds().size() > ExchangeDocument.MAX_ITEMS)
                throw ApiException.badRequest("hitIds: at most " + ExchangeDocument.MAX_ITEMS + " in one document");
            List<UUID> ids = List.copyOf(new LinkedHashSet<>(in.hitIds()));
            Map<UUID, Hit> found = new LinkedHashMap<>();
            for (Hit h : hits.find(ids)) found.put(h.id(), h);
            ArrayNode out = doc.putArray("hits");
            for (UUID id : ids) {
                Hit h = found.get(id);
                // Only the organisation's own hits (on its own lists) go abroad; another's is not named.
                if (h == null || !who.organisation().equals(h.organisation())) throw ApiException.notFound("hitIds: no hit " + id);
                out.add(ExchangeDocument.hit(h));
            }
            items = ids.size();
        } else {
            if (in.listId() == null) throw ApiException.badRequest("listId: the list whose entries to send");
            ReferenceList list = lists.find(in.listId()).filter(l -> l.organisation().equals(who.organisation()))
                    .orElseThrow(() -> ApiException.notFound("no list " + in.listId()));
            listId = list.id();
            ObjectNode meta = doc.putObject("list");
            meta.put("name", list.name());
            meta.put("category", list.category().name());
            meta.put("instruction", list.instruction());
            Set<String> only = null;
            if (in.plates() != null && !in.plates().isEmpty()) {
                only = new LinkedHashSet<>();
                for (String p : in.plates()) only.add(Params.plate(p));
            }
            ArrayNode selected = documents.entries(list.id(), only, ExchangeDocument.MAX_ITEMS + 1);
            if (selected.size() > ExchangeDocument.MAX_ITEMS)
                throw ApiException.badRequest("the list holds more than " + ExchangeDocument.MAX_ITEMS
                        + " entries; name the plates to send (plates)");
            if (selected.isEmpty()) throw ApiException.badRequest("plates: none of them is on the list");
            doc.set("entries", selected);
            items = selected.size();
        }
        if (a.sharedKey() != null) DocumentSignature.sign(doc, a.sharedKey());
        ChangeRecorder.inTransaction(ctx, who, 201);
        documents.store(a, "SENT", ExchangeDocument.read(doc), listId, who.label(), "sent to " + a.partnerAuthority());
        ctx.status(201).json(doc);
    }

    // --- receiving ---

    private void importDocument(Context ctx) {
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(ctx.bodyAsBytes());
        } catch (IOException e) {
            throw ApiException.badRequest("not JSON: an exchange document (docs/exchange.schema.json)");
        }
        ExchangeDocument.Incoming doc = Params.valid(() -> ExchangeDocument.read(body));
        Principal who = person(ctx, doc.kind());
        ChangeRecorder.inTransaction(ctx, who, 201);
        ExchangeAgreement a = agreementFor(who, doc);
        if (documents.received(who.organisation(), doc.id()))
            throw new ApiException(409, "document " + doc.id() + " was imported already");
        Long listId = null;
        Map<String, Object> extra = new LinkedHashMap<>();
        if (doc.kind() == ExchangeAgreement.Kind.LIST_ENTRIES) {
            Long target = Params.optionalLong(ctx, "listId");
            if (target == null) throw ApiException.badRequest("listId: the list of yours the entries go into");
            ReferenceList list = lists.find(target).filter(l -> l.organisation().equals(who.organisation()))
                    .orElseThrow(() -> ApiException.notFound("no list " + target));
            listId = list.id();
            ListEntryStore.Imported imported = addEntries(list, doc, who);
            extra.put("listId", list.id());
            extra.put("listVersion", imported.version().version());
        }
        documents.store(a, "RECEIVED", doc, listId, who.label(), "received from " + doc.sender());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("document", doc.id());
        out.put("kind", doc.kind());
        out.put("sender", doc.sender());
        out.put("agreementId", a.id());
        out.put("items", doc.items());
        out.putAll(extra);
        ctx.status(201).json(out);
    }

    /**
     * The agreement the document comes in under: one of the organisation's, with the sender as partner and naming the
     * organisation's side as the recipient, valid now for the kind. Refused (403, audited) otherwise, with the reason.
     */
    private ExchangeAgreement agreementFor(Principal who, ExchangeDocument.Incoming doc) {
        List<ExchangeAgreement> candidates = agreements.between(who.organisation(), doc.recipient(), doc.sender());
        String reason = null;
        for (ExchangeAgreement a : candidates) {
            String refused = a.refusal(doc.kind(), false, clock.instant());
            if (refused == null && !a.partnerCountry().equals(doc.senderCountry()))
                refused = "exchange agreement " + a.id() + " is with " + a.partnerAuthority() + " of " + a.partnerCountry()
                        + ", the document says " + doc.senderCountry();
            if (refused == null && a.sharedKey() != null) {
                String bad = DocumentSignature.problem(doc.content(), a.sharedKey());
                if (bad != null) refused = "exchange agreement " + a.id() + " with " + a.partnerAuthority() + " has a key: " + bad;
            }
            if (refused == null) return a;
            if (reason == null) reason = refused;
        }
        if (reason == null) reason = "no exchange agreement of " + who.organisation() + " as " + doc.recipient() + " with "
                + doc.sender() + ": the document is not taken in";
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("refused", reason);
        details.put("document", doc.id().toString());
        details.put("sender", doc.sender());
        details.put("kind", doc.kind().name());
        // The refusal stays on the record although the request it answers is rolled back.
        RequestTransaction.apart(() -> audit.record(new AuditEntry(who.label(), who.organisation(), AuditEntry.Action.EXCHANGE,
                "exchange document " + doc.id(), doc.legalBasis(), null, doc.purpose(), doc.items(), details)));
        throw ApiException.forbidden(reason);
    }

    /** The document's entries into the list as one delta, checked as an uploaded list file, marked with where they came from. */
    private ListEntryStore.Imported addEntries(ReferenceList list, ExchangeDocument.Incoming doc, Principal who) {
        ArrayNode marked = Json.MAPPER.createArrayNode();
        for (JsonNode e : doc.content().path("entries")) {
            ObjectNode copy = e.deepCopy();
            JsonNode attrs = copy.path("attributes");
            ObjectNode a = attrs.isObject() ? (ObjectNode) attrs : copy.putObject("attributes");
            a.put("exchangeSender", doc.sender());
            a.put("exchangeDocument", doc.id().toString());
            marked.add(copy);
        }
        List<EntryRow> rows;
        try {
            rows = EntryFile.parse(Json.MAPPER.writeValueAsBytes(marked), "application/json");
        } catch (ImportException e) {
            throw ApiException.badRequest("entries: " + String.join("; ", e.problems()));
        } catch (IOException e) {
            throw ApiException.badRequest("entries: unreadable");
        }
        String by = who.label() + " (exchange " + doc.sender() + ")";
        ListEntryStore.Imported imported = entries.delta(list.id(), rows, List.of(), by, v -> new AuditEntry(who.label(),
                list.organisation(), AuditEntry.Action.LIST_IMPORT, "list " + list.id(), doc.legalBasis(), null, doc.purpose(),
                v.total(), Map.of("mode", "exchange", "version", v.version(), "added", v.added(), "sender", doc.sender(),
                        "document", doc.id().toString())));
        // The entries, the document and both records commit together with the request; the matcher hears of them after.
        RequestTransaction.afterCommit(() -> matcher.entriesChanged(list.id(), imported));
        return imported;
    }

    // --- reading what was exchanged ---

    private void document(Context ctx) {
        Principal who = AccessFilter.requireAny(ctx, Permission.VIEW_HITS, Permission.VIEW_LISTS);
        long id = Params.id(ctx, "id");
        Documents.Stored d = documents.find(id).filter(x -> who.organisation() == null || who.organisation().equals(x.organisation()))
                .filter(x -> readable(who).contains(x.kind()))
                .orElseThrow(() -> ApiException.notFound("no exchange document " + id));
        audit.record(new AuditEntry(who.label(), d.organisation(), d.kind().equals("HITS") ? AuditEntry.Action.HIT_VIEW
                : AuditEntry.Action.LIST_VIEW, "exchange document " + d.documentId(), d.legalBasis(), null, d.purpose(), d.items(),
                Map.of("exchange", d.direction(), "partner", d.direction().equals("SENT") ? d.recipient() : d.sender())));
        ctx.json(d.content());
    }

    private static Set<String> readable(Principal who) {
        Set<String> kinds = new LinkedHashSet<>();
        if (who.can(Permission.VIEW_HITS)) kinds.add("HITS");
        if (who.can(Permission.VIEW_LISTS)) kinds.add("LIST_ENTRIES");
        return kinds;
    }

    /**
     * A person of an organisation who manages its lists (the lists, their legal basis and their hits are theirs to
     * answer for); for hits they must also be allowed to see hits. An officer on the road exchanges nothing abroad.
     */
    private static Principal person(Context ctx, ExchangeAgreement.Kind kind) {
        Principal who = AccessFilter.require(ctx, Permission.MANAGE_LISTS);
        if (kind == ExchangeAgreement.Kind.HITS) AccessFilter.require(ctx, Permission.VIEW_HITS);
        if (who.organisation() == null)
            throw ApiException.forbidden("an exchange abroad is a person's act: log in as a person of the organisation");
        return who;
    }

    private static String code(String v, String field) {
        if (v == null || !AUTHORITY.matcher(v.strip()).matches())
            throw ApiException.badRequest(field + ": an authority code of capitals, digits, . _ - (2 to 64), e.g. BE-FGP-ANTWERPEN");
        return v.strip();
    }

    private static String country(String v, String field) {
        if (v == null || !COUNTRY.matcher(v.strip()).matches()) throw ApiException.badRequest(field + ": an ISO 3166 code such as NL, BE, DE");
        return v.strip();
    }

    private static String text(String v, String field, int max) {
        if (v == null || v.isBlank()) throw ApiException.badRequest(field + ": required");
        if (v.length() > max) throw ApiException.badRequest(field + ": at most " + max + " characters");
        if (v.chars().anyMatch(ch -> ch < 0x20)) throw ApiException.badRequest(field + ": control characters");
        return v.strip();
    }
}
