package org.openanpr.connector;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
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
 * separated (Dutch spreadsheets write semicolons), quotes as RFC 4180 within a line. Each line stands alone: a bad line
 * is refused with its number, the others go on ({@link CsvImports} runs a file as a job). The camera column is the vendor camera (mapped like any other). A line's read id
 * comes from its {@code id} or else its camera, time and plate, so importing a file again adds nothing.
 */
public final class CsvReads {
    /** The longest line taken: a CSV of reads has short lines; a longer one is not such a file. */
    public static final int MAX_LINE = 8_192;

    private CsvReads() {
    }

    /** The columns of a file, from its header line: each data line becomes a read through {@link #read}. */
    public record Header(char separator, Map<String, Integer> columns) {
        /**
         * One data line as a read.
         *
         * @throws UnreadablePayload    a required field is empty or the time cannot be read
         * @throws NumberFormatException a number field is no number
         */
        public VendorRead read(String line) throws UnreadablePayload {
            List<String> f = split(line, separator);
            String camera = get(f, columns, "camera");
            String plate = Fields.plate(get(f, columns, "plate"));
            String time = get(f, columns, "time");
            if (camera == null) throw new UnreadablePayload("camera: empty");
            if (plate == null) throw new UnreadablePayload("plate: empty");
            if (time == null) throw new UnreadablePayload("time: empty");
            Instant at = time.matches("\\d{9,14}(\\.\\d+)?") ? Fields.epoch(Double.parseDouble(time)) : Fields.isoTime("time", time);
            String id = get(f, columns, "id");
            return new VendorRead(camera, "csv/" + (id != null ? id : camera + "/" + at.toEpochMilli() + "/" + plate), plate,
                    VendorFormat.country(get(f, columns, "country")), Fields.confidence(number(f, columns, "confidence", 0.9), false), at,
                    number(f, columns, "lat", null), number(f, columns, "lon", null), null, null, get(f, columns, "make"),
                    get(f, columns, "model"), get(f, columns, "colour"), get(f, columns, "vehicletype"), get(f, columns, "direction"),
                    number(f, columns, "speed", null), null, List.of());
        }
    }

    /** The header line: comma or semicolon separated (whichever it has more of), naming at least camera, plate, time. */
    public static Header header(String line) throws UnreadablePayload {
        String h = line == null ? "" : line.startsWith("\uFEFF") ? line.substring(1) : line;
        if (h.isBlank()) throw new UnreadablePayload("empty file: expected a header line with camera, plate, time");
        char sep = h.chars().filter(c -> c == ';').count() > h.chars().filter(c -> c == ',').count() ? ';' : ',';
        List<String> names = split(h, sep);
        Map<String, Integer> col = new HashMap<>();
        for (int i = 0; i < names.size(); i++) col.put(names.get(i).strip().toLowerCase(Locale.ROOT), i);
        for (String need : new String[]{"camera", "plate", "time"})
            if (!col.containsKey(need))
                throw new UnreadablePayload("header: no '" + need + "' column (have " + Fields.abbreviate(names.toString()) + ")");
        return new Header(sep, Map.copyOf(col));
    }

    /** The lines of a stored file, as {@link #check} read them (a line ends at LF, CR LF or CR). */
    public static BufferedReader lines(byte[] file) {
        return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(file), StandardCharsets.UTF_8));
    }

    /**
     * Checks a whole file before it is taken as an import, so that what is not a CSV of reads is refused at once and
     * nothing of it stored: UTF-8 text (no NUL), a header naming camera, plate and time, no line over
     * {@link #MAX_LINE} characters. Returns its number of data lines.
     */
    public static int check(byte[] file) throws UnreadablePayload {
        java.nio.charset.CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        String text;
        try {
            text = utf8.decode(java.nio.ByteBuffer.wrap(file)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new UnreadablePayload("not UTF-8 text: not a CSV file");
        }
        if (text.indexOf('\0') >= 0) throw new UnreadablePayload("binary content (a NUL character): not a CSV file");
        int data = 0, n = 0;
        try (BufferedReader in = new BufferedReader(new java.io.StringReader(text))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                n++;
                if (line.length() > MAX_LINE)
                    throw new UnreadablePayload("line " + n + ": " + line.length() + " characters, at most " + MAX_LINE + " are taken");
                if (n == 1) header(line);
                else if (!line.isBlank()) data++;
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (n == 0) throw new UnreadablePayload("empty file: expected a header line with camera, plate, time");
        return data;
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
