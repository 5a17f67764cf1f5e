package org.openanpr.demo;

import com.fasterxml.jackson.databind.JsonNode;
import org.openanpr.http.ApiClient;
import org.openanpr.http.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's federation and cross-border exchange, set up through the public API on the one demo node: a national
 * organisation ({@value #NATIONAL}) publishes a list of stolen vehicles, and the region subscribes to it over HTTP
 * with a federation token, as a regional back office subscribes to the national hit-list service (here the node is
 * both: the same HTTP round trip, to itself). The region switches the list on, so its hits go back up with each sync;
 * it shares two cameras' passages with the national organisation, so they go up too; and it has an exchange
 * agreement with a Belgian unit, so a list manager can send a hit abroad from the exchange page.
 */
public final class DemoFederation {
    private static final Logger log = LoggerFactory.getLogger(DemoFederation.class);
    static final String NATIONAL = "landelijk";
    static final String LIST = "Landelijk gesignaleerde voertuigen";

    private DemoFederation() {
    }

    /**
     * Sets it up, once per data directory; a failure is reported and leaves the rest of the demo running.
     *
     * @param baseUrl this node's own URL: the "publishing node" the region subscribes to
     */
    public static void install(ApiClient api, String baseUrl, DemoRegion region, DemoTraffic traffic) {
        try {
            setUp(api, baseUrl, region, traffic);
        } catch (Exception e) {
            log.warn("demo federation and exchange not set up: {}", e.getMessage());
        }
    }

    private static void setUp(ApiClient api, String baseUrl, DemoRegion region, DemoTraffic traffic) throws Exception {
        String organisation = region.organisation();
        boolean known = false;
        for (JsonNode o : api.get("/api/v1/organisations")) known |= o.path("code").asText().equals(NATIONAL);
        if (!known)
            api.post("/api/v1/organisations", "application/json", json(Map.of("code", NATIONAL,
                    "name", "Landelijke hitlijstdienst (demo)", "kind", "POLICE")));
        for (JsonNode s : api.get("/api/v1/federation/subscriptions"))
            if (s.path("organisation").asText().equals(organisation)) return; // set up at an earlier demo start: it keeps syncing

        long list = -1;
        for (JsonNode l : api.get("/api/v1/lists"))
            if (l.path("name").asText().equals(LIST) && l.path("organisation").asText().equals(NATIONAL)) list = l.path("id").asLong();
        if (list < 0)
            list = api.post("/api/v1/lists", "application/json", json(Map.of("name", LIST, "category", "STOLEN_VEHICLE",
                    "purpose", "demo: landelijke signalering", "legalBasis", "Politiewet 2012 art. 3; Wpg art. 9", "organisation", NATIONAL,
                    "source", "landelijke hitlijstdienst", "instruction", "Staande houden en controleren"))).path("id").asLong();
        StringBuilder csv = new StringBuilder("plate,country,reason\n");
        int n = 0;
        for (String[] plate : traffic.samplePlates(29, 500, 40)) csv.append(plate[0]).append(',').append(plate[1])
                .append(",landelijk gesignaleerd ").append(++n).append('\n');
        api.post("/api/v1/lists/" + list + "/entries?mode=replace", "text/csv", csv.toString());
        api.post("/api/v1/federation/publications", "application/json", json(Map.of("listId", list)));
        // a new peer each time the region is not yet subscribed (a peer's token is shown only when it is made)
        String token = api.post("/api/v1/federation/peers", "application/json", json(Map.of("name", "regio-" + organisation + "-"
                + Instant.now().getEpochSecond(), "organisation", NATIONAL))).path("token").asText();
        JsonNode subscription = api.post("/api/v1/federation/subscriptions", "application/json", json(Map.of("publisherUrl", baseUrl,
                "token", token, "remoteListId", list, "organisation", organisation)));
        api.post("/api/v1/lists/" + subscription.path("localListId").asLong() + "/activations", "application/json",
                json(Map.of("scope", "REGION", "target", organisation)));

        List<String> shared = region.cameras().stream().limit(2).map(c -> c.id()).toList();
        Instant now = Instant.now();
        api.post("/api/v1/sharing", "application/json", json(Map.of("fromOrganisation", organisation, "toOrganisation", NATIONAL,
                "purpose", "PASSAGES", "cameras", shared, "from", now.toString(), "until", now.plus(180, ChronoUnit.DAYS).toString(),
                "reason", "demo: passages van de A2 naar de landelijke eenheid")));

        Map<String, Object> agreement = new LinkedHashMap<>();
        agreement.put("organisation", organisation);
        agreement.put("ownAuthority", "NL-POLITIE-MN");
        agreement.put("ownCountry", "NL");
        agreement.put("partnerAuthority", "BE-FGP-ANTWERPEN");
        agreement.put("partnerName", "Federale Gerechtelijke Politie Antwerpen (demo)");
        agreement.put("partnerCountry", "BE");
        agreement.put("direction", "BOTH");
        agreement.put("kinds", List.of("HITS", "LIST_ENTRIES"));
        agreement.put("legalBasis", "Benelux-politieverdrag 2018, art. 17");
        agreement.put("until", now.plus(365, ChronoUnit.DAYS).toString());
        api.post("/api/v1/exchange/agreements", "application/json", json(agreement));
    }

    private static String json(Object value) throws Exception {
        return Json.MAPPER.writeValueAsString(value);
    }
}
