package org.openanpr.registry;

import com.fasterxml.jackson.databind.JsonNode;
import org.openanpr.http.Json;
import org.openanpr.zone.EuroClass;
import org.openanpr.zone.Vehicle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The live RDW open-data API (Socrata JSON: {@code <base>/m9d7-ebf2.json} for the registered vehicles,
 * {@code <base>/8ys7-d773.json} for their fuels; the same field names as the CSV), asked for the plates of a batch in
 * one request per dataset ({@code $where=kenteken in(...)}), with a cache (answers, "not registered" included, kept for
 * {@code ttl}; at most {@code maxEntries}) and a time-out per request. When the API does not answer in time or fails,
 * the plates it was asked about are absent, so their passages go to review as unknown, never to a fine; failures are
 * not cached. The lookup runs inside the storing transaction, so keep the time-out short (default 2 s).
 */
public final class RdwApiRegistry implements VehicleRegistry {
    private static final Logger log = LoggerFactory.getLogger(RdwApiRegistry.class);
    private static final int PLATES_PER_REQUEST = 100;
    private final URI base;
    private final String appToken;
    private final Duration timeout;
    private final Duration ttl;
    private final Clock clock;
    private final HttpClient http;
    private final Map<String, Cached> cache;

    private record Cached(Vehicle vehicle, Instant at) {
    }

    public RdwApiRegistry(URI base, String appToken, Duration timeout, Duration ttl, int maxEntries, Clock clock) {
        this.base = base;
        this.appToken = appToken;
        this.timeout = timeout;
        this.ttl = ttl;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.cache = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** The source chosen by {@code ANPR_REGISTRY=rdw-api}; base URL {@code ANPR_RDW_API}, optional {@code ANPR_RDW_APP_TOKEN}. */
    public static RdwApiRegistry fromEnvironment(Map<String, String> env, Clock clock) {
        String base = env.getOrDefault("ANPR_RDW_API", "https://opendata.rdw.nl/resource");
        return new RdwApiRegistry(URI.create(base.endsWith("/") ? base : base + "/"), env.get("ANPR_RDW_APP_TOKEN"),
                Duration.ofSeconds(2), Duration.ofHours(24), 200_000, clock);
    }

    @Override
    public String source() {
        return "rdw-api " + base.getHost();
    }

    @Override
    public Map<String, Vehicle> lookup(Connection c, Set<String> plates) {
        Map<String, Vehicle> out = new HashMap<>();
        List<String> missing = new ArrayList<>();
        Instant now = clock.instant();
        synchronized (cache) {
            for (String p : plates) {
                Cached hit = cache.get(p);
                if (hit != null && hit.at().plus(ttl).isAfter(now)) {
                    if (hit.vehicle() != null) out.put(p, hit.vehicle());
                } else if (p.matches("[A-Z0-9]{1,10}")) missing.add(p);
            }
        }
        for (int i = 0; i < missing.size(); i += PLATES_PER_REQUEST) {
            List<String> chunk = missing.subList(i, Math.min(missing.size(), i + PLATES_PER_REQUEST));
            try {
                Map<String, Vehicle> found = fetch(chunk);
                out.putAll(found);
                synchronized (cache) {
                    for (String p : chunk) cache.put(p, new Cached(found.get(p), now));
                }
            } catch (IOException | RuntimeException e) {
                log.warn("RDW API did not answer for {} plates ({}); they go to review as unknown", chunk.size(), e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return out;
    }

    private Map<String, Vehicle> fetch(List<String> plates) throws IOException, InterruptedException {
        String in = "kenteken in(" + String.join(",", plates.stream().map(p -> "'" + p + "'").toList()) + ")";
        JsonNode vehicles = get("m9d7-ebf2.json", in, plates.size());
        JsonNode fuels = get("8ys7-d773.json", in, plates.size() * 3);
        Map<String, Set<String>> fuelsOf = new HashMap<>();
        Map<String, Integer> euroOf = new HashMap<>();
        for (JsonNode f : fuels) {
            String p = f.path("kenteken").asText();
            String fuel = text(f, "brandstof_omschrijving");
            if (fuel != null) fuelsOf.computeIfAbsent(p, k -> new HashSet<>()).add(fuel.toUpperCase(Locale.ROOT));
            Integer euro = EuroClass.parse(text(f, "uitlaatemissieniveau"));
            if (euro == null) euro = EuroClass.parse(text(f, "emissiecode_omschrijving"));
            if (euro != null) euroOf.merge(p, euro, Math::max);
        }
        Map<String, Vehicle> out = new HashMap<>();
        for (JsonNode v : vehicles) {
            String p = v.path("kenteken").asText();
            if (!plates.contains(p)) continue;
            LocalDate first = null;
            try {
                first = RdwCsvLoader.date(text(v, "datum_eerste_toelating"), "datum_eerste_toelating");
            } catch (IllegalArgumentException e) {
                // an unreadable date is an unknown one: a rule that needs it sends the passage to review
            }
            Integer mass = null;
            try {
                String m = text(v, "toegestane_maximum_massa_voertuig");
                mass = m == null ? null : Integer.valueOf(m);
            } catch (NumberFormatException e) {
                // unknown mass
            }
            out.put(p, new Vehicle(p, text(v, "voertuigsoort"), text(v, "merk"), text(v, "handelsbenaming"),
                    text(v, "europese_voertuigcategorie"), fuelsOf.getOrDefault(p, Set.of()), euroOf.get(p), mass, first));
        }
        return out;
    }

    private JsonNode get(String dataset, String where, int limit) throws IOException, InterruptedException {
        URI uri = base.resolve(dataset + "?$where=" + URLEncoder.encode(where, StandardCharsets.UTF_8) + "&$limit=" + limit);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
        if (appToken != null && !appToken.isBlank()) b.header("X-App-Token", appToken);
        HttpResponse<byte[]> res = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (res.statusCode() != 200) throw new IOException("HTTP " + res.statusCode() + " from " + dataset);
        JsonNode node = Json.MAPPER.readTree(res.body());
        if (!node.isArray()) throw new IOException(dataset + " did not answer with a JSON array");
        return node;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) return null;
        String s = v.asText().strip();
        return s.isEmpty() ? null : s;
    }
}
