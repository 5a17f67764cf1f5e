package org.openanpr.web;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.testing.TestServer;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Traffic statistics in Dutch: an analyst gives a legal basis and sees passages per hour with their chart, vehicles
 * with the foreign share (small cells as "<5"), repeat visitors and the origin-destination matrix, each with its CSV;
 * a window of more than 7 days shows the approval panel instead.
 */
class TrafficPageTest {
    static TestServer server;
    static Browser browser;

    @BeforeAll
    static void start() {
        Browser.assumeAvailable();
        server = TestServer.start(TrafficPageTest.class, Clock.systemUTC());
        WebFixture.cameras(server, """
                UT-WEST-01,Leidsche Rijn,FIXED,52.0900,5.0400,90,1,E,utrecht,ACTIVE
                UT-OOST-01,Rijnsweerd,FIXED,52.0860,5.1500,90,1,E,utrecht,ACTIVE
                """);
        group("WEST", "Utrecht west", "UT-WEST-01");
        group("OOST", "Utrecht oost", "UT-OOST-01");
        WebFixture.user(server, "ana", "utrecht", "ANALYST");
        Instant t = Instant.now().minus(Duration.ofHours(3));
        List<String> reads = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            reads.add(WebFixture.read("UT-WEST-01", "TR-0" + i + "-AB", t.plusSeconds(60L * i), null));
            reads.add(WebFixture.read("UT-OOST-01", "TR-0" + i + "-AB", t.plusSeconds(900 + 60L * i), null));
        }
        WebFixture.post(server, reads);
        browser = Browser.open(server.baseUrl(), "nl");
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (server != null) server.close();
    }

    static void group(String code, String name, String camera) {
        TestServer.Response r = server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/camera-groups/" + code))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"name\":\"%s\",\"organisation\":\"utrecht\",\"cameras\":[\"%s\"]}".formatted(name, camera)))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    static void legalBasis() {
        browser.driver.findElement(By.id("traffic-case")).sendKeys("PL0900-2026123456");
        new Select(browser.driver.findElement(By.id("traffic-offence"))).selectByValue("ART67_CRIME");
        browser.driver.findElement(By.id("traffic-purpose")).sendKeys("verkeersbeeld rond de inbraakreeks");
    }

    @Test
    void anAnalystSeesTheStatisticsInDutchWithTheMatrixAndTheExports() {
        browser.login("ana", WebFixture.PASSWORD);
        browser.waiting(Duration.ofSeconds(5)).until(d -> d.findElement(By.id("nav-traffic")).getText().equals("Verkeersstatistieken"));
        browser.openPage("traffic");
        legalBasis();
        browser.driver.findElement(By.id("traffic-submit")).click();
        browser.await(By.id("traffic-origin-destination"));
        browser.settle();
        assertThat(browser.driver.findElement(By.cssSelector("#traffic-passages h2")).getText()).isEqualTo("Passages per camera");
        assertThat(browser.driver.findElements(By.cssSelector("#traffic-chart svg rect.bar"))).isNotEmpty();
        String vehicles = browser.driver.findElement(By.id("traffic-vehicles")).getText();
        assertThat(vehicles).contains("Aandeel buitenlands", "Alle camera's", "7");
        assertThat(vehicles).doesNotContain("TR-0");
        // seven vehicles from west to east within the 2 hours: one cell of 7 trips
        String matrix = browser.driver.findElement(By.id("traffic-origin-destination")).getText();
        assertThat(matrix).contains("Herkomst-bestemming tussen cameragroepen", "Van / naar", "WEST", "OOST", "7");
        String csv = browser.driver.findElement(By.id("traffic-csv-origin-destination")).getAttribute("href");
        assertThat(csv).contains("format=csv", "caseNumber=PL0900-2026123456");
        TestServer.Response export = server.get(csv.substring(server.baseUrl().length()));
        assertThat(export.body()).isEqualTo("origin,destination,trips,vehicles\nWEST,OOST,7,7\n");
        browser.screenshot("traffic-statistics", Browser.Size.DESKTOP);
        browser.assertNoConsoleErrors("traffic statistics");
        assertThat(server.get("/api/v1/audit?action=PASSAGE_SEARCH&actor=ana&limit=100").json())
                .anyMatch(a -> a.path("details").path("analysis").asText().equals("traffic statistics: origin-destination between camera groups"));

        // ten days back: a second person must approve first
        WebElement from = browser.driver.findElement(By.id("traffic-from"));
        browser.js("arguments[0].value = arguments[1]", from, java.time.LocalDateTime.now().minusDays(10).withNano(0).withSecond(0).toString());
        browser.driver.findElement(By.id("traffic-submit")).click();
        browser.await(By.id("traffic-request-approval"));
        assertThat(browser.driver.findElement(By.id("traffic-results")).getText()).contains("reaches back more than 7 days");
        browser.logout();
    }
}
