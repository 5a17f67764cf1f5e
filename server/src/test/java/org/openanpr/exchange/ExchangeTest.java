package org.openanpr.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.db.Database;
import org.openanpr.http.Json;
import org.openanpr.testing.TestServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cross-border exchange between two nodes in one test: a Dutch national node (authority NL-POLITIE-LE) and a Belgian
 * one (BE-FGP-ANTWERPEN), each with its own database. Hits and list entries go over in the documented JSON schema
 * (every document made here is checked against docs/exchange.schema.json) with the legal basis and the sending
 * authority, only under a valid agreement on each side, audited on both sides; hostile documents are refused.
 */
class ExchangeTest {
    private static TestServer nl;
    private static TestServer be;
    private static Schema schema;
    private static String nlAdmin, nlLists, beAdmin, beOfficer, beLists;
    private static final String BASIS = "Benelux-politieverdrag 2018, art. 17";

    @BeforeAll
    static void start() throws Exception {
        nl = TestServer.start(ExchangeTest.class, c -> c);
        be = TestServer.start(ExchangeTest.class, c -> c);
        schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(Path.of("..", "docs", "exchange.schema.json")));
        organisation(nl, "nationaal", "Politie Landelijke Eenheid");
        organisation(be, "fgp-antwerpen", "Federale Gerechtelijke Politie Antwerpen");
        organisation(be, "lokale-politie-gent", "Lokale Politie Gent");
        nlAdmin = nl.userToken("nl-admin", "nationaal", "ADMINISTRATOR");
        nlLists = nl.userToken("nl-lists", "nationaal", "LIST_MANAGER");
        beAdmin = be.userToken("be-admin", "fgp-antwerpen", "ADMINISTRATOR");
        beOfficer = be.userToken("be-officer", "fgp-antwerpen", "OFFICER");
        beLists = be.userToken("be-lists", "fgp-antwerpen", "LIST_MANAGER");
    }

    @AfterAll
    static void stop() {
        if (nl != null) nl.close();
        if (be != null) be.close();
    }

    @Test
    void aHitAndListEntriesCrossTheBorderUnderAgreementsAuditedOnBothSides() throws Exception {
        // Both sides agreed on a key: documents under these agreements are signed and checked.
        String key = java.util.Base64.getEncoder().encodeToString("a key both units agreed on, 32+ bytes long".getBytes());
        long nlAgreement = agreement(nl, nlAdmin, "NL-POLITIE-LE", "NL", "BE-FGP-ANTWERPEN", "BE", "BOTH", "[\"HITS\",\"LIST_ENTRIES\"]",
                Instant.now().minus(1, ChronoUnit.DAYS), Instant.now().plus(365, ChronoUnit.DAYS), key);
        long beHitsOnly = agreement(be, beAdmin, "BE-FGP-ANTWERPEN", "BE", "NL-POLITIE-LE", "NL", "RECEIVE", "[\"HITS\"]",
                Instant.now().minus(1, ChronoUnit.DAYS), Instant.now().plus(365, ChronoUnit.DAYS), key);
        assertThat(nl.get("/api/v1/exchange/agreements", nlAdmin).body()).contains("\"signed\":true").doesNotContain(key);

        // A hit on the Dutch node goes to Belgium: the document carries the legal basis and the sending authority.
        assertThat(nl.post("/api/v1/cameras", "application/json", """
                {"id":"NL-A16-01","name":"A16 Breda grens","lat":51.5,"lon":4.7,"organisation":"nationaal"}""").status()).isEqualTo(201);
        long list = nl.activeFinesList("nationaal");
        assertThat(nl.post("/api/v1/lists/" + list + "/entries?mode=replace", "text/csv",
                "plate,country,reason\n1ABC234,BE,gestolen in Antwerpen\n2DEF345,BE,gestolen\n").status()).isBetween(200, 201);
        UUID hit = hitAfterRead(nl, "NL-A16-01", "1ABC234", "BE");
        TestServer.Response sent = nl.post("/api/v1/exchange/exports", "application/json", """
                {"agreementId":%d,"kind":"HITS","purpose":"opsporing gestolen voertuig","reference":"PL0900-2026-77","hitIds":["%s"]}"""
                .formatted(nlAgreement, hit), nlLists);
        assertThat(sent.status()).as(sent.body()).isEqualTo(201);
        JsonNode hitDoc = sent.json();
        assertThat(schema.validate(hitDoc)).as("valid against docs/exchange.schema.json").isEmpty();
        assertThat(hitDoc.path("sender").path("authority").asText()).isEqualTo("NL-POLITIE-LE");
        assertThat(hitDoc.path("recipient").path("authority").asText()).isEqualTo("BE-FGP-ANTWERPEN");
        assertThat(hitDoc.path("legalBasis").asText()).isEqualTo(BASIS);
        assertThat(hitDoc.path("hits").get(0).path("plate").asText()).isEqualTo("1ABC234");
        assertThat(hitDoc.path("hits").get(0).path("reason").asText()).isEqualTo("gestolen in Antwerpen");

        assertThat(hitDoc.path("signature").path("alg").asText()).isEqualTo("HMAC-SHA256");

        // Altered on the way, or not signed at all: refused under the keyed agreement.
        ObjectNode altered = hitDoc.deepCopy();
        ((ObjectNode) altered.path("hits").get(0)).put("plate", "9ZZZ999");
        TestServer.Response tampered = be.post("/api/v1/exchange/imports", "application/json", altered.toString(), beLists);
        assertThat(tampered.status()).isEqualTo(403);
        assertThat(tampered.reason()).contains("signature does not match");
        ObjectNode unsigned = hitDoc.deepCopy();
        unsigned.remove("signature");
        TestServer.Response notSigned = be.post("/api/v1/exchange/imports", "application/json", unsigned.toString(), beLists);
        assertThat(notSigned.status()).isEqualTo(403);
        assertThat(notSigned.reason()).contains("not signed");

        TestServer.Response in = be.post("/api/v1/exchange/imports", "application/json", hitDoc.toString(), beLists);
        assertThat(in.status()).as(in.body()).isEqualTo(201);
        assertThat(in.json().path("agreementId").asLong()).isEqualTo(beHitsOnly);
        assertThat(be.post("/api/v1/exchange/imports", "application/json", hitDoc.toString(), beLists).status())
                .as("a document is taken in once").isEqualTo(409);
        JsonNode listed = null;
        for (JsonNode d : be.get("/api/v1/exchange/documents", beOfficer).json())
            if (d.path("documentId").asText().equals(hitDoc.path("id").asText())) listed = d;
        assertThat(listed).as("listed once, as received").isNotNull();
        assertThat(listed.path("direction").asText()).isEqualTo("RECEIVED");
        assertThat(listed.path("sender").asText()).isEqualTo("NL-POLITIE-LE");
        JsonNode content = be.get("/api/v1/exchange/documents/" + listed.path("id").asLong(), beOfficer).json();
        assertThat(content.path("hits").get(0).path("plate").asText()).isEqualTo("1ABC234");

        // Audited on both sides, with the legal basis and the partner.
        assertThat(audit(nl.db(), "exchange document " + hitDoc.path("id").asText()))
                .containsExactly("EXCHANGE " + BASIS + " sent to BE-FGP-ANTWERPEN");
        assertThat(audit(be.db(), "exchange document " + hitDoc.path("id").asText()))
                .contains("EXCHANGE " + BASIS + " received from NL-POLITIE-LE", "HIT_VIEW " + BASIS + " null");

        // List entries: the Belgian agreement covers hits only, so the entries are refused (and that is on the record).
        TestServer.Response entries = nl.post("/api/v1/exchange/exports", "application/json", """
                {"agreementId":%d,"kind":"LIST_ENTRIES","purpose":"signalering gestolen voertuigen","listId":%d,"plates":["2-DEF-345"]}"""
                .formatted(nlAgreement, list), nlLists);
        assertThat(entries.status()).as(entries.body()).isEqualTo(201);
        JsonNode entryDoc = entries.json();
        assertThat(schema.validate(entryDoc)).isEmpty();
        assertThat(entryDoc.path("entries")).hasSize(1);
        assertThat(be.post("/api/v1/cameras", "application/json", """
                {"id":"BE-E19-01","name":"E19 Meer","lat":51.4,"lon":4.7,"organisation":"fgp-antwerpen"}""").status()).isEqualTo(201);
        long beList = be.activeFinesList("fgp-antwerpen");
        TestServer.Response wrongKind = be.post("/api/v1/exchange/imports?listId=" + beList, "application/json", entryDoc.toString(), beLists);
        assertThat(wrongKind.status()).isEqualTo(403);
        assertThat(wrongKind.reason()).contains("covers [HITS], not LIST_ENTRIES");
        assertThat(audit(be.db(), "exchange document " + entryDoc.path("id").asText())).hasSize(1).first().asString().startsWith("EXCHANGE");

        // With an agreement for entries they go into a Belgian list, marked with their sender, and are matched at once.
        agreement(be, beAdmin, "BE-FGP-ANTWERPEN", "BE", "NL-POLITIE-LE", "NL", "RECEIVE", "[\"LIST_ENTRIES\"]",
                Instant.now().minus(1, ChronoUnit.HOURS), Instant.now().plus(30, ChronoUnit.DAYS), key);
        TestServer.Response taken = be.post("/api/v1/exchange/imports?listId=" + beList, "application/json", entryDoc.toString(), beLists);
        assertThat(taken.status()).as(taken.body()).isEqualTo(201);
        JsonNode beEntries = be.get("/api/v1/lists/" + beList + "/entries", beLists).json();
        assertThat(beEntries.toString()).contains("2DEF345").contains("NL-POLITIE-LE");
        hitAfterRead(be, "BE-E19-01", "2DEF345", "BE");
        assertThat(count(be.db(), "select count(*) from audit_log where action = 'LIST_IMPORT' and details->>'sender' = 'NL-POLITIE-LE'"))
                .isEqualTo(1);
    }

    @Test
    void withoutAValidAgreementNothingGoesOrComesIn() throws Exception {
        long expired = agreement(nl, nlAdmin, "NL-POLITIE-LE", "NL", "DE-BKA", "DE", "BOTH", "[\"HITS\"]",
                Instant.now().minus(40, ChronoUnit.DAYS), Instant.now().minus(1, ChronoUnit.DAYS));
        long receiveOnly = agreement(nl, nlAdmin, "NL-POLITIE-LE", "NL", "BE-POL-GENT", "BE", "RECEIVE", "[\"HITS\"]",
                Instant.now().minus(1, ChronoUnit.DAYS), Instant.now().plus(10, ChronoUnit.DAYS));
        JsonNode agreements = nl.get("/api/v1/exchange/agreements", nlAdmin).json();
        assertThat(agreements.toString()).contains("\"status\":\"EXPIRED\"");
        String export = "{\"agreementId\":%d,\"kind\":\"HITS\",\"purpose\":\"x\",\"hitIds\":[\"" + UUID.randomUUID() + "\"]}";
        TestServer.Response old = nl.post("/api/v1/exchange/exports", "application/json", export.formatted(expired), nlLists);
        assertThat(old.status()).isEqualTo(403);
        assertThat(old.reason()).contains("expired");
        TestServer.Response wrongWay = nl.post("/api/v1/exchange/exports", "application/json", export.formatted(receiveOnly), nlLists);
        assertThat(wrongWay.status()).isEqualTo(403);
        assertThat(wrongWay.reason()).contains("receiving only");

        // Coming in: from an authority with an expired agreement, and from one with none at all.
        TestServer.Response fromExpired = nl.post("/api/v1/exchange/imports", "application/json",
                document("DE-BKA", "DE", "NL-POLITIE-LE").toString(), nlLists);
        assertThat(fromExpired.status()).isEqualTo(403);
        assertThat(fromExpired.reason()).contains("expired");
        TestServer.Response unknown = nl.post("/api/v1/exchange/imports", "application/json",
                document("FR-PN-LILLE", "FR", "NL-POLITIE-LE").toString(), nlLists);
        assertThat(unknown.status()).isEqualTo(403);
        assertThat(unknown.reason()).contains("no exchange agreement").contains("FR-PN-LILLE");
        // A sender claiming another country than its agreement's.
        TestServer.Response wrongCountry = nl.post("/api/v1/exchange/imports", "application/json",
                document("BE-POL-GENT", "FR", "NL-POLITIE-LE").toString(), nlLists);
        assertThat(wrongCountry.status()).isEqualTo(403);
        assertThat(count(nl.db(), "select count(*) from exchange_document where direction = 'RECEIVED'"
                + " and sender in ('DE-BKA', 'FR-PN-LILLE', 'BE-POL-GENT')")).isZero();
        assertThat(count(nl.db(), "select count(*) from audit_log where action = 'EXCHANGE' and details->>'refused' is not null")).isEqualTo(3);

        // A revoked agreement ends at once; revoking twice is a conflict.
        TestServer.Response ok = nl.post("/api/v1/exchange/imports", "application/json",
                document("BE-POL-GENT", "BE", "NL-POLITIE-LE").toString(), nlLists);
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        assertThat(nl.post("/api/v1/exchange/agreements/" + receiveOnly + "/revoke", "application/json", "{}", nlAdmin).status()).isEqualTo(200);
        assertThat(nl.post("/api/v1/exchange/agreements/" + receiveOnly + "/revoke", "application/json", "{}", nlAdmin).status()).isEqualTo(409);
        TestServer.Response afterRevoke = nl.post("/api/v1/exchange/imports", "application/json",
                document("BE-POL-GENT", "BE", "NL-POLITIE-LE").toString(), nlLists);
        assertThat(afterRevoke.status()).isEqualTo(403);
        assertThat(afterRevoke.reason()).contains("revoked");
    }

    @Test
    void entriesTakenInCommitTogetherWithTheirDocumentOrNotAtAll() throws Exception {
        organisation(nl, "grens-zuid", "Politie Grens Zuid");
        String admin = nl.userToken("gz-admin", "grens-zuid", "ADMINISTRATOR");
        String lists = nl.userToken("gz-lists", "grens-zuid", "LIST_MANAGER");
        agreement(nl, admin, "NL-POLITIE-GZ", "NL", "BE-POL-HASSELT", "BE", "RECEIVE", "[\"LIST_ENTRIES\"]",
                Instant.now().minus(1, ChronoUnit.HOURS), Instant.now().plus(30, ChronoUnit.DAYS));
        assertThat(nl.post("/api/v1/cameras", "application/json", """
                {"id":"GZ-A2-01","name":"A2 Budel","lat":51.27,"lon":5.57,"organisation":"grens-zuid"}""").status()).isEqualTo(201);
        long list = nl.activeFinesList("grens-zuid");
        ObjectNode doc = document("BE-POL-HASSELT", "BE", "NL-POLITIE-GZ");
        doc.put("kind", "LIST_ENTRIES");
        doc.remove("hits");
        doc.putObject("list").put("name", "Gestolen voertuigen BE").put("category", "STOLEN_VEHICLE");
        doc.putArray("entries").addObject().put("plate", "1XYZ987").put("country", "BE").put("reason", "gestolen in Hasselt");
        assertThat(schema.validate(doc)).isEmpty();
        String entriesSql = "select count(*) from list_entry where list_id = " + list;
        String importsSql = "select count(*) from audit_log where action = 'LIST_IMPORT' and details->>'sender' = 'BE-POL-HASSELT'";

        // The document cannot be kept: the entries it carries must not stay either, nor their record.
        try (Connection c = nl.db().dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("create function refuse_document() returns trigger language plpgsql as $$ "
                    + "begin raise exception 'document refused for the test'; end $$");
            st.execute("create trigger refuse_document before insert on exchange_document for each row execute function refuse_document()");
        }
        TestServer.Response failed;
        try {
            failed = nl.post("/api/v1/exchange/imports?listId=" + list, "application/json", doc.toString(), lists);
        } finally {
            try (Connection c = nl.db().dataSource().getConnection(); Statement st = c.createStatement()) {
                st.execute("drop trigger refuse_document on exchange_document");
                st.execute("drop function refuse_document()");
            }
        }
        assertThat(failed.status()).isEqualTo(500);
        assertThat(count(nl.db(), entriesSql)).as("no entry without its document").isZero();
        assertThat(count(nl.db(), importsSql)).as("no record of an import that did not stay").isZero();
        TestServer.Response read = nl.post("/api/v1/reads", "application/json", """
                [{"id":"%s","camera":"GZ-A2-01","plate":"1XYZ987","country":"BE","confidence":0.93,"time":"%s"}]"""
                .formatted(UUID.randomUUID(), Instant.now().minusSeconds(10)));
        assertThat(read.status()).isEqualTo(200);
        assertThat(count(nl.db(), "select count(*) from hit where plate = '1XYZ987'")).as("the matcher was not told").isZero();

        // Sent again, it is taken in whole: entries, document and both records, and matched after the commit.
        TestServer.Response again = nl.post("/api/v1/exchange/imports?listId=" + list, "application/json", doc.toString(), lists);
        assertThat(again.status()).as(again.body()).isEqualTo(201);
        assertThat(count(nl.db(), entriesSql)).isEqualTo(1);
        assertThat(count(nl.db(), importsSql)).isEqualTo(1);
        assertThat(audit(nl.db(), "exchange document " + doc.path("id").asText()))
                .containsExactly("EXCHANGE Verdrag van Prüm, art. 12 received from BE-POL-HASSELT");
        hitAfterRead(nl, "GZ-A2-01", "1XYZ987", "BE");
    }

    @Test
    void anotherOrganisationARoleWithoutTheRightAndTheSystemTokenAreRefused() {
        long mine = agreement(be, beAdmin, "BE-FGP-ANTWERPEN", "BE", "DE-LKA-NRW", "DE", "BOTH", "[\"HITS\"]",
                Instant.now().minus(1, ChronoUnit.DAYS), Instant.now().plus(10, ChronoUnit.DAYS));
        String otherAdmin = be.userToken("be-other-admin", "lokale-politie-gent", "ADMINISTRATOR");
        String otherLists = be.userToken("be-other-lists", "lokale-politie-gent", "LIST_MANAGER");
        String privacy = be.userToken("be-privacy", "fgp-antwerpen", "PRIVACY_OFFICER");
        String export = "{\"agreementId\":" + mine + ",\"kind\":\"HITS\",\"purpose\":\"x\",\"hitIds\":[\"" + UUID.randomUUID() + "\"]}";
        // Another organisation neither sees nor uses the agreement, nor revokes it.
        assertThat(be.get("/api/v1/exchange/agreements", otherAdmin).json().toString()).doesNotContain("DE-LKA-NRW");
        assertThat(be.post("/api/v1/exchange/exports", "application/json", export, otherLists).status()).isEqualTo(404);
        assertThat(be.post("/api/v1/exchange/agreements/" + mine + "/revoke", "application/json", "{}", otherAdmin).status()).isEqualTo(404);
        // Roles without the right.
        assertThat(be.post("/api/v1/exchange/exports", "application/json", export, privacy).status()).isEqualTo(403);
        TestServer.Response officer = be.post("/api/v1/exchange/exports", "application/json", export, beOfficer);
        assertThat(officer.status()).as("an officer on the road sends nothing abroad").isEqualTo(403);
        assertThat(officer.reason()).contains("MANAGE_LISTS");
        assertThat(be.post("/api/v1/exchange/agreements", "application/json", "{}", beOfficer).status()).isEqualTo(403);
        ObjectNode entries = document("DE-LKA-NRW", "DE", "BE-FGP-ANTWERPEN").put("kind", "LIST_ENTRIES");
        entries.remove("hits");
        entries.putObject("list").put("name", "Gestohlene Fahrzeuge").put("category", "STOLEN_VEHICLE");
        entries.putArray("entries").addObject().put("plate", "K-AB-123").put("country", "D");
        assertThat(schema.validate(entries)).isEmpty();
        TestServer.Response officerEntries = be.post("/api/v1/exchange/imports?listId=1", "application/json", entries.toString(), beOfficer);
        assertThat(officerEntries.status()).as("an officer may not put entries into a list").isEqualTo(403);
        assertThat(officerEntries.reason()).contains("MANAGE_LISTS");
        // The system token neither sends nor receives: an exchange abroad is a person's act.
        TestServer.Response system = be.post("/api/v1/exchange/exports", "application/json", export, TestServer.ADMIN_TOKEN);
        assertThat(system.status()).isEqualTo(403);
        assertThat(system.reason()).contains("person");
        // An agreement must be with another country, for a bounded period, with a legal basis.
        assertThat(be.post("/api/v1/exchange/agreements", "application/json", """
                {"ownAuthority":"BE-FGP-ANTWERPEN","ownCountry":"BE","partnerAuthority":"BE-POL-GENT","partnerName":"x","partnerCountry":"BE",
                 "direction":"BOTH","kinds":["HITS"],"legalBasis":"x","until":"2027-01-01T00:00:00Z"}""", beAdmin).reason())
                .contains("another country");
        assertThat(be.post("/api/v1/exchange/agreements", "application/json", """
                {"ownAuthority":"BE-FGP-ANTWERPEN","ownCountry":"BE","partnerAuthority":"NL-X","partnerName":"x","partnerCountry":"NL",
                 "direction":"BOTH","kinds":["HITS"],"until":"2027-01-01T00:00:00Z"}""", beAdmin).reason()).contains("legalBasis");
        assertThat(be.post("/api/v1/exchange/agreements", "application/json", """
                {"ownAuthority":"BE-FGP-ANTWERPEN","ownCountry":"BE","partnerAuthority":"NL-X","partnerName":"x","partnerCountry":"NL",
                 "direction":"BOTH","kinds":["HITS"],"legalBasis":"x","until":"2099-01-01T00:00:00Z"}""", beAdmin).reason()).contains("five years");
        assertThat(be.post("/api/v1/exchange/agreements", "application/json", """
                {"ownAuthority":"BE-FGP-ANTWERPEN","ownCountry":"BE","partnerAuthority":"NL-X","partnerName":"x","partnerCountry":"NL",
                 "direction":"BOTH","kinds":["HITS"],"legalBasis":"x","until":"2027-01-01T00:00:00Z","sharedKey":"c2hvcnQ="}""", beAdmin)
                .reason()).contains("at least 32 bytes");
    }

    @Test
    void hostileDocumentsAreRefusedWithAReasonAndNothingIsTakenIn() {
        agreement(be, beAdmin, "BE-FGP-ANTWERPEN", "BE", "NL-KMAR", "NL", "RECEIVE", "[\"HITS\"]",
                Instant.now().minus(1, ChronoUnit.DAYS), Instant.now().plus(10, ChronoUnit.DAYS));
        long before = count(be.db(), "select count(*) from exchange_document");
        assertThat(be.post("/api/v1/exchange/imports", "application/json", "{not json", beLists).status()).isEqualTo(400);
        record Case(String why, ObjectNode doc, String reason) {
        }
        ObjectNode extraField = document("NL-KMAR", "NL", "BE-FGP-ANTWERPEN");
        extraField.put("script", "<script>alert(1)</script>");
        ObjectNode badPlate = document("NL-KMAR", "NL", "BE-FGP-ANTWERPEN");
        ((ObjectNode) badPlate.path("hits").get(0)).put("plate", "<img src=x onerror=alert(1)>");
        ObjectNode badTime = document("NL-KMAR", "NL", "BE-FGP-ANTWERPEN");
        ((ObjectNode) badTime.path("hits").get(0)).put("time", "yesterday");
        ObjectNode noBasis = document("NL-KMAR", "NL", "BE-FGP-ANTWERPEN");
        noBasis.remove("legalBasis");
        ObjectNode badAuthority = document("NL-KMAR", "NL", "BE-FGP-ANTWERPEN");
        ((ObjectNode) badAuthority.path("sender")).put("authority", "nl kmar'; drop table hit;--");
        ObjectNode tooMany = document("NL-KMAR", "NL", "BE-FGP-ANTWERPEN");
        ArrayNode many = tooMany.putArray("hits");
        for (int i = 0; i <= ExchangeDocument.MAX_ITEMS; i++) many.add(document("NL-KMAR", "NL", "BE-FGP-ANTWERPEN").path("hits").get(0));
        ObjectNode mixed = document("NL-KMAR", "NL", "BE-FGP-ANTWERPEN");
        mixed.putArray("entries");
        ObjectNode latitude = document("NL-KMAR", "NL", "BE-FGP-ANTWERPEN");
        ((ObjectNode) latitude.path("hits").get(0)).put("lat", 9999);
        ObjectNode version = document("NL-KMAR", "NL", "BE-FGP-ANTWERPEN");
        version.put("version", 2);
        for (Case c : List.of(new Case("extra field", extraField, "script"), new Case("plate", badPlate, "hits[0].plate"),
                new Case("time", badTime, "hits[0].time"), new Case("legal basis", noBasis, "legalBasis: required"),
                new Case("authority", badAuthority, "sender.authority"), new Case("too many", tooMany, "at most 10000"),
                new Case("hits and entries", mixed, "not entries"), new Case("latitude", latitude, "hits[0].lat"),
                new Case("version", version, "version"))) {
            assertThat(schema.validate(c.doc())).as("the schema refuses it too: " + c.why()).isNotEmpty();
            TestServer.Response r = be.post("/api/v1/exchange/imports", "application/json", c.doc().toString(), beLists);
            assertThat(r.status()).as(c.why() + ": " + r.body()).isEqualTo(400);
            assertThat(r.reason()).as(c.why()).contains(c.reason());
        }
        assertThat(count(be.db(), "select count(*) from exchange_document")).isEqualTo(before);
        // The same document, whole, is taken in.
        TestServer.Response good = be.post("/api/v1/exchange/imports", "application/json",
                document("NL-KMAR", "NL", "BE-FGP-ANTWERPEN").toString(), beLists);
        assertThat(good.status()).as(good.body()).isEqualTo(201);
    }

    private static void organisation(TestServer node, String code, String name) {
        assertThat(node.post("/api/v1/organisations", "application/json", """
                {"code":"%s","name":"%s","kind":"POLICE"}""".formatted(code, name)).status()).isEqualTo(201);
    }

    @Test
    void documentsArePurgedAfterTheRetentionOnTheRecord() throws Exception {
        agreement(be, beAdmin, "BE-FGP-ANTWERPEN", "BE", "NL-DOUANE", "NL", "RECEIVE", "[\"HITS\"]",
                Instant.now().minus(1, ChronoUnit.DAYS), Instant.now().plus(10, ChronoUnit.DAYS));
        ObjectNode old = document("NL-DOUANE", "NL", "BE-FGP-ANTWERPEN");
        ObjectNode recent = document("NL-DOUANE", "NL", "BE-FGP-ANTWERPEN");
        for (ObjectNode d : List.of(old, recent))
            assertThat(be.post("/api/v1/exchange/imports", "application/json", d.toString(), beLists).status()).isEqualTo(201);
        try (Connection c = be.db().dataSource().getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("update exchange_document set at = now() - interval '40 days' where document_id = '" + old.path("id").asText() + "'");
        }
        Exchange exchange = new Exchange(be.db().dataSource(), null, null, null, null,
                new org.openanpr.audit.AuditLog(be.db().dataSource(), java.time.Clock.systemUTC()), java.time.Clock.systemUTC(),
                java.time.Duration.ofDays(28));
        assertThat(exchange.purge()).isEqualTo(1);
        assertThat(count(be.db(), "select count(*) from exchange_document where document_id = '" + old.path("id").asText() + "'")).isZero();
        assertThat(count(be.db(), "select count(*) from exchange_document where document_id = '" + recent.path("id").asText() + "'")).isEqualTo(1);
        assertThat(count(be.db(), "select count(*) from audit_log where action = 'EXCHANGE' and target = 'exchange documents'")).isEqualTo(1);
    }

    /** A valid hits document as another node would send it. */
    private static ObjectNode document(String sender, String senderCountry, String recipient) {
        ObjectNode d = Json.MAPPER.createObjectNode();
        d.put("format", "openanpr-exchange");
        d.put("version", 1);
        d.put("id", UUID.randomUUID().toString());
        d.put("createdAt", Instant.now().toString());
        d.put("kind", "HITS");
        d.putObject("sender").put("authority", sender).put("country", senderCountry);
        d.putObject("recipient").put("authority", recipient).put("country", recipient.substring(0, 2));
        d.put("legalBasis", "Verdrag van Prüm, art. 12");
        d.put("purpose", "opsporing");
        d.putArray("hits").addObject().put("id", UUID.randomUUID().toString()).put("plate", "AB123C").put("country", "NL")
                .put("time", Instant.now().minusSeconds(60).toString()).put("camera", "X-1").put("lat", 52.0).put("lon", 4.0)
                .put("listName", "Gestolen").put("category", "STOLEN_VEHICLE").put("reason", "gestolen");
        assertThat(schema.validate(d)).isEmpty();
        return d;
    }

    private static long agreement(TestServer node, String token, String own, String ownCountry, String partner, String partnerCountry,
                                  String direction, String kinds, Instant from, Instant until) {
        return agreement(node, token, own, ownCountry, partner, partnerCountry, direction, kinds, from, until, null);
    }

    private static long agreement(TestServer node, String token, String own, String ownCountry, String partner, String partnerCountry,
                                  String direction, String kinds, Instant from, Instant until, String key) {
        TestServer.Response r = node.post("/api/v1/exchange/agreements", "application/json", """
                {"ownAuthority":"%s","ownCountry":"%s","partnerAuthority":"%s","partnerName":"%s","partnerCountry":"%s",
                 "direction":"%s","kinds":%s,"legalBasis":"%s","from":"%s","until":"%s"%s}"""
                .formatted(own, ownCountry, partner, partner + " (test)", partnerCountry, direction, kinds, BASIS, from, until,
                        key == null ? "" : ",\"sharedKey\":\"" + key + "\""), token);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("id").asLong();
    }

    private static UUID hitAfterRead(TestServer node, String camera, String plate, String country) throws Exception {
        TestServer.Response read = node.post("/api/v1/reads", "application/json", """
                [{"id":"%s","camera":"%s","plate":"%s","country":"%s","confidence":0.93,"time":"%s"}]"""
                .formatted(UUID.randomUUID(), camera, plate, country, Instant.now().minusSeconds(10)));
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        try (Connection c = node.db().dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select id from hit where plate = '" + plate + "' and camera_id = '" + camera + "'")) {
            assertThat(rs.next()).as("a hit on " + plate).isTrue();
            return rs.getObject(1, UUID.class);
        }
    }

    private static List<String> audit(Database db, String target) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select action, legal_basis, details->>'action' from audit_log where target = '" + target + "' order by seq")) {
            while (rs.next()) out.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
        }
        return out;
    }

    private static long count(Database db, String sql) {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
