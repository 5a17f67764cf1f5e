package org.openanpr.access;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.audit.AuditVerifier;
import org.openanpr.testing.TestClock;
import org.openanpr.testing.TestServer;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openanpr.testing.TestServer.read;

/** Issue 5, must show 4: no passage search without a legal basis; over the threshold only after a second person's approval. */
class LegalSearchTest {
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static final String BASIS = "caseNumber=PL0900-2026123456&offence=ART67_CRIME&purpose=woninginbraak%20Zeist%2C%20vluchtauto";
    static final TestClock clock = new TestClock(NOW);
    static TestServer server;
    static String analyst;
    static String colleague;
    static String privacy;
    static String otherPrivacy;

    @BeforeAll
    static void start() {
        server = TestServer.start(LegalSearchTest.class, clock);
        server.post("/api/v1/cameras/import", "text/csv", """
                id,name,lat,lon,organisation
                C1,Zeist,52.09,5.23,utrecht
                D1,Den Haag,52.07,4.30,haaglanden
                """);
        analyst = server.userToken("ana", "utrecht", "ANALYST");
        colleague = server.userToken("bert", "utrecht", "ANALYST");
        privacy = server.userToken("pia", "utrecht", "PRIVACY_OFFICER");
        otherPrivacy = server.userToken("hans", "haaglanden", "PRIVACY_OFFICER");
        String reads = String.join(",", read("C1", "12-BDF-3", NOW.minus(Duration.ofHours(1))),
                read("C1", "12-BDF-3", NOW.minus(Duration.ofDays(10))), read("D1", "12-BDF-3", NOW.minus(Duration.ofHours(2))));
        assertThat(server.post("/api/v1/reads", "application/json", "[" + reads + "]").json().path("accepted").asInt()).isEqualTo(3);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String since(Duration back) {
        return "&from=" + NOW.minus(back);
    }

    @Test
    void withoutALegalBasisASearchIsRefusedAndRecorded() {
        TestServer.Response none = server.get("/api/v1/passages?plate=12BDF3" + since(Duration.ofDays(2)), analyst);
        assertThat(none.status()).isEqualTo(403);
        assertThat(none.reason()).contains("needs a legal basis");
        TestServer.Response forged = server.get("/api/v1/passages?plate=12BDF3" + since(Duration.ofDays(2))
                + "&caseNumber=PL0900-2026123456&offence=CURIOSITY&purpose=just%20looking%20around", analyst);
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.reason()).contains("no legal basis");
        TestServer.Response noCase = server.get("/api/v1/passages?plate=12BDF3" + since(Duration.ofDays(2))
                + "&caseNumber=none&offence=ART67_CRIME&purpose=just%20looking%20around", analyst);
        assertThat(noCase.status()).isEqualTo(403);
        assertThat(noCase.reason()).contains("caseNumber");

        JsonNode refusals = server.get("/api/v1/audit?action=PASSAGE_SEARCH&actor=ana&limit=1000").json();
        assertThat(refusals).anyMatch(r -> r.path("details").path("refused").asText().contains("needs a legal basis")
                && r.path("resultCount").asInt() == 0 && r.path("organisation").asText().equals("utrecht"));
        assertThat(refusals).anyMatch(r -> r.path("details").path("refused").asText().contains("no legal basis"));
    }

    @Test
    void withinTheThresholdALegalBasisIsEnoughAndOnlyOwnCamerasAreSearched() {
        TestServer.Response ok = server.get("/api/v1/passages?plate=12BDF3" + since(Duration.ofDays(2)) + "&" + BASIS, analyst);
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        // D1 belongs to another organisation: its passage of the same plate is not in the answer
        assertThat(ok.json().path("passages")).hasSize(1);
        assertThat(ok.json().path("passages").get(0).path("camera").asText()).isEqualTo("C1");
        // the system token sees all organisations, with a legal basis too
        assertThat(server.get("/api/v1/passages?plate=12BDF3" + since(Duration.ofDays(2)) + "&" + BASIS).json().path("passages")).hasSize(2);
        // a privacy officer may not search passages at all
        assertThat(server.get("/api/v1/passages?plate=12BDF3" + since(Duration.ofDays(2)) + "&" + BASIS, privacy).status()).isEqualTo(403);
    }

    @Test
    void overTheThresholdASearchRunsOnlyAfterASecondPersonApproves() {
        String older = "/api/v1/passages?plate=12BDF3" + since(Duration.ofDays(20)) + "&" + BASIS;
        TestServer.Response refused = server.get(older, analyst);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().path("approvalRequired").asBoolean()).isTrue();
        assertThat(refused.json().path("reasons").get(0).asText()).contains("reaches back more than 7 days");

        TestServer.Response filed = post("/api/v1/search-requests", """
                {"plate":"12-BDF-3","from":"%s","caseNumber":"PL0900-2026123456","offence":"ART67_CRIME",
                 "purpose":"woninginbraak Zeist, vluchtauto"}""".formatted(NOW.minus(Duration.ofDays(20))), analyst);
        assertThat(filed.status()).as(filed.body()).isEqualTo(201);
        long id = filed.json().path("id").asLong();
        assertThat(filed.json().path("status").asText()).isEqualTo("PENDING");
        String withApproval = older + "&approval=" + id;

