package org.openanpr.web;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.testing.TestServer;
import org.openqa.selenium.By;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 6, must show 3: a user of one organisation sees no other organisation's cameras, hits or lists on any page.
 * Utrecht has cameras, lists and hits; a user of Amsterdam with every role opens every page and finds only
 * Amsterdam's, and a new Utrecht hit never reaches their live page.
 */
class OrganisationScopingTest {
    static final String[] PAGES = {"dashboard", "live", "map", "search", "investigations", "stakeout", "traffic", "lists", "actions", "stats", "audit", "admin", "exchange",
            "admin/users", "admin/cameras", "admin/sharing", "admin/retention"};
    /** Things of Utrecht that must not show anywhere for Amsterdam. */
    static final List<String> UTRECHT = List.of("UT-A12-01", "UT-A2-03", "A12 De Meern", "Stolen vehicles Utrecht",
            "52TKN9", "52-TKN-9", "Controle Utrecht", "olga");
    static TestServer server;
    static Browser browser;

    @BeforeAll
    static void start() {
        Browser.assumeAvailable();
        server = TestServer.start(OrganisationScopingTest.class, Clock.systemUTC());
        Instant now = Instant.now();
        WebFixture.cameras(server, """
                UT-A12-01,A12 De Meern,FIXED,52.0800,5.0400,90,1,E,utrecht,ACTIVE
                UT-A2-03,A2 Oudenrijn,FIXED,52.0640,5.0720,0,2,N,utrecht,ACTIVE
                AMS-S100-01,S100 Wibautstraat,FIXED,52.3550,4.9120,180,1,S,amsterdam,ACTIVE
                """);
        WebFixture.user(server, "olga", "utrecht", "OFFICER");
        WebFixture.user(server, "bram", "amsterdam", WebFixture.ALL_ROLES);
        long utList = WebFixture.list(server, """
                {"name":"Stolen vehicles Utrecht","category":"STOLEN_VEHICLE","purpose":"recover stolen vehicles",
                 "legalBasis":"Politiewet art. 3","organisation":"utrecht","source":"VRS","priority":90}""", """
                plate,country,reason
                52-TKN-9,NL,stolen
                """, "utrecht");
        WebFixture.list(server, """
                {"name":"Amsterdam fines","category":"UNPAID_FINES","purpose":"collect unpaid fines",
                 "legalBasis":"WAHV art. 28","organisation":"amsterdam","source":"CJIB","priority":40}""", """
                plate,country,reason,amount
                HX-404-B,NL,parking,95.00
                """, "amsterdam");
        WebFixture.traffic(server, List.of("UT-A12-01", "UT-A2-03", "AMS-S100-01"), now);
        WebFixture.post(server, List.of(
                WebFixture.read("UT-A12-01", "52-TKN-9", now.minus(Duration.ofMinutes(20)), WebFixture.plateJpeg("52-TKN-9")),
                WebFixture.read("AMS-S100-01", "HX-404-B", now.minus(Duration.ofMinutes(10)), null)));
        TestServer.Response a = server.post("/api/v1/actions", "application/json", """
                {"name":"Controle Utrecht","organisation":"utrecht","place":"Utrecht","startsAt":"%s","endsAt":"%s",
                 "team":"Team Utrecht","cameras":["UT-A12-01"],"lists":[%d]}"""
                .formatted(now.minus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS), now.plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS), utList));
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        assertThat(WebFixture.hits(server, "plate=52TKN9")).hasSize(1);
        browser = Browser.open(server.baseUrl(), "en-GB");
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (server != null) server.close();
    }

    @Test
    void aUserOfAmsterdamSeesNothingOfUtrechtOnAnyPage() {
        browser.login("bram", WebFixture.PASSWORD);
        for (String page : PAGES) {
            browser.openPage(page);
            String text = browser.mainText();
            String html = (String) browser.js("return document.getElementById('main').innerHTML");
            for (String secret : UTRECHT) {
                assertThat(text).as("page %s shows %s", page, secret).doesNotContain(secret);
                assertThat(html).as("page %s holds %s", page, secret).doesNotContain(secret);
            }
            browser.assertNoConsoleErrors(page);
        }
        browser.openPage("map");
        assertThat(browser.driver.findElements(By.cssSelector("#camera-map path[data-camera]")).stream()
                .map(e -> e.getAttribute("data-camera")).toList()).containsExactly("AMS-S100-01");
        browser.openPage("lists");
        assertThat(browser.mainText()).contains("Amsterdam fines");
        browser.screenshot("scoped-lists", Browser.Size.DESKTOP);

        browser.openPage("live");
        // A hit without images shows no stray text where the images would be (the DOM's append wrote "null").
        assertThat(browser.mainText()).contains("HX-404-B").doesNotContain("null");
        browser.waiting(Duration.ofSeconds(10)).until(d -> d.findElement(By.cssSelector(".conn")).getAttribute("class").contains("ok"));
        WebFixture.post(server, List.of(WebFixture.read("UT-A12-01", "52-TKN-9", Instant.now().minusSeconds(1), null)));
        browser.settle();
        browser.settle();
        assertThat(browser.driver.findElements(By.cssSelector("article[data-plate='52TKN9']")))
                .as("a Utrecht hit does not reach Amsterdam's live page").isEmpty();
        assertThat(WebFixture.hits(server, "plate=52TKN9")).as("yet the hit exists").hasSize(2);
        browser.assertNoConsoleErrors("live");
    }
}
