package org.openanpr.camera;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.openanpr.http.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bulk camera files. CSV has a header with the {@link CameraInput} field names; GeoJSON is a FeatureCollection of
 * Points whose properties carry the other fields. The first bad row fails the whole file, named by line or feature.
 */
public final class CameraImport {
    private static final Set<String> CSV_COLUMNS =
            Set.of("id", "name", "type", "lat", "lon", "heading", "lane", "direction", "organisation", "status");

    private CameraImport() {
    }

    public static List<Camera> fromCsv(String text, String defaultOrganisation) {
        CsvMapper mapper = new CsvMapper();
        mapper.enable(CsvParser.Feature.TRIM_SPACES);
        mapper.enable(CsvParser.Feature.FAIL_ON_MISSING_HEADER_COLUMNS);
        List<Camera> cameras = new ArrayList<>();
        try (MappingIterator<Map<String, String>> rows = mapper.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(text)) {
            Map<String, Camera> byId = new LinkedHashMap<>();
            boolean headerChecked = false;
            while (rows.hasNextValue()) {
                Map<String, String> row = rows.nextValue();
                // The row's last token, not the reader's position, which is already past the row's newline.
                long line = rows.getParser().currentTokenLocation().getLineNr();
                if (!headerChecked) {
                    for (String column : row.keySet())
                        if (!CSV_COLUMNS.contains(column))
                            throw new ImportException("line 1: unknown column '" + column + "', expected some of " + CSV_COLUMNS);
                    headerChecked = true;
                }
                try {
                    CameraInput input = new CameraInput(row.get("id"), row.get("name"), row.get("type"),
                            number(row, "lat"), number(row, "lon"), number(row, "heading"), row.get("lane"),
                            row.get("direction"), row.get("organisation"), row.get("status"));
                    add(byId, input.withDefaultOrganisation(defaultOrganisation).validate());
                } catch (IllegalArgumentException e) {
                    throw new ImportException("line " + line + ": " + e.getMessage());
                }
            }
            cameras.addAll(byId.values());
        } catch (IOException | RuntimeException e) {
            if (e instanceof ImportException ie) throw ie;
            throw new ImportException("not valid CSV: " + e.getMessage());
        }
        if (cameras.isEmpty()) throw new ImportException("the file holds no cameras");
        return cameras;
    }

    public static List<Camera> fromGeoJson(String text, String defaultOrganisation) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ImportException("not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !"FeatureCollection".equals(root.path("type").asText()) || !root.path("features").isArray())
            throw new ImportException("expected a GeoJSON FeatureCollection with a features array");
        Map<String, Camera> byId = new LinkedHashMap<>();
        int index = 0;
        for (JsonNode feature : root.get("features")) {
            try {
                JsonNode geometry = feature.path("geometry");
                if (!"Point".equals(geometry.path("type").asText()) || geometry.path("coordinates").size() < 2)
                    throw new IllegalArgumentException("geometry must be a Point [lon, lat]");
                JsonNode p = feature.path("properties");
                CameraInput input = new CameraInput(text(p, "id"), text(p, "name"), text(p, "type"),
                        geometry.get("coordinates").get(1).asDouble(), geometry.get("coordinates").get(0).asDouble(),
                        p.hasNonNull("heading") ? p.get("heading").asDouble() : null, text(p, "lane"),
                        text(p, "direction"), text(p, "organisation"), text(p, "status"));
                add(byId, input.withDefaultOrganisation(defaultOrganisation).validate());
            } catch (IllegalArgumentException e) {
                throw new ImportException("feature " + index + ": " + e.getMessage());
            }
            index++;
        }
        if (byId.isEmpty()) throw new ImportException("the file holds no cameras");
        return new ArrayList<>(byId.values());
    }

    private static void add(Map<String, Camera> byId, Camera camera) {
        if (byId.putIfAbsent(camera.id(), camera) != null)
            throw new IllegalArgumentException("camera id '" + camera.id() + "' appears twice");
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static Double number(Map<String, String> row, String field) {
        String v = row.get(field);
        if (v == null || v.isBlank()) return null;
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + ": not a number: '" + v + "'");
        }
    }

    /** A rejected import file; nothing of it was stored. */
    public static final class ImportException extends RuntimeException {
        public ImportException(String message) {
            super(message);
        }
    }
}
