package org.openanpr.web;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.testing.TestServer;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.Select;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12: an analyst shows a plate's route on the map with its gap, steps through it with the time slider and shows
 * its convoy; an officer sees the section speed violations with their export and report, and the cloned plate, in Dutch.
 */
class InvestigationsPageTest {
    static TestServer server;
    static Browser browser;

    @BeforeAll
    static void start() {
        Browser.assumeAvailable();
        server = TestServer.start(InvestigationsPageTest.class, Clock.systemUTC());
        Instant now = Instant.now();
        WebFixture.cameras(server, """
                UT-A12-01,A12 De Meern,FIXED,52.0800,5.0400,90,1,E,utrecht,ACTIVE
                UT-A12-05,A12 Bunnik,FIXED,52.0700,5.1600,90,1,E,utrecht,ACTIVE
                UT-N230-02,N230 Maarssen,FIXED,52.1380,5.0390,200,1,S,utrecht,ACTIVE
                UT-LEASE-01,Leasepool Groningen,FIXED,53.2200,6.5700,0,1,N,utrecht,ACTIVE
                """);
        WebFixture.user(server, "ana", "utrecht", "ANALYST");
        WebFixture.user(server, "olga", "utrecht", "OFFICER");
        TestServer.Response s = server.post("/api/v1/sections", "application/json", """
                {"name":"A12 De Meern-Bunnik","entryCamera":"UT-A12-01","exitCamera":"UT-A12-05","distanceMetres":8600,
                 "limitKmh":100,"organisation":"utrecht"}""");
        assertThat(s.status()).as(s.body()).isEqualTo(201);
        Instant t0 = now.minus(Duration.ofHours(3));
        WebFixture.post(server, List.of(
                WebFixture.read("UT-A12-01", "12-BDF-3", t0, null),
                WebFixture.read("UT-A12-05", "12-BDF-3", t0.plus(Duration.ofMinutes(4)), null), // 129 km/h: a violation
                WebFixture.read("UT-N230-02", "12-BDF-3", t0.plus(Duration.ofMinutes(100)), null),
                // a companion half a minute behind at two of its cameras
                WebFixture.read("UT-A12-01", "FL-001-X", t0.plusSeconds(30), null),
                WebFixture.read("UT-N230-02", "FL-001-X", t0.plus(Duration.ofMinutes(100)).plusSeconds(30), null)));
        // one plate in Utrecht and in Groningen twenty minutes apart: a cloned plate
        WebFixture.post(server, List.of(WebFixture.read("UT-A12-01", "KL-081-P", t0.plus(Duration.ofMinutes(30)), null)));
        WebFixture.post(server, List.of(WebFixture.read("UT-LEASE-01", "KL-081-P", t0.plus(Duration.ofMinutes(50)), null)));
        browser = Browser.open(server.baseUrl(), "en");
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (server != null) server.close();
    }

