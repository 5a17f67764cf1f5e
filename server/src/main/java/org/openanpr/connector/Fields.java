package org.openanpr.connector;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.openanpr.http.Json;
import org.openanpr.passage.IsoTime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reading vendor messages the way equipment in the field writes them: a UTF-8 byte-order mark before the JSON,
 * numbers sent as strings, epoch times in seconds or milliseconds, ISO times with or without a zone, plates in
 * lower case with spaces or dashes.
 */
final class Fields {
    /** Epoch values above this are milliseconds: 10^11 seconds is the year 5138, 10^11 ms is 1973. */
    private static final double MILLIS_FROM = 1e11;

    private Fields() {
    }

    static JsonNode json(byte[] body) throws UnreadablePayload {
        int start = afterBom(body);
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body, start, body.length - start);
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new UnreadablePayload("malformed JSON" + at + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UnreadablePayload("unreadable body: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) throw new UnreadablePayload("empty body: expected a JSON object");
        if (!root.isObject()) throw new UnreadablePayload("expected a JSON object, got " + root.getNodeType().name().toLowerCase(Locale.ROOT));
        return root;
    }

    /**
     * Whether a message is to be read as JSON: declared so, declared as nothing, or JSON whatever its declared type:
     * equipment configured by hand (Blue Iris's web request, a relay posting with curl's default) often sends JSON as
     * {@code application/x-www-form-urlencoded} or {@code text/plain}. The first character after a byte-order mark and
     * white space is the test.
     */
    static boolean isJson(Payload payload) {
        String type = payload.mediaType();
        if (type.isEmpty() || type.contains("json")) return true;
        byte[] body = payload.body();
        int i = afterBom(body);
        while (i < body.length && Character.isWhitespace(body[i])) i++;
        return i < body.length && (body[i] == '{' || body[i] == '[');
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull() || v.isContainerNode()) return null;
        String s = v.asText().strip();
        return s.isEmpty() ? null : s;
    }

    /** A number, also when sent as a string ("93.8"); null when absent, blank or not a number. */
    static Double number(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull()) return null;
        if (v.isNumber()) return v.asDouble();
        return v.isTextual() ? number(v.asText()) : null;
    }

    /** A number written as text, with a decimal point or comma ("93.8", "93,8"); null when it is none. */
    static Double number(String text) {
        if (text == null) return null;
        try {
            double d = Double.parseDouble(text.strip().replace(',', '.'));
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static boolean bool(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null) return false;
        if (v.isBoolean()) return v.asBoolean();
        if (v.isNumber()) return v.asInt() != 0;
        return v.isTextual() && (v.asText().equalsIgnoreCase("true") || v.asText().equals("1"));
    }

    /** An epoch time in seconds or milliseconds, as a number or a string, or an ISO time. */
    static Instant time(JsonNode node, String field) throws UnreadablePayload {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull()) return null;
        Double epoch = number(node, field);
        if (epoch != null) return epoch(epoch);
        return isoTime(field, v.asText());
    }

    static Instant epoch(double value) {
        double millis = value >= MILLIS_FROM ? value : value * 1000;
        return Instant.ofEpochMilli(Math.round(millis));
    }

    /**
     * ISO-8601 as equipment writes it: the date and time apart by a space as well as by {@code T}, the offset as
     * {@code +01:00}, {@code +0100}, {@code +01}, {@code Z}, {@code UTC} or {@code GMT}, perhaps after a space. Without
     * an offset the time is taken as UTC (vendors that send local time set an offset).
     */
    static Instant isoTime(String field, String s) throws UnreadablePayload {
        String t = s.strip();
        try {
            return IsoTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            // not the canonical form: below
        }
        Matcher m = VENDOR_TIME.matcher(t);
        if (m.matches()) {
            try {
                LocalDateTime local = LocalDateTime.parse(m.group(1) + "T" + m.group(2).replace(',', '.'));
                return local.toInstant(offset(m.group(3)));
            } catch (DateTimeException e) {
                // an impossible date or offset: refused below
            }
        }
        throw new UnreadablePayload(field + ": not a time (epoch seconds or milliseconds, or ISO-8601): '" + abbreviate(t) + "'");
    }

    private static final Pattern VENDOR_TIME = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})[Tt ](\\d{2}:\\d{2}(?::\\d{2}(?:[.,]\\d{1,9})?)?)\\s*(Z|UTC|GMT|[+-]\\d{2}(?::?\\d{2})?)?",
            Pattern.CASE_INSENSITIVE);

    private static ZoneOffset offset(String written) {
        if (written == null || written.equalsIgnoreCase("Z") || written.equalsIgnoreCase("UTC") || written.equalsIgnoreCase("GMT"))
            return ZoneOffset.UTC;
        String digits = written.substring(1).replace(":", "");
        int hours = Integer.parseInt(digits.substring(0, 2));
        int minutes = digits.length() > 2 ? Integer.parseInt(digits.substring(2)) : 0;
        return written.charAt(0) == '-' ? ZoneOffset.ofHoursMinutes(-hours, -minutes) : ZoneOffset.ofHoursMinutes(hours, minutes);
    }

    private static final Pattern PLATE_SEPARATORS = Pattern.compile("[\\s\\-.·]");

    /** A plate as our pipeline takes it: upper case, without the spaces and dashes some equipment puts in. */
    static String plate(String raw) {
        if (raw == null) return null;
        String p = PLATE_SEPARATORS.matcher(raw.strip().toUpperCase(Locale.ROOT)).replaceAll("");
        return p.isEmpty() ? null : p;
    }

    /** Confidence as 0..1: vendors that count in percent (OpenALPR, Hikvision) send up to 100. */
    static double confidence(Double value, boolean percent) {
        if (value == null || !(value >= 0)) return 0;
        double c = percent || value > 1 ? value / 100 : value;
        return Math.min(1, c);
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    /** Where the text starts: after a UTF-8 byte-order mark, which some equipment writes before JSON or XML. */
    private static int afterBom(byte[] body) {
        return body.length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB && (body[2] & 0xFF) == 0xBF ? 3 : 0;
    }

    static String utf8(byte[] body) {
        int start = afterBom(body);
        return new String(body, start, body.length - start, StandardCharsets.UTF_8);
    }
}
