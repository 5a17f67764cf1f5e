package org.openanpr.zone;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openanpr.audit.CheckpointKey;
import org.openanpr.evidence.EvidenceZip;
import org.openanpr.registry.RdwCsvLoader;
import org.openanpr.testing.TestClock;
import org.openanpr.testing.TestServer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openanpr.zone.ZoneFixture.ORG;
import static org.openanpr.zone.ZoneFixture.Read;

/**
 * Must show 1: a zone, a registry CSV in the open-data layout, exemptions and traffic on three days (one in the
 * tolerance period, two after it) give exactly the expected warnings and fines, one per vehicle per zone per day, none
 * for exempt or compliant vehicles; unknown, foreign and unreadable plates wait in the review queue; a rejected review
 * gives no fine. Also: the evidence of a fine verifies.
 */
class ZoneEnforcementTest {
    static final ZoneId AMS = ZoneId.of("Europe/Amsterdam");
    static final LocalDate TOLERANCE_DAY = LocalDate.of(2026, 2, 27);
    static final LocalDate FIRST_DAY = LocalDate.of(2026, 3, 2);
    static final LocalDate SECOND_DAY = LocalDate.of(2026, 3, 3);
    static final TestClock clock = new TestClock(Instant.parse("2026-02-27T06:00:00Z"));
    static TestServer server;
    static String manager;
    static String boa;
    static long zone;
    static RdwCsvLoader.Report registry;
    static final List<String> registryErrors = new ArrayList<>();
    /** plate → day → confirm result, as the reviewer saw it */
    static final Map<String, Map<LocalDate, String>> results = new HashMap<>();
    @TempDir
    static Path dir;

    @BeforeAll
    static void aDayOfTrafficAndItsReview() throws Exception {
        server = TestServer.start(ZoneEnforcementTest.class, clock);
        server.server().zones().useEvidenceKey(CheckpointKey.loadOrCreate(dir.resolve("evidence.key")));
        ZoneFixture.cameras(server);
        manager = server.userToken("zones", ORG, "ZONE_MANAGER");
        boa = server.userToken("boa", ORG, "ENFORCEMENT_OFFICER");
        registry = ZoneFixture.loadRegistry(server, dir, registryErrors);

        TestServer.Response z = server.post("/api/v1/zones", "application/json",
                ZoneFixture.zoneJson("ZE-zone Centrum", "\"AMS-Z1\",\"AMS-Z2\"", "2026-03-01"), manager);
        assertThat(z.status()).as(z.body()).isEqualTo(201);
        zone = z.json().path("id").asLong();
        assertThat(server.post("/api/v1/zones/" + zone + "/sign-inspections", "application/json",
                "{\"inspectedOn\":\"2026-02-20\",\"inspector\":\"J. de Vries (BOA)\",\"allInPlace\":true,\"notes\":\"all 14 entry signs C22a/C1 in place\"}",
                manager).status()).isEqualTo(201);

        // exemptions: one applied and approved, one applied and left undecided, one imported in bulk as approved
        long market = server.post("/api/v1/zones/" + zone + "/exemptions", "application/json", """
                {"plate":"55-VBB-5","kind":"MARKET_VENDOR","validFrom":"2026-01-01","validUntil":"2027-01-01","applicant":"Markt Albert Cuyp"}""",
                manager).json().path("id").asLong();
        assertThat(server.post("/api/v1/exemptions/" + market + "/approve", "application/json", "{\"note\":\"stand 112\"}", manager).status()).isEqualTo(200);
        TestServer.Response applied = server.post("/api/v1/zones/" + zone + "/exemptions", "application/json", """
                {"plate":"66VBB6","kind":"CARE_PROVIDER","validFrom":"2026-01-01","validUntil":"2027-01-01"}""", manager);
        assertThat(applied.json().path("status").asText()).isEqualTo("APPLIED");
        TestServer.Response imported = server.post("/api/v1/zones/" + zone + "/exemptions/import", "text/csv",
                "plate,kind,validFrom,validUntil,applicant,note\n12-VBB-2,EMERGENCY_SERVICES,2026-01-01,2027-01-01,Ambulance Amsterdam,\n", manager);
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);

