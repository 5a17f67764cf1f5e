package org.openanpr.demo;

import com.fasterxml.jackson.databind.JsonNode;
import org.openanpr.access.OrganisationStore;
import org.openanpr.http.ApiClient;
import org.openanpr.passage.IncomingRead;
import org.openanpr.passage.IngestService;
import org.openanpr.registry.RdwCsvLoader;
import org.openanpr.registry.VehicleRegistry;
import org.openanpr.zone.CaseStore;
import org.openanpr.zone.Zone;
import org.openanpr.zone.ZoneCase;
import org.openanpr.zone.ZoneStore;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's zero-emission zone: Utrecht's city centre inside the ring, its four entry cameras ("richting centrum"),
 * the Dutch national scheme for vans and trucks, a registry of the demo population in the RDW open-data layout
 * (loaded by the real loader; one Dutch plate in 33 left out, so it goes to review as unknown), exemptions, and three
 * mornings of history: the first in the tolerance period (warning letters), the second after it (a first warning),
 * the third giving fines to vehicles warned before. The demo enforcement officer has reviewed that history; today's
 * traffic fills the review queue live, foreign and unknown plates included.
 */
public final class DemoZone {
    static final String NAME = "ZE-zone Utrecht centrum";
    static final String REVIEWER = "demo-enforcement-officer";

    private DemoZone() {
    }

    public static void install(ApiClient api, DataSource db, IngestService ingest, VehicleRegistry registry, DemoTraffic traffic,
                               String organisation, Clock clock) throws Exception {
        loadRegistry(db, traffic);
        ZoneId tz = ZoneId.of("Europe/Amsterdam");
        LocalDate today = LocalDate.now(clock.withZone(tz));
        long zone = -1;
        for (JsonNode z : api.get("/api/v1/zones"))
            if (z.path("name").asText().equals(NAME) && z.path("organisation").asText().equals(organisation)) zone = z.path("id").asLong();
        if (zone >= 0) return; // set up at an earlier demo start: its history and cases stay
        zone = api.post("/api/v1/zones", "application/json", """
                {"name":"%s","organisation":"%s","kind":"ZERO_EMISSION","mode":"CORDON",
                 "area":{"type":"Polygon","coordinates":[[[5.092,52.087],[5.100,52.073],[5.125,52.072],[5.142,52.082],[5.143,52.100],
                         [5.115,52.104],[5.097,52.103],[5.092,52.087]]]},
                 "cameras":["UT-EUR-01","UT-BRW-01","UT-ASW-01","UT-VLW-01"],
                 "trafficDecision":"Verkeersbesluit zero-emissiezone stadslogistiek Utrecht (demo), Gemeenteblad 2024",
                 "rules":[
                   {"name":"ZE bestelauto's","categories":["N1"],"from":"2025-01-01","allowances":[{"zeroEmission":true},
                      {"minEuroClass":5,"firstAdmissionBefore":"2025-01-01","until":"2027-01-01"},
                      {"minEuroClass":6,"firstAdmissionBefore":"2025-01-01","until":"2028-01-01"}]},
                   {"name":"ZE vrachtauto's","categories":["N2","N3"],"from":"2025-01-01","allowances":[{"zeroEmission":true},
                      {"minEuroClass":6,"firstAdmissionBefore":"2025-01-01","until":"2030-01-01"}]}],
                 "policy":{"toleranceUntil":"%s","warningFirst":true,"recidivistTermDays":365,"fineAmounts":[110.00,220.00,330.00]},
                 "minConfidence":0.8,"keepCompliantHours":24}""".formatted(NAME, organisation, today.minusDays(2)))
                .path("id").asLong();
        api.post("/api/v1/zones/" + zone + "/sign-inspections", "application/json", """
                {"inspectedOn":"%s","inspector":"B. Jansen (BOA, gemeente Utrecht)","allInPlace":true,
                 "notes":"bord C22a met onderbord 'zero-emissie' bij alle vier toegangen aanwezig en zichtbaar"}""".formatted(today.minusDays(30)));
        StringBuilder exemptions = new StringBuilder("plate,kind,validFrom,validUntil,applicant,note\n");
        String[] kinds = {"MARKET_VENDOR", "CARE_PROVIDER", "DISABLED_BADGE", "EMERGENCY_SERVICES"};
        int n = 0;
        for (Vehicle v : traffic.vehicles()) {
            if (!"NL".equals(v.country()) || !"N1".equals(category(v)) || !violates(v) || v.id() % 3 != 0) continue;
            exemptions.append(v.wirePlate()).append(',').append(kinds[n % kinds.length]).append(',').append(today.minusDays(60)).append(',')
                    .append(today.plusDays(300)).append(",demo applicant ").append(n + 1).append(",\n");
            if (++n == 12) break;
        }
        api.post("/api/v1/zones/" + zone + "/exemptions/import", "text/csv", exemptions.toString());

        // three mornings of history, reviewed by the demo enforcement officer
        ZoneStore zones = new ZoneStore(db);
        CaseStore cases = new CaseStore(db);
        Zone z = zones.find(zone).orElseThrow();
        for (int back = 3; back >= 1; back--) {
            LocalDate day = today.minusDays(back);
            List<IncomingRead> reads = traffic.readsBetween(day.atTime(7, 40).atZone(tz).toInstant(), day.atTime(8, 10).atZone(tz).toInstant());
            for (int i = 0; i < reads.size(); i += 1000) ingest.ingest(reads.subList(i, Math.min(reads.size(), i + 1000)));
            for (ZoneCase k : cases.list(zone, ZoneCase.Status.REVIEW, null, null, 5000)) {
                if (!k.day().equals(day)) continue;
                if (k.reason().equals("NOT_ALLOWED"))
                    cases.confirm(k.id(), z, tz, registry, null, REVIEWER, "demo: reviewed", clock.instant());
                else if (k.reason().equals("FOREIGN"))
                    cases.reject(k.id(), ZoneCase.RejectReason.FOREIGN, REVIEWER, "demo: foreign, not pursued", clock.instant());
                else if (k.reason().equals("UNREADABLE"))
                    cases.reject(k.id(), ZoneCase.RejectReason.MISREAD, REVIEWER, "demo: plate not readable", clock.instant());
            }
        }
    }

