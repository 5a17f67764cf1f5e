package org.openanpr.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import org.openanpr.http.Json;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One auditable act as the caller describes it: who (actor, organisation) did what (action) to what (target), on which
 * legal basis, for which case and purpose, with how many results. {@link AuditLog} adds the sequence number, the time
 * and the hash chain.
 */
public record AuditEntry(String actor, String organisation, Action action, String target, String legalBasis,
                         String caseNumber, String purpose, Integer resultCount, Map<String, Object> details) {

    public enum Action {
        PASSAGE_SEARCH, HIT_VIEW, LIST_IMPORT, EXPORT, LOGIN, SHARING_CHANGE, ADMIN, AUDIT_VIEW, SEARCH_REQUEST,
        SEARCH_DECISION, CHANGE,
        /** A passage's image was read. */
        PASSAGE_VIEW,
        /** A list's entries were read. */
        LIST_VIEW,
        /** An object asked for by id was not shown (404): unknown, or another organisation's. */
        PROBE_REFUSED,
        /** List versions or hits exchanged with another node (federation), on each side. */
        FEDERATION,
        /** Plates were read from an uploaded image ({@code POST /api/v1/recognize}). */
        IMAGE_RECOGNITION,
        /** A cross-border exchange: a document sent abroad or received (or refused), an exchange agreement changed. */
        EXCHANGE
    }

    /** Hash of the record before the first: 32 zero bytes. */
    static final byte[] GENESIS = new byte[32];
    private static final String FORMAT = "openanpr-audit-v1";
    // Floats as BigDecimal, so that a number read back from jsonb keeps every digit it was written with.
    private static final ObjectReader EXACT = Json.MAPPER.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    public AuditEntry {
        if (actor == null || actor.isBlank()) throw new IllegalArgumentException("actor: required");
        if (action == null) throw new IllegalArgumentException("action: required");
        if (details != null) details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public static AuditEntry of(String actor, Action action, String target) {
        return new AuditEntry(actor, null, action, target, null, null, null, null, null);
    }

    /**
     * This entry's link in the chain: its hash when stored as record {@code seq} at {@code at} after {@code prevHash},
     * with its details in the canonical form that is stored ({@link #canonicalDetails(Map)}).
     */
    byte[] hash(long seq, Instant at, String canonicalDetails, byte[] prevHash) {
        return hash(seq, epochMicros(at), actor, organisation, action.name(), target, legalBasis, caseNumber, purpose,
                resultCount, canonicalDetails, prevHash);
    }

    /**
     * SHA-256 over an unambiguous encoding of a record: a format tag, then every field in a fixed order, each either
     * fixed-width or length-prefixed, with a marker byte telling null from empty. No two different records encode
     * to the same bytes, so a changed field always changes the hash.
     */
    static byte[] hash(long seq, long atMicros, String actor, String organisation, String action, String target,
                       String legalBasis, String caseNumber, String purpose, Integer resultCount, String canonicalDetails,
                       byte[] prevHash) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            text(out, FORMAT);
            out.writeLong(seq);
            out.writeLong(atMicros);
            for (String s : new String[] {actor, organisation, action, target, legalBasis, caseNumber, purpose})
                text(out, s);
            if (resultCount == null) out.writeByte(0);
            else {
                out.writeByte(1);
                out.writeInt(resultCount);
            }
            text(out, canonicalDetails);
            out.writeInt(prevHash.length);
            out.write(prevHash);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static void text(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeByte(0);
            return;
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeByte(1);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    /** PostgreSQL keeps microseconds; {@link AuditLog} truncates the time to them before storing and hashing. */
    static long epochMicros(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
    }

    static String canonicalDetails(Map<String, Object> details) {
        return details == null ? null : canonicalJson(Json.MAPPER.valueToTree(details));
    }

    /** The canonical form of details as read back from the jsonb column, which has its own key order and spacing. */
    static String canonicalDetails(String json) {
        return json == null ? null : canonicalJson(readDetails(json));
    }

    /** Details as stored, every digit of every number kept. */
    static JsonNode readDetails(String json) {
        try {
            return EXACT.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * JSON with object keys sorted, no whitespace and numbers written as plain decimals without trailing zeros
     * (1.0, 1 and 1E0 are all {@code 1}), so that the same value always gives the same text, whether it comes from
     * the caller's map or from PostgreSQL's jsonb, which stores numbers as numeric and orders keys its own way.
     */
    static String canonicalJson(JsonNode node) {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(text)) {
            write(g, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static void write(JsonGenerator g, JsonNode node) throws IOException {
        if (node.isObject()) {
            List<String> keys = new ArrayList<>();
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) keys.add(it.next());
            Collections.sort(keys);
            g.writeStartObject();
            for (String k : keys) {
                g.writeFieldName(k);
                write(g, node.get(k));
            }
            g.writeEndObject();
        } else if (node.isArray()) {
            g.writeStartArray();
            for (JsonNode element : node) write(g, element);
            g.writeEndArray();
        } else if (node.isNumber()) {
            if (node.isDouble() || node.isFloat()) {
                double d = node.doubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d))
                    throw new IllegalArgumentException("details: numbers must be finite, not " + d);
            }
            BigDecimal d = node.decimalValue();
            g.writeNumber(d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString());
        } else if (node.isTextual()) g.writeString(node.textValue());
        else if (node.isBoolean()) g.writeBoolean(node.booleanValue());
        else if (node.isNull() || node.isMissingNode()) g.writeNull();
        else if (node.isBinary()) g.writeString(node.asText()); // base64, as it reads back from jsonb
        else throw new IllegalArgumentException("details: cannot store " + node.getNodeType() + " in JSON");
    }
}
