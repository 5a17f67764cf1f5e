package org.openanpr.demo;

import com.fasterxml.jackson.databind.JsonNode;
import org.openanpr.http.ApiClient;
import org.openanpr.http.Json;

import java.util.List;
import java.util.Map;

/**
 * The demo's reference lists, set up through the public API as a list manager would: unpaid fines (fuzzy), stolen
 * vehicles and driving bans, filled with plates of the demo population and switched on for the whole region, so a
 * newcomer sees hits arrive within a minute or two.
 */
public final class DemoLists {
    private record Spec(String name, String category, String legalBasis, String source, boolean fuzzy, int offset,
                        int step, int count, String reason, boolean withAmount) {
    }

    private static final List<Spec> SPECS = List.of(
            new Spec("Onbetaalde boetes (CJIB)", "UNPAID_FINES", "WAHV art. 28; Wet SV art. 3:1", "CJIB", true, 0, 40, 600,
                    "openstaande beschikking", true),
            new Spec("Gestolen voertuigen", "STOLEN_VEHICLE", "Politiewet 2012 art. 3; Wpg art. 9", "VRS / SIS II", false, 7, 400,
                    60, "aangifte diefstal", false),
            new Spec("Rijverboden", "DRIVING_BAN", "WVW 1994 art. 9; Wpg art. 9", "CJIB / OM", false, 13, 800, 30,
                    "rijontzegging", false));

    private DemoLists() {
    }

    /** Creates the lists when missing, refills them from this run's population and switches them on. */
    public static void install(ApiClient api, String organisation, DemoTraffic traffic) throws Exception {
        JsonNode existing = api.get("/api/v1/lists");
        for (Spec spec : SPECS) {
            long id = -1;
            for (JsonNode l : existing)
                if (l.path("name").asText().equals(spec.name()) && l.path("organisation").asText().equals(organisation))
                    id = l.path("id").asLong();
            if (id < 0) {
                String body = Json.MAPPER.writeValueAsString(Map.of("name", spec.name(), "category", spec.category(),
                        "purpose", "demo: " + spec.reason(), "legalBasis", spec.legalBasis(), "organisation", organisation,
                        "source", spec.source(), "fuzzy", spec.fuzzy(), "historicalSearch", true));
                id = api.post("/api/v1/lists", "application/json", body).path("id").asLong();
            }
            StringBuilder csv = new StringBuilder("plate,country,reason,amount\n");
            int n = 0;
            for (String[] plate : traffic.samplePlates(spec.offset(), spec.step(), spec.count()))
                csv.append(plate[0]).append(',').append(plate[1]).append(',').append(spec.reason()).append(' ').append(++n)
                        .append(',').append(spec.withAmount() ? (90 + n * 37 % 400) + ".00" : "").append('\n');
            api.post("/api/v1/lists/" + id + "/entries?mode=replace", "text/csv", csv.toString());
            api.post("/api/v1/lists/" + id + "/activations", "application/json",
                    "{\"scope\":\"REGION\",\"target\":\"" + organisation + "\"}");
        }
    }
}