    @Test
    void anAnalystSeesARouteWithItsGapAndStepsThroughItWithTheSlider() {
        browser.login("ana", WebFixture.PASSWORD);
        browser.openPage("investigations");
        browser.driver.findElement(By.id("route-plate")).sendKeys("12-bdf-3");
        browser.driver.findElement(By.id("route-case")).sendKeys("PL0900-2026123456");
        new Select(browser.driver.findElement(By.id("route-offence"))).selectByValue("ART67_CRIME");
        browser.driver.findElement(By.id("route-purpose")).sendKeys("route of the getaway car, burglary Zeist");
        browser.driver.findElement(By.id("route-submit")).click();
        browser.await(By.id("route-slider"));
        browser.waiting(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("route-now")).getText().startsWith("1/3"));
        assertThat(browser.driver.findElement(By.id("route-res-h")).getText()).isEqualTo("3 passages in 2 legs, 1 gaps");
        assertThat(browser.driver.findElement(By.id("route-now")).getText()).contains("UT-A12-01");
        assertThat(browser.driver.findElements(By.cssSelector("#route-results tr[data-gap]"))).hasSize(1);
        // the leg and the gap are drawn, and the slider moves the marker to the last passage
        assertThat(browser.driver.findElements(By.cssSelector("#route-map path.leaflet-interactive")).size()).isGreaterThanOrEqualTo(5);
        browser.driver.findElement(By.id("route-slider")).sendKeys(Keys.END);
        browser.waiting(Duration.ofSeconds(5)).until(d -> d.findElement(By.id("route-now")).getText().startsWith("3/3"));
        assertThat(browser.driver.findElement(By.id("route-now")).getText()).contains("UT-N230-02");
        assertThat(browser.driver.findElement(By.id("route-csv")).getAttribute("href")).contains("format=csv");
        browser.screenshot("investigations-route", Browser.Size.DESKTOP);
        // the same plate, period and legal basis: who travelled with it
        browser.driver.findElement(By.id("convoy-submit")).click();
        browser.waiting(Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector("#route-results tr[data-companion]")).isEmpty());
        assertThat(browser.driver.findElement(By.cssSelector("#route-results tr[data-companion]")).getText())
                .contains("FL-001-X", "0 ahead, 2 behind", "UT-A12-01", "+30 s");
        assertThat(browser.driver.findElement(By.id("convoy-csv")).getAttribute("href")).contains("format=csv", "minCameras=2");
        browser.screenshot("investigations-convoy", Browser.Size.DESKTOP);
        // k raised to 3: the companion shared only 2 of its cameras; a window of 10 s: it was 30 s behind
        for (String[] control : new String[][] {{"convoy-min-cameras", "3"}, {"convoy-window", "10"}}) {
            browser.driver.findElement(By.id(control[0])).clear();
            browser.driver.findElement(By.id(control[0])).sendKeys(control[1]);
            browser.driver.findElement(By.id("convoy-submit")).click();
            browser.waiting(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("convoy-hint")).getText()
                    .contains(control[0].endsWith("cameras") ? "at 3 or more" : "within 10 s"));
            assertThat(browser.driver.findElements(By.cssSelector("#route-results tr[data-companion]"))).isEmpty();
            browser.driver.findElement(By.id(control[0])).clear();
            browser.driver.findElement(By.id(control[0])).sendKeys(control[0].endsWith("cameras") ? "2" : "120");
        }
        browser.assertNoConsoleErrors("route");
        assertThat(server.get("/api/v1/audit?action=PASSAGE_SEARCH&actor=ana&limit=100").json())
                .anyMatch(a -> a.path("details").path("analysis").asText().equals("route"))
                .anyMatch(a -> a.path("details").path("analysis").asText().equals("convoy"));
        browser.logout();
    }

    @Test
    void anOfficerSeesTheViolationsInDutchWithTheExportAndTheReport() {
        browser.login("olga", WebFixture.PASSWORD);
        new Select(browser.driver.findElement(By.id("lang"))).selectByValue("nl");
        try {
            browser.waiting(Duration.ofSeconds(5)).until(d -> d.findElement(By.id("nav-investigations")).getText().equals("Onderzoek"));
            browser.openPage("investigations");
            assertThat(browser.driver.findElements(By.id("route-form"))).isEmpty(); // an officer may not search passages
            browser.waiting(Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector("#sections tr[data-violation]")).isEmpty());
            assertThat(browser.driver.findElement(By.id("sections-h")).getText()).isEqualTo("Trajectcontrole");
            String row = browser.driver.findElement(By.cssSelector("#sections tr[data-violation]")).getText();
            assertThat(row).contains("A12 De Meern-Bunnik", "12-BDF-3", "125 km/h");
            assertThat(browser.driver.findElement(By.id("violations-report")).getAttribute("href")).contains("format=html");
            String clone = browser.driver.findElement(By.cssSelector("#clones tr[data-clone]")).getText();
            assertThat(clone).contains("KL-081-P", "onmogelijke rit", "UT-A12-01", "UT-LEASE-01");
            browser.screenshot("investigations-sections", Browser.Size.DESKTOP);
            browser.assertNoConsoleErrors("sections");
        } finally {
            new Select(browser.driver.findElement(By.id("lang"))).selectByValue("en");
            browser.logout();
        }
    }

    /**
     * The live page in Dutch: the clone found earlier is there when it opens; two reads of one plate at A12 De Meern
     * and in Groningen ten minutes apart are a clone alert within seconds, with both sightings and the speed one vehicle
     * would need, and a link to the suspects list.
     */
    @Test
    void anOfficerGetsACloneAlertOnTheLivePageInDutch() {
        browser.login("olga", WebFixture.PASSWORD);
        new Select(browser.driver.findElement(By.id("lang"))).selectByValue("nl");
        try {
            browser.waiting(Duration.ofSeconds(5)).until(d -> d.findElement(By.id("nav-investigations")).getText().equals("Onderzoek"));
            browser.openPage("live");
            browser.waiting(Duration.ofSeconds(10)).until(d -> d.findElement(By.cssSelector(".conn")).getAttribute("class").contains("ok"));
            assertThat(browser.driver.findElement(By.cssSelector("#clone-alerts article[data-plate='KL081P']")).getText())
                    .as("the clone found earlier today, loaded with the page").contains("KL-081-P", "UT-LEASE-01");

            Instant now = Instant.now();
            WebFixture.post(server, List.of(WebFixture.read("UT-A12-01", "GK-123-Z", now.minus(Duration.ofMinutes(12)), null)));
            WebFixture.post(server, List.of(WebFixture.read("UT-LEASE-01", "GK-123-Z", now.minus(Duration.ofMinutes(2)), null)));
            var card = browser.waiting(Duration.ofSeconds(10)).until(d -> d.findElements(By.cssSelector("#clone-alerts article[data-plate='GK123Z']"))
                    .stream().findFirst().orElse(null));
            assertThat(card.getAttribute("class")).contains("new");
            assertThat(card.getText()).contains("GK-123-Z", "mogelijk dubbel kenteken", "onmogelijke rit", "Eerst gezien", "UT-A12-01",
                    "Daarna gezien", "UT-LEASE-01", "km/u", "Berekening");
            assertThat(browser.driver.findElement(By.id("alarm")).getText()).contains("Mogelijk dubbel kenteken", "GK-123-Z");
            assertThat(browser.driver.findElement(By.id("clones-h")).getText()).isEqualTo("Dubbele kentekens");
            browser.screenshot("live-clone-nl", Browser.Size.DESKTOP);
            browser.screenshot("live-clone-nl", Browser.Size.PHONE);
            browser.assertNoConsoleErrors("live clone alert");

            browser.driver.findElement(By.id("clones-all")).click();
            browser.waiting(Duration.ofSeconds(10)).until(d -> d.findElements(By.cssSelector("#clones tr[data-clone]")).size() >= 2);
            assertThat(browser.driver.findElement(By.id("clones")).getText()).contains("GK-123-Z", "KL-081-P");
        } finally {
            new Select(browser.driver.findElement(By.id("lang"))).selectByValue("en");
            browser.logout();
        }
    }
}