    /** The registry of the demo population, in the RDW open-data layout, through the real loader. */
    private static void loadRegistry(DataSource db, DemoTraffic traffic) throws Exception {
        Path dir = Files.createTempDirectory("anpr-demo-registry");
        Path vehicles = dir.resolve("gekentekende_voertuigen.csv");
        Path fuels = dir.resolve("gekentekende_voertuigen_brandstof.csv");
        List<String> v = new ArrayList<>(List.of("kenteken,voertuigsoort,merk,handelsbenaming,datum_eerste_toelating,"
                + "toegestane_maximum_massa_voertuig,europese_voertuigcategorie"));
        List<String> f = new ArrayList<>(List.of("kenteken,brandstof_volgnummer,brandstof_omschrijving,uitlaatemissieniveau"));
        String[] makes = {"VOLKSWAGEN", "FORD", "RENAULT", "MERCEDES-BENZ", "PEUGEOT", "TOYOTA", "IVECO", "DAF"};
        for (Vehicle x : traffic.vehicles()) {
            if (!"NL".equals(x.country()) || x.id() % 33 == 5) continue; // foreign, or left out: unknown to the registry
            String cat = category(x);
            String kind = cat.equals("M1") ? "Personenauto" : cat.equals("L3E") ? "Motorfiets" : "Bedrijfsauto";
            int mass = switch (cat) { case "N1" -> 3500; case "N2" -> 12000; case "N3" -> 26000; case "L3E" -> 400; default -> 1600; };
            v.add(x.wirePlate() + "," + kind + "," + makes[x.id() % makes.length] + ",DEMO," + (2004 + x.id() % 21) + "0315," + mass + "," + cat);
            int fuel = x.id() % 9;
            if (fuel == 0) f.add(x.wirePlate() + ",1,Elektriciteit,");
            else if (fuel == 1) {
                f.add(x.wirePlate() + ",1,Benzine,EURO 6 AP");
                f.add(x.wirePlate() + ",2,Elektriciteit,");
            } else {
                String name = fuel <= 5 ? "Diesel" : "Benzine";
                int euro = violates(x) ? 3 + x.id() % 2 : 5 + x.id() % 2;
                f.add(x.wirePlate() + ",1," + name + ",EURO " + euro);
            }
        }
        Files.write(vehicles, v);
        Files.write(fuels, f);
        try {
            new RdwCsvLoader(db, (file, lines) -> { }, e -> { }).load(vehicles, fuels);
        } finally {
            Files.deleteIfExists(vehicles);
            Files.deleteIfExists(fuels);
            Files.deleteIfExists(dir);
        }
    }

    static String category(Vehicle v) {
        int c = v.id() % 20;
        return c < 12 ? "M1" : c < 17 ? "N1" : c == 17 ? "N2" : c == 18 ? "N3" : "L3E";
    }

    /** About a third of the vans and trucks burn fuel and are too old for the zone. */
    static boolean violates(Vehicle v) {
        return v.id() % 9 >= 2 && v.id() / 20 % 3 == 0;
    }
}
