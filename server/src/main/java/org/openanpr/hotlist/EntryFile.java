package org.openanpr.hotlist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import org.openanpr.http.Csv;
import org.openanpr.http.Json;
import org.openanpr.http.Params;
import org.openanpr.plate.Country;
import org.openanpr.plate.InvalidPlateException;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a reference list file (CSV with a header, or a JSON array of objects) into entries. Every row is checked;
 * the first problems (up to {@value #MAX_PROBLEMS}) are reported together with their line or item number and
 * nothing is returned if there is any, so an import is all or nothing.
 *
 * <p>Columns: {@code plate} (required), {@code country}, {@code reason}, {@code amount}, {@code valid_from},
 * {@code valid_until}; free attributes as {@code attr.<name>}. A date without a time means the start of that day in
 * the Netherlands. {@code display} (the plate as written on it, which an export carries for people) is accepted and
 * ignored: it follows from the plate and country, so an export imports again as it is.
 */
public final class EntryFile {
    static final int MAX_PROBLEMS = 20;
    private static final Set<String> COLUMNS = Set.of("plate", "country", "reason", "amount", "valid_from", "valid_until");
    private static final Set<String> JSON_FIELDS = Set.of("plate", "country", "reason", "amount", "validFrom", "validUntil",
            "attributes");
    private static final String ATTRIBUTE_PREFIX = "attr.";
    private static final String DERIVED = "display";
    private static final ZoneId DATE_ZONE = ZoneId.of("Europe/Amsterdam");

    private EntryFile() {
    }

    public static List<EntryRow> parse(byte[] body, String contentType) {
        String text = utf8(body);
        String type = contentType == null ? "" : contentType.toLowerCase();
        if (type.startsWith("text/csv")) return csv(text);
        if (type.startsWith("application/json")) return json(text);
        throw new ImportException(List.of("Content-Type must be text/csv or application/json, not '" + contentType + "'"));
    }

    private static String utf8(byte[] body) {
        if (body.length >= 2 && ((body[0] & 0xFF) == 0xFF && (body[1] & 0xFF) == 0xFE
                || (body[0] & 0xFF) == 0xFE && (body[1] & 0xFF) == 0xFF))
            throw new ImportException(List.of("the file is UTF-16; save it as UTF-8"));
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new ImportException(List.of("the file is not valid UTF-8 (Latin-1 or Windows-1252? save it as UTF-8)"));
        }
    }

    private static List<EntryRow> csv(String text) {
        CsvMapper mapper = new CsvMapper();
        mapper.enable(CsvParser.Feature.WRAP_AS_ARRAY);
        mapper.enable(CsvParser.Feature.TRIM_SPACES);
        // Sized for the file's lines up front: growing the duplicate check took a third of a million-row parse.
        int lines = lines(text);
        List<EntryRow> rows = new ArrayList<>(lines);
        List<String> problems = new ArrayList<>();
        Map<String, Long> seen = HashMap.newHashMap(lines);
        try (MappingIterator<String[]> it = mapper.readerFor(String[].class).readValues(text)) {
            if (!it.hasNextValue()) throw new ImportException(List.of("the file is empty; expected a header line with 'plate'"));
            String[] header = it.nextValue();
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < header.length; i++) {
                String column = header[i].trim().toLowerCase();
                if (!COLUMNS.contains(column) && !column.startsWith(ATTRIBUTE_PREFIX) && !column.equals(DERIVED))
                    throw new ImportException(List.of("line 1: unknown column '" + header[i] + "'; expected " + COLUMNS
                            + " and free attributes as attr.<name>"));
                if (index.put(column, i) != null) throw new ImportException(List.of("line 1: column '" + column + "' appears twice"));
            }
            if (!index.containsKey("plate")) throw new ImportException(List.of("line 1: the header has no 'plate' column"));
            // the attribute columns' names once, not per row: a million rows made four million strings here
            String[] attributeOf = new String[header.length];
            for (int i = 0; i < header.length; i++) {
                String column = header[i].trim().toLowerCase();
                if (column.startsWith(ATTRIBUTE_PREFIX)) attributeOf[i] = column.substring(ATTRIBUTE_PREFIX.length());
            }
            while (it.hasNextValue() && problems.size() < MAX_PROBLEMS) {
                String[] values = it.nextValue();
                long line = it.getParser().currentTokenLocation().getLineNr();
                if (values.length == 1 && values[0].isEmpty()) continue;
                if (values.length != header.length) {
                    problems.add("line " + line + ": " + values.length + " fields, the header has " + header.length);
                    continue;
                }
                Map<String, String> attributes = Map.of();
                for (int i = 0; i < header.length; i++) {
                    if (attributeOf[i] != null && !values[i].isEmpty()) {
                        if (attributes.isEmpty()) attributes = new LinkedHashMap<>();
                        attributes.put(attributeOf[i], Csv.unescape(values[i]));
                    }
                }
                add(rows, problems, seen, line, "line", field(values, index, "plate"), field(values, index, "country"),
                        field(values, index, "reason"), field(values, index, "amount"),
                        field(values, index, "valid_from"), field(values, index, "valid_until"), attributes);
            }
        } catch (ImportException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            problems.add("not valid CSV: " + e.getMessage().lines().findFirst().orElse(""));
        }
        return result(rows, problems);
    }

    private static int lines(String text) {
        int n = 0;
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
        return n + 1;
    }

    private static List<EntryRow> json(String text) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new ImportException(List.of("not valid JSON: " + e.getMessage().lines().findFirst().orElse("")));
        }
        if (root == null || !root.isArray()) throw new ImportException(List.of("expected a JSON array of entries"));
        List<EntryRow> rows = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<String, Long> seen = new HashMap<>();
        for (int i = 0; i < root.size() && problems.size() < MAX_PROBLEMS; i++) {
            JsonNode item = root.get(i);
            if (!item.isObject()) {
                problems.add("item " + i + ": not an object");
                continue;
            }
            Map<String, String> attributes = new LinkedHashMap<>();
            JsonNode attrs = item.path("attributes");
            if (attrs.isObject()) for (Iterator<Map.Entry<String, JsonNode>> f = attrs.fields(); f.hasNext(); ) {
                Map.Entry<String, JsonNode> e = f.next();
                attributes.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
            }
            for (Iterator<String> names = item.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!JSON_FIELDS.contains(name))
                    problems.add("item " + i + ": unknown field '" + name + "'");
            }
            add(rows, problems, seen, i, "item", text(item, "plate"), text(item, "country"), text(item, "reason"),
                    text(item, "amount"), text(item, "validFrom"), text(item, "validUntil"), attributes);
        }
        return result(rows, problems);
    }

    private static void add(List<EntryRow> rows, List<String> problems, Map<String, Long> seen, long where, String unit,
                            String plate, String country, String reason, String amount, String from, String until,
                            Map<String, String> attributes) {
        try {
            EntryRow row = row(where, plate, country, reason, amount, from, until, attributes);
            Long earlier = seen.putIfAbsent(row.identity(), where);
            if (earlier != null) {
                problems.add(unit + " " + where + ": duplicate of " + unit + " " + earlier + " (" + row.plate()
                        + (row.country().isEmpty() ? "" : " " + row.country()) + ")");
                return;
            }
            rows.add(row);
        } catch (IllegalArgumentException e) {
            problems.add(unit + " " + where + ": " + e.getMessage());
        }
    }

    private static EntryRow row(long line, String plate, String country, String reason, String amount, String from,
                                String until, Map<String, String> attributes) {
        if (plate == null || plate.isBlank()) throw new IllegalArgumentException("plate: required");
        String pattern;
        try {
            pattern = ListEntry.pattern(plate);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("plate: " + e.getMessage());
        }
        String code = country == null || country.isBlank() ? "" : countryCode(country);
        BigDecimal money = null;
        if (amount != null && !amount.isBlank()) {
            try {
                money = new BigDecimal(amount.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("amount: '" + amount + "' is not a number (use a dot: 123.50)");
            }
            if (money.signum() < 0 || money.scale() > 2 || money.precision() - money.scale() > 10)
                throw new IllegalArgumentException("amount: '" + amount + "' must be a positive amount with at most 2 decimals");
        }
        Instant validFrom = time("valid_from", from);
        Instant validUntil = time("valid_until", until);
        if (validFrom != null && validUntil != null && !validUntil.isAfter(validFrom))
            throw new IllegalArgumentException("valid_until: must be after valid_from");
        if (reason != null && reason.length() > 1000) throw new IllegalArgumentException("reason: longer than 1000 characters");
        return new EntryRow(line, pattern, code, reason == null || reason.isBlank() ? null : reason.trim(), money,
                validFrom, validUntil, attributes);
    }

    private static String countryCode(String raw) {
        try {
            return Country.of(raw.trim()).code();
        } catch (InvalidPlateException e) {
            throw new IllegalArgumentException("country: " + e.getMessage());
        }
    }

    static Instant time(String field, String value) {
        if (value == null || value.isBlank()) return null;
        String v = value.trim();
        Instant t;
        try {
            t = v.length() == 10 ? LocalDate.parse(v).atStartOfDay(DATE_ZONE).toInstant() : OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + ": '" + value + "' is not a date (2026-11-23) or a time with offset (2026-11-23T08:00:00+01:00)");
        }
        return Params.inYears(field, t);
    }

    private static String field(String[] values, Map<String, Integer> index, String column) {
        Integer i = index.get(column);
        return i == null ? null : Csv.unescape(values[i]); // our own export defuses formulas; take that off again
    }

    private static String text(JsonNode item, String field) {
        JsonNode n = item.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static List<EntryRow> result(List<EntryRow> rows, List<String> problems) {
        if (!problems.isEmpty()) throw new ImportException(problems);
        return rows;
    }
}
