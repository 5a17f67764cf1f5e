package org.openanpr.feed;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A feed event as an ArcSight Common Event Format line, the form a control room's SIEM or syslog console reads:
 * {@code CEF:0|OpenANPR|OpenANPR|1|hit|ANPR hit: <list>|<severity>|<key=value ...>}. Header fields escape {@code \}
 * and {@code |}; extension values escape {@code \}, {@code =} and line ends (CEF rules), so a reason or an instruction
 * typed by a person cannot forge a field. Pure: the event's JSON in, one line out.
 */
public final class Cef {
    static final String VENDOR = "OpenANPR";
    static final String PRODUCT = "OpenANPR";
    static final String VERSION = "1";

    private Cef() {
    }

    /** A CEF line with the event it tells of ({@code hit}, {@code health}) and its CEF severity (0..10). */
    public record Line(String event, int severity, String text) {
    }

    /** The CEF line for a delivery body ({@code {"event":"hit","hit":{…}}} or {@code {"event":"health","health":{…}}}). */
    public static Line of(JsonNode body) {
        String event = text(body, "event");
        if ("health".equals(event)) return health(body.path("health"));
        return hit(body.path("hit"));
    }

    static Line hit(JsonNode h) {
        Map<String, String> ext = new LinkedHashMap<>();
        ext.put("rt", epochMillis(text(h, "time")));
        ext.put("externalId", text(h, "id"));
        ext.put("cat", "hit");
        ext.put("deviceExternalId", text(h, "camera"));
        ext.put("cs1Label", "plate");
        ext.put("cs1", text(h, "plate"));
        ext.put("cs2Label", "country");
        ext.put("cs2", text(h, "country"));
        ext.put("cs3Label", "list");
        ext.put("cs3", text(h, "listName"));
        ext.put("cs4Label", "reason");
        ext.put("cs4", text(h, "entryReason"));
        ext.put("cs5Label", "instruction");
        ext.put("cs5", text(h, "instruction"));
        ext.put("cs6Label", "organisation");
        ext.put("cs6", text(h, "organisation"));
        ext.put("cfp1Label", "confidence");
        ext.put("cfp1", text(h, "confidence"));
        ext.put("cn1Label", "priority");
        ext.put("cn1", text(h, "priority"));
        ext.put("dlat", text(h, "lat"));
        ext.put("dlong", text(h, "lon"));
        ext.put("msg", "plate " + text(h, "plate") + " at " + text(h, "camera") + " on list " + text(h, "listName"));
        int priority = h.path("priority").asInt(0);
        // Our priorities run 0 (routine) up; CEF severity 0..10, a hit is at least 6 (high) for a control room.
        int severity = Math.max(6, Math.min(10, 6 + priority));
        return new Line("hit", severity, line("hit", "ANPR hit: " + text(h, "listName"), severity, ext));
    }

    static Line health(JsonNode e) {
        Map<String, String> ext = new LinkedHashMap<>();
        ext.put("rt", epochMillis(text(e, "at")));
        ext.put("externalId", text(e, "id"));
        ext.put("cat", "camera-health");
        ext.put("deviceExternalId", text(e, "camera"));
        ext.put("cs1Label", "state");
        ext.put("cs1", text(e, "state"));
        ext.put("cs2Label", "previous");
        ext.put("cs2", text(e, "previous"));
        ext.put("cs6Label", "organisation");
        ext.put("cs6", text(e, "organisation"));
        ext.put("msg", text(e, "reason"));
        String state = text(e, "state");
        int severity = state == null || state.equals("OK") || state.equals("LEARNING") ? 3 : 7;
        return new Line("health", severity, line("camera-health", "camera " + text(e, "camera") + " " + state, severity, ext));
    }

    static String line(String classId, String name, int severity, Map<String, String> extension) {
        StringBuilder b = new StringBuilder("CEF:0|").append(header(VENDOR)).append('|').append(header(PRODUCT)).append('|')
                .append(header(VERSION)).append('|').append(header(classId)).append('|').append(header(name)).append('|')
                .append(severity).append('|');
        boolean first = true;
        for (Map.Entry<String, String> e : extension.entrySet()) {
            if (e.getValue() == null) continue;
            if (!first) b.append(' ');
            b.append(e.getKey()).append('=').append(value(e.getValue()));
            first = false;
        }
        return b.toString();
    }

    /** A header field: backslash and pipe escaped; a line end would end the record, so it becomes a space. */
    static String header(String s) {
        if (s == null) return "";
        return s.replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }

    /** An extension value: backslash and equals escaped, line ends as \n and \r. */
    static String value(String s) {
        return s.replace("\\", "\\\\").replace("=", "\\=").replace("\r", "\\r").replace("\n", "\\n");
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }

    private static String epochMillis(String iso) {
        if (iso == null) return null;
        try {
            return String.valueOf(Instant.parse(iso).toEpochMilli());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
