package org.openanpr.demo;

import com.fasterxml.jackson.databind.JsonNode;
import org.openanpr.http.ApiClient;

import java.util.Map;

/**
 * The demo's pattern profile: three city cameras stand for the entrances of car parks (the demo region has no carpool
 * cameras of its own, so these are labels for the demo), and the organisation's "Carpoolhopper" profile is switched
 * on. {@link DemoTraffic} plants a hopper about every {@value DemoTraffic#HOPPER_MINUTES} minutes: a car that pulls into
 * each of the three in turn for a few minutes. Ordinary traffic drives past them, which is no visit.
 */
public final class DemoProfiles {
    /** Camera id → the place the demo says it watches, in the order the hopper visits them. */
    static final Map<String, String> PLACES = new java.util.LinkedHashMap<>(Map.of());

    static {
        PLACES.put("UT-EUR-01", "P+R Westraven");
        PLACES.put("UT-VLW-01", "P+R Leidsche Rijn");
        PLACES.put("UT-BRW-01", "P+R Science Park");
    }

    private DemoProfiles() {
    }

    public static void install(ApiClient api, String organisation) throws Exception {
        for (Map.Entry<String, String> p : PLACES.entrySet())
            api.put("/api/v1/camera-places/" + p.getKey(), "application/json",
                    "{\"place\":\"" + p.getValue() + "\",\"tags\":[\"parking\"]}");
        for (JsonNode existing : api.get("/api/v1/profiles"))
            if (existing.path("name").asText().equals("Carpoolhopper") && existing.path("organisation").asText().equals(organisation)) return;
        api.post("/api/v1/profiles", "application/json", """
                {"organisation":"%s","name":"Carpoolhopper","active":true,
                 "purpose":"Autokraak en diefstal op carpoolplaatsen en P+R-terreinen (ITrechter): voertuigen die in korte tijd meerdere terreinen kort aandoen",
                 "legalBasis":"art. 126ff Sv; Aanwijzing ANPR; demo",
                 "definition":{"rule":"distinctPlaces","placeTags":["carpool","parking"],"minPlaces":3,"withinHours":4,"maxStayMinutes":30}}"""
                .formatted(organisation));
        api.post("/api/v1/profiles", "application/json", """
                {"organisation":"%s","name":"Grenspendel","active":false,
                 "purpose":"Drugstransport: 's nachts meermaals per week over de grens en terug (de demoregio heeft geen grensovergang)",
                 "legalBasis":"art. 126ff Sv; Aanwijzing ANPR; demo",
                 "definition":{"rule":"repeatedNights","placeTags":["border"],"hours":{"from":"22:00","to":"06:00"},"minNights":3,"periodDays":7,"minSightingsPerNight":2}}"""
                .formatted(organisation));
    }
}
