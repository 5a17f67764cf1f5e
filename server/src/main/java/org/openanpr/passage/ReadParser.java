package org.openanpr.passage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import org.openanpr.http.Json;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Splits a request body into items. A JSON array that does not parse is one error for the whole body; in NDJSON
 * each line stands alone, so a broken line is one rejected item and the others go on.
 */
final class ReadParser {

    /** One item of the body: a read, or the reason it could not be read. */
    sealed interface Item {
        /** A read; its images as bytes where the sender gave them so, else as the read's base64 text. */
        record Parsed(IncomingRead read, byte[] plateJpeg, byte[] overviewJpeg) implements Item {
            Parsed(IncomingRead read) {
                this(read, null, null);
            }
        }

        record Unreadable(UUID id, String reason) implements Item {
        }
    }

    static final class MalformedBodyException extends RuntimeException {
        MalformedBodyException(String message) {
            super(message);
        }
    }

    private ReadParser() {
    }

    static List<Item> json(byte[] body) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MalformedBodyException("malformed JSON" + where(e) + ": " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new MalformedBodyException("unreadable body: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) throw new MalformedBodyException("empty body: send a JSON array of reads");
        if (root.isObject()) return List.of(item(root));
        if (!root.isArray()) throw new MalformedBodyException("expected a JSON array of reads (or one read object)");
        List<Item> items = new ArrayList<>(root.size());
        for (JsonNode node : root) items.add(item(node));
        return items;
    }

    static List<Item> ndjson(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        List<Item> items = new ArrayList<>();
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            if (line.isBlank()) continue;
            try {
                items.add(item(Json.MAPPER.readTree(line)));
            } catch (JsonProcessingException e) {
                items.add(new Item.Unreadable(null, "line " + lineNo + ": malformed JSON: " + e.getOriginalMessage()));
            }
        }
        return items;
    }

    /** Where the parser stopped; a limit exceeded (nesting, number length) comes without a location. */
    private static String where(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    private static Item item(JsonNode node) {
        if (!node.isObject()) return new Item.Unreadable(null, "a read must be a JSON object, got " + node.getNodeType().name().toLowerCase());
        UUID id = null;
        try {
            id = uuid(node);
            return new Item.Parsed(new IncomingRead(id, text(node, "camera"), text(node, "plate"), text(node, "country"),
                    number(node, "confidence"), time(node), number(node, "lat"), number(node, "lon"),
                    text(node, "plateImage"), text(node, "overviewImage"), text(node, "make"), text(node, "model"),
                    text(node, "colour"), text(node, "vehicleType"), direction(node), number(node, "speed")));
        } catch (IllegalArgumentException e) {
            return new Item.Unreadable(id, e.getMessage());
        }
    }

    private static UUID uuid(JsonNode node) {
        String s = text(node, "id");
        if (s == null) return null;
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("id: not a UUID: '" + s + "'");
        }
    }

    private static OffsetDateTime time(JsonNode node) {
        String s = text(node, "time");
        if (s == null) return null;
        try {
            return IsoTime.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("time: not ISO-8601 with offset: '" + s + "'");
        }
    }

    /** A direction is a word (in, out) or a heading, which cameras send as a number. */
    private static String direction(JsonNode node) {
        JsonNode v = node.get("direction");
        if (v != null && v.isNumber()) return v.asText();
        return text(node, "direction");
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw new IllegalArgumentException(field + ": must be a string");
        return v.asText();
    }

    private static Double number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return null;
        if (v.getNodeType() != JsonNodeType.NUMBER) throw new IllegalArgumentException(field + ": must be a number");
        return v.asDouble();
    }
}