        assertThat(server.get(withApproval, analyst).status()).isEqualTo(403);
        assertThat(server.get(withApproval, analyst).reason()).contains("pending");
        // the requester cannot approve (no such permission), nor can another organisation's privacy officer
        assertThat(post("/api/v1/search-requests/" + id + "/approve", "", analyst).status()).isEqualTo(403);
        assertThat(post("/api/v1/search-requests/" + id + "/approve", "", otherPrivacy).status()).isEqualTo(404);
        assertThat(server.get("/api/v1/search-requests?status=PENDING", privacy).json()).anyMatch(r -> r.path("id").asLong() == id);

        TestServer.Response approved = post("/api/v1/search-requests/" + id + "/approve", "{\"note\":\"OvJ akkoord\"}", privacy);
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.json().path("decidedBy").asText()).isEqualTo("pia");
        assertThat(post("/api/v1/search-requests/" + id + "/approve", "", privacy).status()).isEqualTo(409);

        TestServer.Response ran = server.get(withApproval, analyst);
        assertThat(ran.status()).as(ran.body()).isEqualTo(200);
        assertThat(ran.json().path("passages")).hasSize(2);
        // the approval covers this plate, this case and this person only
        assertThat(server.get(withApproval.replace("plate=12BDF3", "plate=99XYZ9"), analyst).reason()).contains("does not cover");
        assertThat(server.get(withApproval.replace("PL0900-2026123456", "PL0900-2026999999"), analyst).reason()).contains("was given for case");
        assertThat(server.get(withApproval, colleague).reason()).contains("not one of your search requests");

        JsonNode searches = server.get("/api/v1/audit?action=PASSAGE_SEARCH&actor=ana&limit=1000").json();
        assertThat(searches).anyMatch(r -> r.path("details").path("approval").asLong() == id && r.path("resultCount").asInt() == 2
                && r.path("caseNumber").asText().equals("PL0900-2026123456") && r.path("legalBasis").asText().equals("ART67_CRIME"));
        assertThat(searches).anyMatch(r -> r.path("details").path("refused").asText().contains("needs approval"));
        assertThat(server.get("/api/v1/audit?action=SEARCH_REQUEST").json()).anyMatch(r -> r.path("target").asText().equals("search request " + id));
        assertThat(server.get("/api/v1/audit?action=SEARCH_DECISION").json()).anyMatch(r -> r.path("actor").asText().equals("pia")
                && r.path("details").path("decision").asText().equals("approved"));
        AuditVerifier.Result chain = new AuditVerifier(server.db().dataSource()).verify();
        assertThat(chain.ok()).as(chain.toString()).isTrue();
    }

    @Test
    void aRejectedRequestAuthorisesNothingAndAnApprovalExpires() {
        String body = """
                {"plate":"12-BDF-3","from":"%s","caseNumber":"PL0900-2026123456","offence":"FUGITIVE","purpose":"voortvluchtige verdachte"}"""
                .formatted(NOW.minus(Duration.ofDays(15)));
        long rejected = post("/api/v1/search-requests", body, analyst).json().path("id").asLong();
        assertThat(post("/api/v1/search-requests/" + rejected + "/reject", "{\"note\":\"geen bevel\"}", privacy).status()).isEqualTo(200);
        String search = "/api/v1/passages?plate=12BDF3" + since(Duration.ofDays(15))
                + "&caseNumber=PL0900-2026123456&offence=FUGITIVE&purpose=voortvluchtige%20verdachte&approval=";
        assertThat(server.get(search + rejected, analyst).reason()).contains("rejected");

        long approved = post("/api/v1/search-requests", body, analyst).json().path("id").asLong();
        assertThat(post("/api/v1/search-requests/" + approved + "/approve", "", privacy).status()).isEqualTo(200);
        assertThat(server.get(search + approved, analyst).status()).isEqualTo(200);
        Instant before = clock.instant();
        try {
            clock.advance(Duration.ofDays(8));
            assertThat(server.get(search + approved, analyst).reason()).contains("expired");
        } finally {
            clock.set(before);
        }
        // the system token spans all organisations, so it cannot file a request a privacy officer could decide
        assertThat(server.post("/api/v1/search-requests", "application/json", body).status()).isEqualTo(403);
    }

    @Test
    void aRequestThatIsNotASearchIsRefusedWithItsReason() {
        TestServer.Response noPlate = post("/api/v1/search-requests", """
                {"plate":"!!","caseNumber":"PL0900-2026123456","offence":"ART67_CRIME","purpose":"woninginbraak Zeist"}""", analyst);
        assertThat(noPlate.status()).isEqualTo(400);
        assertThat(noPlate.reason()).startsWith("plate:");
        TestServer.Response noBasis = post("/api/v1/search-requests", "{\"plate\":\"12-BDF-3\"}", analyst);
        assertThat(noBasis.status()).isEqualTo(400);
        assertThat(noBasis.reason()).contains("needs a legal basis");
        TestServer.Response backwards = post("/api/v1/search-requests", """
                {"plate":"12-BDF-3","from":"%s","to":"%s","caseNumber":"PL0900-2026123456","offence":"ART67_CRIME",
                 "purpose":"woninginbraak Zeist"}""".formatted(NOW, NOW.minus(Duration.ofDays(1))), analyst);
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(server.get("/api/v1/search-requests?status=WAITING", analyst).status()).isEqualTo(400);
        assertThat(server.get("/api/v1/passages?plate=!!&" + BASIS, analyst).reason()).startsWith("plate:");
    }

    /** Issue 10, item 3: the threshold holds for what one person searches under one case, not for each request. */
    @Test
    void splittingAnAreaSearchIntoHoursStillNeedsApproval() {
        String analyst2 = server.userToken("cas", "utrecht", "ANALYST");
        String basis = "caseNumber=PL0900-2026555555&offence=ART67_CRIME&purpose=wie%20reed%20langs%20Zeist";
        int served = 0;
        int refused = 0;
        for (int hour = 1; hour <= 168; hour++) {
            Instant from = NOW.minus(Duration.ofHours(hour));
            TestServer.Response r = server.get("/api/v1/passages?camera=C1&from=" + from + "&to=" + from.plus(Duration.ofHours(1))
                    + "&" + basis, analyst2);
            if (r.status() == 200) {
                served++;
                continue;
            }
            assertThat(r.status()).as(r.body()).isEqualTo(403);
            assertThat(r.json().path("approvalRequired").asBoolean()).isTrue();
            assertThat(r.reason()).contains("in all under this case");
            refused++;
        }
        assertThat(served).as("one hour of every vehicle at a camera is all a case gets without approval").isEqualTo(1);
        assertThat(refused).isEqualTo(167);
        // The same hour again (the next page, a repeat) adds nothing; another person or another case starts afresh.
        Instant first = NOW.minus(Duration.ofHours(1));
        assertThat(server.get("/api/v1/passages?camera=C1&from=" + first + "&to=" + NOW + "&" + basis, analyst2).status()).isEqualTo(200);
        assertThat(server.get("/api/v1/passages?camera=C1&from=" + first.minus(Duration.ofHours(1)) + "&to=" + first + "&" + basis,
                colleague).status()).isEqualTo(200);
    }

    /** Issue 10, item 17: an approval is for one case, offence and purpose together; none of them can be swapped. */
    @Test
    void anApprovalBindsTheCaseTheOffenceAndThePurpose() {
        String body = """
                {"plate":"12-BDF-3","from":"%s","to":"%s","caseNumber":"PL0900-2026777777","offence":"MISSING_PERSON",
                 "purpose":"vermiste persoon in gevaar"}""".formatted(NOW.minus(Duration.ofDays(12)), NOW);
        long id = post("/api/v1/search-requests", body, analyst).json().path("id").asLong();
        assertThat(post("/api/v1/search-requests/" + id + "/approve", "", privacy).status()).isEqualTo(200);
        String search = "/api/v1/passages?plate=12BDF3&from=" + NOW.minus(Duration.ofDays(12)) + "&to=" + NOW + "&approval=" + id;
        String asApproved = "&caseNumber=PL0900-2026777777&offence=MISSING_PERSON&purpose=vermiste%20persoon%20in%20gevaar";
        assertThat(server.get(search + asApproved, analyst).status()).isEqualTo(200);
        TestServer.Response otherOffence = server.get(search + asApproved.replace("MISSING_PERSON", "TERRORISM"), analyst);
        assertThat(otherOffence.status()).isEqualTo(403);
        assertThat(otherOffence.reason()).contains("was given for case").contains("MISSING_PERSON");
        assertThat(server.get(search + asApproved.replace("vermiste%20persoon", "ander%20doel,%20andere%20persoon"), analyst).status())
                .as("another purpose").isEqualTo(403);
    }

    /** Issue 10, item 17: a request filed without an end covers searches up to their own moment, not the filing's. */
    @Test
    void anApprovalFiledWithoutAnEndCoversASearchWithDefaultDates() {
        long id = post("/api/v1/search-requests", """
                {"plate":"12-BDF-3","caseNumber":"PL0900-2026888888","offence":"ART67_CRIME","purpose":"woninginbraak Zeist, vluchtauto"}""",
                analyst).json().path("id").asLong();
        assertThat(post("/api/v1/search-requests/" + id + "/approve", "", privacy).status()).isEqualTo(200);
        Instant before = clock.instant();
        try {
            clock.advance(Duration.ofHours(3));
            TestServer.Response ran = server.get("/api/v1/passages?plate=12BDF3&caseNumber=PL0900-2026888888&offence=ART67_CRIME"
                    + "&purpose=woninginbraak%20Zeist%2C%20vluchtauto&approval=" + id, analyst);
            assertThat(ran.status()).as(ran.body()).isEqualTo(200);
            assertThat(ran.json().path("passages")).hasSize(2);
        } finally {
            clock.set(before);
        }
    }

    private static TestServer.Response post(String path, String body, String token) {
        return server.post(path, "application/json", body, token);
    }
}
