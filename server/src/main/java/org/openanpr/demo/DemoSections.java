package org.openanpr.demo;

import org.openanpr.http.ApiClient;

import java.util.Locale;

/**
 * The demo's section speed control: the Waterlinieweg northbound from Galgenwaard to the Weg der Verenigde Naties, an
 * 80 km/h city through road, with the road distance the demo traffic drives. Ordinary demo traffic stays under the
 * limit there; the speeders {@link DemoTraffic} plants do not.
 */
public final class DemoSections {
    static final String ENTRY = "UT-WLW-01";
    static final String EXIT = "UT-WVN-01";
    static final int LIMIT_KMH = 80;

    private DemoSections() {
    }

    public static void install(ApiClient api, String organisation, DemoRegion region) throws Exception {
        RoadNetwork roads = new RoadNetwork(region);
        double metres = roads.roadKm(roads.link(ENTRY, EXIT)) * 1000;
        for (com.fasterxml.jackson.databind.JsonNode s : api.get("/api/v1/sections"))
            if (s.path("entryCamera").asText().equals(ENTRY) && s.path("exitCamera").asText().equals(EXIT)) return; // an earlier start's
        api.post("/api/v1/sections", "application/json", String.format(Locale.ROOT, """
                    {"name":"Waterlinieweg Galgenwaard - Overvecht","entryCamera":"%s","exitCamera":"%s","distanceMetres":%.1f,
                 "limitKmh":%d,"organisation":"%s"}""", ENTRY, EXIT, metres, LIMIT_KMH, organisation));
    }
}
