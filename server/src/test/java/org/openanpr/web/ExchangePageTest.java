package org.openanpr.web;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.testing.TestServer;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15: the cross-border exchange page on two nodes. The Dutch administrator makes an exchange agreement with a
 * Belgian unit (in Dutch); a Dutch list manager sends a hit as an exchange document; a Belgian list manager takes the
 * document in (in English) and sees it among the documents received, with the hit.
 */
class ExchangePageTest {
    /** The key both units agreed on: the Dutch document is signed with it, the Belgian node checks it. */
    static final String KEY = java.util.Base64.getEncoder().encodeToString("a key the NL and BE units agreed on!".getBytes());
    static TestServer nl;
    static TestServer be;

    @BeforeAll
    static void start() {
        Browser.assumeAvailable();
        nl = TestServer.start(ExchangePageTest.class, Clock.systemUTC());
        be = TestServer.start(ExchangePageTest.class, Clock.systemUTC());
        assertThat(nl.post("/api/v1/organisations", "application/json", """
                {"code":"nationaal","name":"Politie Landelijke Eenheid","kind":"POLICE"}""").status()).isEqualTo(201);
        assertThat(be.post("/api/v1/organisations", "application/json", """
                {"code":"fgp-antwerpen","name":"FGP Antwerpen","kind":"POLICE"}""").status()).isEqualTo(201);
        WebFixture.cameras(nl, "NL-A16-01,A16 Breda grens,FIXED,51.5,4.7,0,1,S,nationaal,ACTIVE\n");
        WebFixture.list(nl, """
                {"name":"Gestolen voertuigen","category":"STOLEN_VEHICLE","purpose":"opsporing","legalBasis":"Politiewet art. 3",
                 "organisation":"nationaal","source":"LDS"}""", "plate,country,reason\n1ABC234,BE,gestolen in Antwerpen\n", "nationaal");
        TestServer.Response read = nl.post("/api/v1/reads", "application/json", """
                [{"id":"%s","camera":"NL-A16-01","plate":"1ABC234","country":"BE","confidence":0.93,"time":"%s"}]"""
                .formatted(java.util.UUID.randomUUID(), Instant.now().minusSeconds(30)));
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        WebFixture.user(nl, "anna", "nationaal", "ADMINISTRATOR");
        WebFixture.user(nl, "lena", "nationaal", "LIST_MANAGER");
        WebFixture.user(be, "bert", "fgp-antwerpen", "LIST_MANAGER");
        String beAdmin = be.userToken("be-admin", "fgp-antwerpen", "ADMINISTRATOR");
        TestServer.Response agreement = be.post("/api/v1/exchange/agreements", "application/json", """
                {"ownAuthority":"BE-FGP-ANTWERPEN","ownCountry":"BE","partnerAuthority":"NL-POLITIE-LE","partnerName":"Politie Landelijke Eenheid",
                 "partnerCountry":"NL","direction":"RECEIVE","kinds":["HITS"],"legalBasis":"Benelux-politieverdrag 2018, art. 17",
                 "until":"%s","sharedKey":"%s"}""".formatted(Instant.now().plus(100, ChronoUnit.DAYS), KEY), beAdmin);
        assertThat(agreement.status()).as(agreement.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        if (be != null) be.close();
        if (nl != null) nl.close();
    }

    @Test
    void anAdministratorMakesAnAgreementAListManagerSendsAHitAndTheBelgianListManagerTakesItIn() {
        try (Browser b = Browser.open(nl.baseUrl(), "nl")) {
            b.login("anna", WebFixture.PASSWORD);
            b.openPage("exchange");
            assertThat(b.driver.findElement(By.tagName("h1")).getText()).isEqualTo("Internationale uitwisseling");
            assertThat(b.mainText()).contains("Geen uitwisselingsafspraak");
            b.driver.findElement(By.id("exchange-partner-name")).sendKeys("Federale Gerechtelijke Politie Antwerpen");
            b.driver.findElement(By.id("exchange-partner")).sendKeys("BE-FGP-ANTWERPEN");
            b.driver.findElement(By.id("exchange-partner-country")).sendKeys("BE");
            b.driver.findElement(By.id("exchange-own")).sendKeys("NL-POLITIE-LE");
            b.driver.findElement(By.id("exchange-basis")).sendKeys("Benelux-politieverdrag 2018, art. 17");
            b.driver.findElement(By.id("exchange-key")).sendKeys(KEY);
            b.js("arguments[0].value = arguments[1]", b.driver.findElement(By.id("exchange-until")),
                    Instant.now().plus(200, ChronoUnit.DAYS).toString().substring(0, 10));
            b.driver.findElement(By.cssSelector("#exchange-agreement button[type=submit]")).click();
            b.waiting(Duration.ofSeconds(10)).until(d -> b.mainText().contains("BE-FGP-ANTWERPEN, BE"));
            assertThat(b.mainText()).contains("geldig").contains("beide kanten op").doesNotContain(KEY);
            b.screenshot("exchange-agreements", Browser.Size.DESKTOP);
            b.assertNoConsoleErrors("exchange administrator");
        }
        String document;
        try (Browser b = Browser.open(nl.baseUrl(), "nl")) {
            b.login("lena", WebFixture.PASSWORD);
            b.openPage("exchange");
            b.driver.findElement(By.id("exchange-send-purpose")).sendKeys("opsporing gestolen voertuig");
            List<WebElement> boxes = b.driver.findElements(By.cssSelector("#exchange-send-hits input[data-hit]"));
            assertThat(boxes).hasSize(1);
            boxes.get(0).click();
            b.driver.findElement(By.cssSelector("#exchange-send button[type=submit]")).click();
            document = b.await(By.id("exchange-doc")).getText();
            assertThat(b.mainText()).contains("Document voor BE-FGP-ANTWERPEN gemaakt");
            b.assertNoConsoleErrors("exchange list manager");
        }
        assertThat(document).contains("\"legalBasis\": \"Benelux-politieverdrag 2018, art. 17\"").contains("1ABC234").contains("HMAC-SHA256");
        try (Browser b = Browser.open(be.baseUrl(), "en")) {
            b.login("bert", WebFixture.PASSWORD);
            b.openPage("exchange");
            assertThat(b.driver.findElement(By.tagName("h1")).getText()).isEqualTo("Cross-border exchange");
            b.js("arguments[0].value = arguments[1]", b.driver.findElement(By.id("exchange-receive-text")), document);
            b.driver.findElement(By.cssSelector("#exchange-receive button[type=submit]")).click();
            assertThat(b.await(By.cssSelector("#exchange-receive-out .msg")).getText()).isEqualTo("1 item(s) from NL-POLITIE-LE taken in.");
            b.waiting(Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector("button[data-document]")).isEmpty());
            assertThat(b.mainText()).contains("received").contains("NL-POLITIE-LE");
            b.driver.findElement(By.cssSelector("button[data-document]")).click();
            b.waiting(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("exchange-view")).getText().contains("gestolen in Antwerpen"));
            b.screenshot("exchange-received", Browser.Size.DESKTOP);
            b.assertNoConsoleErrors("exchange Belgian list manager");
        }
    }
}