        for (LocalDate day : List.of(TOLERANCE_DAY, FIRST_DAY, SECOND_DAY)) {
            clock.set(day.atTime(18, 0).atZone(AMS).toInstant());
            Instant morning = day.atTime(9, 0).atZone(AMS).toInstant(), afternoon = day.atTime(15, 0).atZone(AMS).toInstant();
            List<Read> reads = new ArrayList<>();
            for (String plate : List.of("11VBB1", "22VBB2", "33VBB3", "44VBB4", "55VBB5", "66VBB6", "77VBB7", "88VBB8", "12VBB2", "99ZZZ9")) {
                reads.add(new Read("AMS-Z1", plate, "NL", 0.95, morning));
                reads.add(new Read("AMS-Z2", plate, "NL", 0.93, afternoon));
            }
            reads.add(new Read("AMS-Z1", "BAB1234", "DE", 0.97, morning.plusSeconds(60)));
            reads.add(new Read("AMS-Z2", "13VBB3", "NL", 0.41, afternoon.plusSeconds(60)));
            reads.add(new Read("AMS-OUT", "11VBB1", "NL", 0.95, morning.minusSeconds(600))); // not a zone camera
            ZoneFixture.post(server, reads);
            review(day);
        }
    }

    /** The BOA works through the day's queue. */
    static void review(LocalDate day) {
        JsonNode queue = server.get("/api/v1/zones/" + zone + "/cases?status=REVIEW", boa).json();
        for (JsonNode k : queue) {
            long id = k.path("id").asLong();
            String plate = k.path("plate").asText();
            TestServer.Response r = switch (plate) {
                case "11VBB1", "66VBB6" -> server.post("/api/v1/zone-cases/" + id + "/confirm", "application/json", "{}", boa);
                case "77VBB7" -> server.post("/api/v1/zone-cases/" + id + "/reject", "application/json",
                        "{\"reason\":\"MISREAD\",\"note\":\"the image shows 77-VBB-1\"}", boa);
                case "13VBB3" -> server.post("/api/v1/zone-cases/" + id + "/confirm", "application/json",
                        "{\"plate\":\"33-VBB-3\",\"note\":\"plate read on the image\"}", boa);
                case "88VBB8" -> {
                    TestServer.Response refused = server.post("/api/v1/zone-cases/" + id + "/confirm", "application/json", "{}", boa);
                    assertThat(refused.status()).as(refused.body()).isEqualTo(409);
                    assertThat(refused.reason()).contains("lacks a fact");
                    yield server.post("/api/v1/zone-cases/" + id + "/reject", "application/json", "{\"reason\":\"OTHER\",\"note\":\"Euro class unknown\"}", boa);
                }
                default -> null; // 99ZZZ9 (unknown) and BAB1234 (foreign) stay in the queue
            };
            if (r == null) continue;
            assertThat(r.status()).as(plate + " " + r.body()).isEqualTo(200);
            if (r.json().has("result")) results.computeIfAbsent(plate, p -> new HashMap<>()).put(day, r.json().path("result").asText());
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode cases(String query) {
        TestServer.Response r = server.get("/api/v1/zones/" + zone + "/cases?" + query, manager);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static Set<String> platesDays(JsonNode cases) {
        Set<String> out = new TreeSet<>();
        for (JsonNode k : cases) out.add(k.path("plate").asText() + "@" + k.path("day").asText());
        return out;
    }

    @Test
    void theRegistryLoadedFromTheOpenDataLayoutWithAnErrorPerBadLine() {
        assertThat(registry.vehicles()).isEqualTo(9);
        assertThat(registry.rejected()).isEqualTo(2);
        assertThat(registryErrors).hasSize(2);
        assertThat(registryErrors.get(0)).contains("line 11").contains("kenteken is empty");
        assertThat(registryErrors.get(1)).contains("line 12").contains("datum_eerste_toelating '2004-13-45'");
    }

    @Test
    void warningsInTheTolerancePeriodAWarningFirstAfterItThenFines() {
        assertThat(platesDays(cases("sanction=WARNING"))).containsExactly(
                "11VBB1@2026-02-27", "11VBB1@2026-03-02", "66VBB6@2026-02-27", "66VBB6@2026-03-02");
        JsonNode fines = cases("sanction=FINE");
        assertThat(platesDays(fines)).containsExactly("11VBB1@2026-03-03", "66VBB6@2026-03-03");
        for (JsonNode f : fines) {
            assertThat(f.path("amount").decimalValue()).isEqualByComparingTo("100.00");
            assertThat(f.path("fineOrdinal").asInt()).isEqualTo(1);
            assertThat(f.path("passages").asInt()).as("two passages that day, one case").isEqualTo(2);
            assertThat(f.path("reviewer").asText()).isEqualTo("boa");
            assertThat(f.path("vehicle").path("source").asText()).startsWith("rdw-offline");
            assertThat(f.path("vehicle").path("category").asText()).isEqualTo("N1");
        }
        assertThat(results.get("11VBB1").get(SECOND_DAY)).startsWith("fine 1");
    }

    @Test
    void noCaseForCompliantOrExemptVehiclesAndNoneForTheCameraOutsideTheZone() {
        JsonNode all = cases("limit=1000");
        Set<String> plates = new TreeSet<>();
        for (JsonNode k : all) plates.add(k.path("plate").asText());
        // 33VBB3 only as the correction of the unreadable 13VBB3 (rejected as compliant): no case of its own
        assertThat(plates).containsExactlyInAnyOrder("11VBB1", "66VBB6", "77VBB7", "88VBB8", "99ZZZ9", "BAB1234", "33VBB3");
        JsonNode figures = server.get("/api/v1/zones/" + zone + "/figures?from=2026-02-27&to=2026-03-03", manager).json();
        assertThat(figures.path("entries").asLong()).isEqualTo(3 * 22);
        assertThat(figures.path("byOutcome").path("EXEMPT").asLong()).as("55VBB5 and 12VBB2, twice a day").isEqualTo(3 * 4);
        assertThat(figures.path("byOutcome").path("COMPLIANT").asLong()).as("22, 33, 44 twice a day").isEqualTo(3 * 6);
        assertThat(figures.path("warnings").asLong()).isEqualTo(4);
        assertThat(figures.path("fines").asLong()).isEqualTo(2);
        assertThat(figures.path("misreads").asLong()).as("77VBB7 rejected, 13VBB3 corrected, each day").isEqualTo(6);
    }

    @Test
    void unknownForeignAndUnreadablePlatesGoToTheReviewQueueNeverStraightToAFine() {
        JsonNode waiting = cases("status=REVIEW");
        assertThat(platesDays(waiting)).containsExactly(
                "99ZZZ9@2026-02-27", "99ZZZ9@2026-03-02", "99ZZZ9@2026-03-03",
                "BAB1234@2026-02-27", "BAB1234@2026-03-02", "BAB1234@2026-03-03");
        for (JsonNode k : waiting) {
            assertThat(k.path("sanction").isNull()).isTrue();
            assertThat(k.path("reason").asText()).isIn("UNKNOWN", "FOREIGN");
        }
        // the unreadable read, corrected by the reviewer to a zero-emission van: no sanction, counted as a misread
        JsonNode corrected = cases("plate=33VBB3");
        assertThat(corrected).hasSize(3);
        for (JsonNode k : corrected) {
            assertThat(k.path("status").asText()).isEqualTo("REJECTED");
            assertThat(k.path("rejectReason").asText()).isEqualTo("COMPLIANT_AFTER_REVIEW");
            assertThat(k.path("readPlate").asText()).isEqualTo("13VBB3");
        }
    }

    @Test
    void aRejectedReviewGivesNoFine() {
        JsonNode truck = cases("plate=77VBB7");
        assertThat(truck).hasSize(3);
        for (JsonNode k : truck) {
            assertThat(k.path("status").asText()).isEqualTo("REJECTED");
            assertThat(k.path("rejectReason").asText()).isEqualTo("MISREAD");
            assertThat(k.path("sanction").isNull()).isTrue();
        }
        long rejected = truck.get(0).path("id").asLong();
        TestServer.Response again = server.post("/api/v1/zone-cases/" + rejected + "/confirm", "application/json", "{}", boa);
        assertThat(again.status()).isEqualTo(409);
    }

    @Test
    void theEvidenceOfAFineVerifiesAndHoldsEverythingTheIssueNames() throws Exception {
        long fine = cases("sanction=FINE").get(0).path("id").asLong();
        HttpResponse<byte[]> res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.baseUrl()
                + "/api/v1/zone-cases/" + fine + "/evidence")).header("Authorization", "Bearer " + boa).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(res.statusCode()).isEqualTo(200);
        byte[] zip = res.body();
        assertThat(EvidenceZip.names(zip)).containsExactly("case.json", "zone.json", "registry.json", "exemption-check.json",
                "sign-inspection.json", "plate.jpg", "overview.jpg", "evidence.pdf", "manifest.json", "manifest.sig", "signer.pub");
        EvidenceZip.Result ok = EvidenceZip.verify(zip, CheckpointKey.publicKey(dir.resolve("evidence.key.pub")));
        assertThat(ok.ok()).as(ok.problem()).isTrue();
        String all = new String(zip, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(all).contains("J. de Vries (BOA)").contains("Verkeersbesluit ZE-zone Centrum").contains("\"reviewer\" : \"boa\"")
                .contains("\"status\" : \"ACTIVE\"").contains("deliveredAfterSeconds");
        // the printable PDF, alone or in the signed package: the facts and both photos
        HttpResponse<byte[]> pdf = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.baseUrl()
                + "/api/v1/zone-cases/" + fine + "/evidence?format=pdf")).header("Authorization", "Bearer " + boa).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type").orElse("")).startsWith("application/pdf");
        try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(pdf.body())) {
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(doc);
            assertThat(text).contains("11VBB1").contains("Verkeersbesluit ZE-zone Centrum").contains("boa").contains("FINE");
            int images = 0;
            for (var page : doc.getPages())
                for (var name : page.getResources().getXObjectNames())
                    if (page.getResources().isImageXObject(name)) images++;
            assertThat(images).as("plate and overview photo").isEqualTo(2);
        }
        assertThat(server.get("/api/v1/zone-cases/" + fine + "/evidence?format=doc", boa).status()).isEqualTo(400);
        // a case not confirmed has no evidence
        long waiting = cases("status=REVIEW").get(0).path("id").asLong();
        assertThat(server.get("/api/v1/zone-cases/" + waiting + "/evidence", boa).status()).isEqualTo(409);
    }

    @Test
    void finesAreExportedOnceForTheCollectionAgency() {
        TestServer.Response first = server.post("/api/v1/zones/" + zone + "/fines/export", null, "", manager);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        List<String> lines = first.body().lines().toList();
        assertThat(lines.getFirst()).isEqualTo("reference,plate,country,local_time,camera,zone,traffic_decision,rule,fine_number,amount_eur,reviewer");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).contains("11VBB1").contains("2026-03-03T09:00").contains("100.00");
        assertThat(server.post("/api/v1/zones/" + zone + "/fines/export", null, "", manager).body().lines().count()).isEqualTo(1);
    }
}
