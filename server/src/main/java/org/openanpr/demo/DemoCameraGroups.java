package org.openanpr.demo;

import org.openanpr.http.ApiClient;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The demo's camera groups: three parts of Utrecht that do not overlap, so that the traffic statistics' herkomst-
 * bestemming (origin-destination) matrix has trips between them as soon as the demo traffic flows — the A2 in the west,
 * the A12 and Kanaleneiland in the south, the A27/A28 and the Waterlinieweg in the east. Replaced at each start (PUT).
 */
public final class DemoCameraGroups {
    static final Map<String, List<String>> GROUPS = new LinkedHashMap<>();

    static {
        GROUPS.put("UT-WEST", List.of("UT-A2-01", "UT-A2-02", "UT-A2-03", "UT-A2-04", "UT-A2-05", "UT-VLW-01", "UT-ASW-01"));
        GROUPS.put("UT-ZUID", List.of("UT-A12-01", "UT-A12-02", "UT-A12-03", "UT-A12-04", "UT-EUR-01"));
        GROUPS.put("UT-OOST", List.of("UT-A27-01", "UT-A27-02", "UT-A27-03", "UT-A27-04", "UT-A28-01", "UT-A28-02", "UT-BRW-01",
                "UT-WLW-01", "UT-WVN-01"));
    }

    private static final Map<String, String> NAMES = Map.of("UT-WEST", "Utrecht west (A2)", "UT-ZUID", "Utrecht zuid (A12)",
            "UT-OOST", "Utrecht oost (A27/A28)");

    private DemoCameraGroups() {
    }

    public static void install(ApiClient api, String organisation, DemoRegion region) throws Exception {
        Set<String> cameras = region.cameras().stream().map(c -> c.id()).collect(Collectors.toSet());
        for (Map.Entry<String, List<String>> g : GROUPS.entrySet()) {
            List<String> members = g.getValue().stream().filter(cameras::contains).toList();
            api.put("/api/v1/camera-groups/" + g.getKey(), "application/json", "{\"name\":\"%s\",\"organisation\":\"%s\",\"cameras\":[%s]}"
                    .formatted(NAMES.get(g.getKey()), organisation, members.stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(","))));
        }
    }
}
