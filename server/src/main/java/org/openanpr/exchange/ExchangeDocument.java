package org.openanpr.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.openanpr.hit.Hit;
import org.openanpr.http.Json;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The exchange document (docs/exchange.schema.json): hits or list entries with the sending and receiving authority,
 * the legal basis and the purpose. {@link #read} checks a document from outside field by field, as the schema does,
 * and names the first thing wrong with its path; nothing in a document that fails is taken in.
 */
final class ExchangeDocument {
    static final String FORMAT = "openanpr-exchange";
    static final int MAX_ITEMS = 10_000;
    private static final Pattern AUTHORITY = Pattern.compile("[A-Z0-9][A-Z0-9._-]{1,63}");
    private static final Pattern COUNTRY2 = Pattern.compile("[A-Z]{2}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{1,3}");
    private static final Pattern PLATE = Pattern.compile("[A-Z0-9 -]{1,20}");
    private static final Pattern CATEGORY = Pattern.compile("[A-Z_]{1,40}");
    private static final Set<String> FIELDS = Set.of("format", "version", "id", "createdAt", "kind", "sender", "recipient",
            "legalBasis", "purpose", "reference", "list", "hits", "entries", "signature");
    private static final Set<String> SIGNATURE_FIELDS = Set.of("alg", "value");
    private static final Pattern SIGNATURE_ALG = Pattern.compile("HMAC-SHA256");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]{40,96}={0,2}");
    private static final Set<String> AUTHORITY_FIELDS = Set.of("authority", "name", "country");
    private static final Set<String> LIST_FIELDS = Set.of("name", "category", "instruction");
    private static final Set<String> HIT_FIELDS = Set.of("id", "plate", "country", "time", "camera", "lat", "lon", "listName",
            "category", "reason", "instruction");

    /** A document that passed every check. */
    record Incoming(UUID id, ExchangeAgreement.Kind kind, String sender, String senderCountry, String recipient,
                    String legalBasis, String purpose, int items, ObjectNode content) {
    }

    private ExchangeDocument() {
    }

    /** A new document's head, as the agreement names both sides. */
    static ObjectNode head(ExchangeAgreement a, ExchangeAgreement.Kind kind, String purpose, String reference, Instant now) {
        ObjectNode d = Json.MAPPER.createObjectNode();
        d.put("format", FORMAT);
        d.put("version", 1);
        d.put("id", UUID.randomUUID().toString());
        d.put("createdAt", now.toString());
        d.put("kind", kind.name());
        ObjectNode sender = d.putObject("sender");
        sender.put("authority", a.ownAuthority());
        sender.put("country", a.ownCountry());
        ObjectNode recipient = d.putObject("recipient");
        recipient.put("authority", a.partnerAuthority());
        recipient.put("name", a.partnerName());
        recipient.put("country", a.partnerCountry());
        d.put("legalBasis", a.legalBasis());
        d.put("purpose", purpose);
        if (reference != null) d.put("reference", reference);
        return d;
    }

    /** A hit as it goes abroad: what the other side needs to act, not the handling of it here. */
    static ObjectNode hit(Hit h) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", h.id().toString());
        o.put("plate", h.plate());
        o.put("country", h.country());
        o.put("time", h.time().toString());
        o.put("camera", h.camera());
        if (h.lat() != null) o.put("lat", h.lat());
        if (h.lon() != null) o.put("lon", h.lon());
        o.put("listName", h.listName());
        o.put("category", h.category());
        o.put("reason", h.entryReason());
        o.put("instruction", h.instruction());
        return o;
    }

    /** Checks a document from outside; IllegalArgumentException naming the first problem otherwise. */
    static Incoming read(JsonNode d) {
        if (d == null || !d.isObject()) throw new IllegalArgumentException("expected an exchange document (a JSON object)");
        onlyFields(d, FIELDS, "");
        if (!FORMAT.equals(d.path("format").asText(null))) throw new IllegalArgumentException("format: must be '" + FORMAT + "'");
        if (!d.path("version").isInt() || d.path("version").asInt() != 1)
            throw new IllegalArgumentException("version: this node reads version 1");
        UUID id = uuid(d.path("id"), "id");
        time(d.path("createdAt"), "createdAt");
        ExchangeAgreement.Kind kind;
        try {
            kind = ExchangeAgreement.Kind.valueOf(d.path("kind").asText(""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("kind: HITS or LIST_ENTRIES");
        }
        JsonNode sender = authority(d.path("sender"), "sender");
        JsonNode recipient = authority(d.path("recipient"), "recipient");
        String legalBasis = text(d.path("legalBasis"), "legalBasis", 500, true);
        String purpose = text(d.path("purpose"), "purpose", 500, true);
        text(d.path("reference"), "reference", 100, false);
        JsonNode signature = d.path("signature");
        if (!signature.isMissingNode()) {
            if (!signature.isObject()) throw new IllegalArgumentException("signature: {alg, value}");
            onlyFields(signature, SIGNATURE_FIELDS, "signature.");
            pattern(signature.path("alg"), "signature.alg", SIGNATURE_ALG, true);
            pattern(signature.path("value"), "signature.value", BASE64, true);
        }
        int items;
        if (kind == ExchangeAgreement.Kind.HITS) {
            if (d.has("entries") || d.has("list")) throw new IllegalArgumentException("a HITS document holds hits, not entries or a list");
            ArrayNode hits = array(d.path("hits"), "hits");
            for (int i = 0; i < hits.size(); i++) hit(hits.get(i), "hits[" + i + "]");
            items = hits.size();
        } else {
            if (d.has("hits")) throw new IllegalArgumentException("a LIST_ENTRIES document holds entries, not hits");
            JsonNode list = d.path("list");
            if (!list.isObject()) throw new IllegalArgumentException("list: required, {name, category}");
            onlyFields(list, LIST_FIELDS, "list.");
            text(list.path("name"), "list.name", 200, true);
            pattern(list.path("category"), "list.category", CATEGORY, true);
            text(list.path("instruction"), "list.instruction", 500, false);
            // The entries themselves are checked as an uploaded list file is, when they are imported.
            items = array(d.path("entries"), "entries").size();
        }
        return new Incoming(id, kind, sender.path("authority").asText(), sender.path("country").asText(),
                recipient.path("authority").asText(), legalBasis, purpose, items, (ObjectNode) d);
    }

    private static void hit(JsonNode h, String at) {
        if (!h.isObject()) throw new IllegalArgumentException(at + ": expected an object");
        onlyFields(h, HIT_FIELDS, at + ".");
        uuid(h.path("id"), at + ".id");
        pattern(h.path("plate"), at + ".plate", PLATE, true);
        pattern(h.path("country"), at + ".country", COUNTRY, false);
        time(h.path("time"), at + ".time");
        text(h.path("camera"), at + ".camera", 100, true);
        number(h.path("lat"), at + ".lat", 90);
        number(h.path("lon"), at + ".lon", 180);
        text(h.path("listName"), at + ".listName", 200, true);
        pattern(h.path("category"), at + ".category", CATEGORY, true);
        text(h.path("reason"), at + ".reason", 500, false);
        text(h.path("instruction"), at + ".instruction", 500, false);
    }

    private static JsonNode authority(JsonNode a, String at) {
        if (!a.isObject()) throw new IllegalArgumentException(at + ": required, {authority, country}");
        onlyFields(a, AUTHORITY_FIELDS, at + ".");
        pattern(a.path("authority"), at + ".authority", AUTHORITY, true);
        pattern(a.path("country"), at + ".country", COUNTRY2, true);
        text(a.path("name"), at + ".name", 200, false);
        return a;
    }

    private static ArrayNode array(JsonNode n, String at) {
        if (!n.isArray()) throw new IllegalArgumentException(at + ": required, an array");
        if (n.size() > MAX_ITEMS) throw new IllegalArgumentException(at + ": at most " + MAX_ITEMS + " in one document");
        return (ArrayNode) n;
    }

    private static void onlyFields(JsonNode o, Set<String> allowed, String at) {
        for (Iterator<String> names = o.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) throw new IllegalArgumentException(at + name + ": not a field of an exchange document");
        }
    }

    private static String text(JsonNode n, String at, int max, boolean required) {
        if (n.isMissingNode() || n.isNull()) {
            if (required) throw new IllegalArgumentException(at + ": required");
            return null;
        }
        if (!n.isTextual()) throw new IllegalArgumentException(at + ": must be text");
        String v = n.asText();
        if (required && v.isBlank()) throw new IllegalArgumentException(at + ": required");
        if (v.length() > max) throw new IllegalArgumentException(at + ": at most " + max + " characters");
        if (v.chars().anyMatch(ch -> ch < 0x20 && ch != '\n' && ch != '\t')) throw new IllegalArgumentException(at + ": control characters");
        return v;
    }

    private static void pattern(JsonNode n, String at, Pattern p, boolean required) {
        String v = text(n, at, 100, required);
        if (v != null && !p.matcher(v).matches()) throw new IllegalArgumentException(at + ": '" + abbreviate(v) + "' does not match " + p.pattern());
    }

    private static void number(JsonNode n, String at, double limit) {
        if (n.isMissingNode() || n.isNull()) return;
        if (!n.isNumber() || Math.abs(n.asDouble()) > limit) throw new IllegalArgumentException(at + ": a number from -" + (int) limit + " to " + (int) limit);
    }

    private static UUID uuid(JsonNode n, String at) {
        try {
            return UUID.fromString(text(n, at, 36, true));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + ": a UUID");
        }
    }

    private static void time(JsonNode n, String at) {
        try {
            Instant t = OffsetDateTime.parse(text(n, at, 40, true)).toInstant();
            if (t.isBefore(Instant.parse("1900-01-01T00:00:00Z")) || t.isAfter(Instant.parse("9999-12-31T00:00:00Z")))
                throw new IllegalArgumentException(at + ": out of range");
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(at + ": a date and time with its offset, e.g. 2026-12-01T10:15:00+01:00");
        }
    }

    private static String abbreviate(String v) {
        return v.length() > 30 ? v.substring(0, 30) + "…" : v;
    }
}
