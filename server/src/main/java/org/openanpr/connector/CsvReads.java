package org.openanpr.connector;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A CSV file of historical reads (an older system's export): a header naming the columns, at least {@code camera},
 * {@code plate} and {@code time}; optionally {@code id}, {@code country}, {@code confidence}, {@code make}, {@code model},
 * {@code colour}, {@code vehicleType}, {@code direction}, {@code speed}, {@code lat}, {@code lon}. Comma or semicolon
 * separated (Dutch spreadsheets write semicolons), quotes as RFC 4180. Each line stands alone: a bad line is an error
 * with its number, the others go on. The camera column is the vendor camera (mapped like any other). A line's read id
 * comes from its {@code id} or else its camera, time and plate, so importing a file again adds nothing.
 */
public final class CsvReads {
    private CsvReads() {
    }

    /** The reads of the file and, per bad line, its number and what is wrong. */
    public record Parsed(List<VendorRead> reads, List<int[]> lines, Map<Integer, String> errors) {
    }

    public static Parsed parse(String text) throws UnreadablePayload {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        String[] rows = t.split("\r?\n", -1);
        if (rows.length == 0 || rows[0].isBlank()) throw new UnreadablePayload("empty file: expected a header line with camera, plate, time");
        char sep = rows[0].chars().filter(c -> c == ';').count() > rows[0].chars().filter(c -> c == ',').count() ? ';' : ',';
        List<String> header = split(rows[0], sep);
        Map<String, Integer> col = new HashMap<>();
        for (int i = 0; i < header.size(); i++) col.put(header.get(i).strip().toLowerCase(Locale.ROOT), i);
        for (String need : new String[]{"camera", "plate", "time"})
            if (!col.containsKey(need)) throw new UnreadablePayload("header: no '" + need + "' column (have " + header + ")");
        List<VendorRead> reads = new ArrayList<>();
        List<int[]> lines = new ArrayList<>();
        Map<Integer, String> errors = new java.util.TreeMap<>();
        for (int n = 1; n < rows.length; n++) {
            if (rows[n].isBlank()) continue;
            int lineNo = n + 1;
            try {
                List<String> f = split(rows[n], sep);
                String camera = get(f, col, "camera");
                String plate = Fields.plate(get(f, col, "plate"));
                String time = get(f, col, "time");
                if (camera == null) throw new UnreadablePayload("camera: empty");
                if (plate == null) throw new UnreadablePayload("plate: empty");
                if (time == null) throw new UnreadablePayload("time: empty");
                Instant at = time.matches("\\d{9,14}(\\.\\d+)?") ? Fields.epoch(Double.parseDouble(time)) : Fields.isoTime("time", time);
                String id = get(f, col, "id");
                List<String> notes = new ArrayList<>();
                reads.add(new VendorRead(camera, "csv/" + (id != null ? id : camera + "/" + at.toEpochMilli() + "/" + plate), plate,
                        VendorFormat.country(get(f, col, "country")), Fields.confidence(number(f, col, "confidence", 0.9), false), at,
                        number(f, col, "lat", null), number(f, col, "lon", null), null, null, get(f, col, "make"), get(f, col, "model"),
                        get(f, col, "colour"), get(f, col, "vehicletype"), get(f, col, "direction"), number(f, col, "speed", null), null, notes));
                lines.add(new int[]{lineNo});
            } catch (UnreadablePayload | NumberFormatException e) {
                errors.put(lineNo, e.getMessage());
            }
        }
        return new Parsed(reads, lines, errors);
    }

    private static String get(List<String> f, Map<String, Integer> col, String name) {
        Integer i = col.get(name);
        if (i == null || i >= f.size()) return null;
        String v = f.get(i).strip();
        return v.isEmpty() ? null : v;
    }

    private static Double number(List<String> f, Map<String, Integer> col, String name, Double otherwise) {
        String v = get(f, col, name);
        if (v == null) return otherwise;
        try {
            return Double.parseDouble(v.replace(',', '.'));
        } catch (NumberFormatException e) {
            throw new NumberFormatException(name + ": not a number: '" + Fields.abbreviate(v) + "'");
        }
    }

    /** One CSV line into fields; quotes as RFC 4180 ("" inside quotes is a quote). */
    static List<String> split(String line, char sep) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') quoted = false;
                else cur.append(c);
            } else if (c == '"') quoted = true;
            else if (c == sep) {
                out.add(cur.toString());
                cur.setLength(0);
            } else cur.append(c);
        }
        out.add(cur.toString());
        return out;
    }
}
