package org.openanpr.zone;

import org.openanpr.registry.RdwCsvLoader;
import org.openanpr.testing.TestServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A zero-emission zone in Amsterdam with a registry in the RDW open-data layout, for the zone tests. */
final class ZoneFixture {
    static final String ORG = "amsterdam";
    /** A real (tiny) JPEG, so that the printed evidence can show it. */
    static final String JPEG = Base64.getEncoder().encodeToString(tinyJpeg());

    private static byte[] tinyJpeg() {
        try {
            java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(64, 24, java.awt.image.BufferedImage.TYPE_INT_RGB);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(image, "jpeg", out);
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The registered vehicles, as the m9d7-ebf2 CSV (a few of its many columns, in its order), with two bad lines. */
    static final String VEHICLES = """
            kenteken,voertuigsoort,merk,handelsbenaming,vervaldatum_apk,datum_tenaamstelling,inrichting,aantal_zitplaatsen,eerste_kleur,datum_eerste_toelating,toegestane_maximum_massa_voertuig,europese_voertuigcategorie
            11VBB1,Bedrijfsauto,FORD,TRANSIT,20270101,20200101,gesloten opbouw,3,WIT,20100315,3500,N1
            22VBB2,Bedrijfsauto,VOLKSWAGEN,CRAFTER,20270101,20200101,gesloten opbouw,3,WIT,20120601,3500,N1
            33VBB3,Bedrijfsauto,"RENAULT","KANGOO E-TECH, ELECTRIC",20270101,20230101,gesloten opbouw,2,WIT,20230301,2200,N1
            44VBB4,Personenauto,TOYOTA,YARIS,20270101,20200101,hatchback,5,GRIJS,20190101,1500,M1
            55VBB5,Bedrijfsauto,IVECO,DAILY,20270101,20050101,gesloten opbouw,3,WIT,20050101,3500,N1
            66VBB6,Bedrijfsauto,MERCEDES-BENZ,SPRINTER,20270101,20060101,gesloten opbouw,3,WIT,20060101,3500,N1
            77VBB7,Bedrijfsauto,DAF,CF,20270101,20100101,bakwagen,2,WIT,20100101,19000,N3
            88VBB8,Bedrijfsauto,PEUGEOT,BOXER,20270101,20110101,gesloten opbouw,3,WIT,20110101,3500,N1
            12VBB2,Bedrijfsauto,FORD,TRANSIT,20270101,20040101,ambulance,3,GEEL,20040101,3500,N1
            ,Bedrijfsauto,FORD,TRANSIT,20270101,20040101,gesloten opbouw,3,WIT,20040101,3500,N1
            13VBB3,Bedrijfsauto,FORD,TRANSIT,20270101,20040101,gesloten opbouw,3,WIT,2004-13-45,3500,N1
            """;

    /** Their fuels, as the 8ys7-d773 CSV: one line per fuel. */
    static final String FUELS = """
            kenteken,brandstof_volgnummer,brandstof_omschrijving,co2_uitstoot_gecombineerd,emissiecode_omschrijving,uitlaatemissieniveau
            11VBB1,1,Diesel,220,4,EURO 4
            22VBB2,1,Diesel,210,5,EURO 5 A
            33VBB3,1,Elektriciteit,,Z,
            44VBB4,1,Benzine,110,6,EURO 6 AP
            44VBB4,2,Elektriciteit,,6,EURO 6 AP
            55VBB5,1,Diesel,250,3,EURO 3
            66VBB6,1,Diesel,250,3,EURO 3
            77VBB7,1,Diesel,800,5,EURO V
            88VBB8,1,Diesel,230,,
            12VBB2,1,Diesel,250,3,EURO 3
            """;

    /** A square around the centre, longitude first; the entry cameras stand on its edge. */
    static final String AREA = "{\"type\":\"Polygon\",\"coordinates\":[[[4.88,52.36],[4.91,52.36],[4.91,52.38],[4.88,52.38],[4.88,52.36]]]}";

    static String zoneJson(String name, String cameras, String toleranceUntil) {
        return """
                {"name":"%s","kind":"ZERO_EMISSION","mode":"CORDON","area":%s,"cameras":[%s],
                 "trafficDecision":"Verkeersbesluit ZE-zone Centrum, Stcrt. 2025, 12345",
                 "rules":[
                   {"name":"ZE bestelauto's","categories":["N1"],"from":"2025-01-01",
                    "allowances":[{"zeroEmission":true},
                                  {"minEuroClass":5,"firstAdmissionBefore":"2025-01-01","until":"2027-01-01"},
                                  {"minEuroClass":6,"firstAdmissionBefore":"2025-01-01","until":"2028-01-01"}]},
                   {"name":"ZE vrachtauto's","categories":["N2","N3"],"from":"2025-01-01",
                    "allowances":[{"zeroEmission":true},{"minEuroClass":6,"firstAdmissionBefore":"2025-01-01","until":"2030-01-01"}]}],
                 "policy":{"toleranceUntil":"%s","warningFirst":true,"recidivistTermDays":365,"fineAmounts":[100.00,200.00]},
                 "minConfidence":0.8,"keepCompliantHours":24}""".formatted(name, AREA, cameras, toleranceUntil);
    }

    static void cameras(TestServer server) {
        camera(server, "AMS-Z1", 52.3600, 4.8950);
        camera(server, "AMS-Z2", 52.3800, 4.9000);
        camera(server, "AMS-OUT", 52.3000, 4.8000);
    }

    static void camera(TestServer server, String id, double lat, double lon) {
        TestServer.Response r = server.post("/api/v1/cameras", "application/json", """
                {"id":"%s","name":"%s","lat":%s,"lon":%s,"organisation":"%s"}""".formatted(id, id, lat, lon, ORG));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    static RdwCsvLoader.Report loadRegistry(TestServer server, Path dir, List<String> errors) throws Exception {
        Path v = dir.resolve("Open_Data_RDW__Gekentekende_voertuigen.csv");
        Path f = dir.resolve("Open_Data_RDW__Gekentekende_voertuigen_brandstof.csv");
        Files.writeString(v, VEHICLES);
        Files.writeString(f, FUELS);
        return new RdwCsvLoader(server.db().dataSource(), (file, lines) -> { }, errors::add).load(v, f);
    }

    record Read(String camera, String plate, String country, double confidence, Instant at) {
    }

    static void post(TestServer server, List<Read> reads) {
        List<String> items = new ArrayList<>();
        for (Read r : reads)
            items.add("""
                    {"id":"%s","camera":"%s","plate":"%s","country":"%s","confidence":%s,"time":"%s","plateImage":"%s","overviewImage":"%s"}"""
                    .formatted(UUID.randomUUID(), r.camera(), r.plate(), r.country(), r.confidence(), r.at(), JPEG, JPEG));
        TestServer.Response res = server.post("/api/v1/reads", "application/json", "[" + String.join(",", items) + "]");
        assertThat(res.status()).as(res.body()).isBetween(200, 299);
        assertThat(res.json().path("accepted").asInt()).as(res.body()).isEqualTo(reads.size());
    }
}
