package org.openanpr.web;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.testing.TestServer;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stored road network on the maps: its roads drawn as the offline base layer (map and zones pages), and on the map
 * page the coverage report names the planted blind spots (N230 one way, N201 the way in, the ring road both ways),
 * ranks where a new camera closes the most traffic and marks the crossings on the map; in Dutch too.
 * Screenshot: {@code server/target/screenshots/coverage-map-desktop.png}.
 */
class WebCoverageTest {
    static TestServer server;
    static Browser browser;

    @BeforeAll
    static void start() {
        Browser.assumeAvailable();
        server = TestServer.start(WebCoverageTest.class, Clock.systemUTC());
        WebFixture.cameras(server, """
                UT-A12-E,A12 oost,FIXED,52.0806,5.03,90,1,E,utrecht,ACTIVE
                UT-A12-W,A12 west,FIXED,52.0802,5.03,272,1,W,utrecht,ACTIVE
                UT-N201-W,N201 west,FIXED,52.0501,5.17,268,1,W,utrecht,ACTIVE
                UT-A2-N1,A2 noord 1,FIXED,52.02,5.0502,0,1,N,utrecht,ACTIVE
                UT-A2-N2,A2 noord 2,FIXED,52.03,5.0502,4,1,N,utrecht,ACTIVE
                UT-A2-S,A2 zuid,FIXED,52.02,5.0498,180,1,S,utrecht,ACTIVE
                """);
        WebFixture.user(server, "gina", "utrecht", "ANALYST");
        WebFixture.user(server, "adam", "utrecht", "ADMINISTRATOR");
        TestServer.Response r = server.post("/api/v1/road-networks", "application/json",
                "{\"name\":\"Utrecht west\",\"organisation\":\"utrecht\",\"boundary\":" + org.openanpr.network.CoverageTest.BOUNDARY
                        + ",\"roads\":" + org.openanpr.network.CoverageTest.ROADS + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        browser = Browser.open(server.baseUrl(), "en-GB");
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (server != null) server.close();
    }

    @Test
    void theMapDrawsTheRoadsAndTheCoverageReportNamesThePlantedBlindSpots() {
        browser.login("gina", WebFixture.PASSWORD);
        browser.openPage("map");
        assertThat(browser.await(By.cssSelector("#camera-map[data-roads='6']"))).isNotNull();
        browser.await(By.id("coverage-show")).click();
        WebElement blind = browser.await(By.cssSelector("ul#coverage-blind"));
        List<String> named = blind.findElements(By.tagName("li")).stream()
                .map(li -> li.getAttribute("data-road") + " " + li.getAttribute("data-direction")).toList();
        assertThat(named).containsExactlyInAnyOrder("N230 FORWARD", "N201 BACKWARD", "Ringweg Zuid FORWARD", "Ringweg Zuid BACKWARD");
        assertThat(blind.getText()).contains("N230").contains("Ringweg Zuid");
        List<String> plan = browser.driver.findElements(By.cssSelector("#coverage-planning li")).stream().map(li -> li.getAttribute("data-road")).toList();
        assertThat(plan).containsExactly("N201", "N230", "Ringweg Zuid");
        assertThat(browser.driver.findElements(By.cssSelector("#camera-map [data-coverage='blind']"))).hasSize(4);
        assertThat(browser.driver.findElements(By.cssSelector("#camera-map [data-coverage='overlap']"))).hasSize(1);
        assertThat(browser.await(By.id("coverage-overlaps")).getText()).contains("UT-A2-N1, UT-A2-N2");
        browser.screenshot("coverage-map", Browser.Size.DESKTOP);
        browser.assertNoConsoleErrors("coverage-map");

        new org.openqa.selenium.support.ui.Select(browser.driver.findElement(By.id("lang"))).selectByValue("nl");
        browser.openPage("map");
        browser.await(By.id("coverage-show")).click();
        browser.await(By.cssSelector("ul#coverage-blind li"));
        assertThat(browser.mainText()).contains("Blinde vlekken").contains("de regio uit (richting oost)");
        new org.openqa.selenium.support.ui.Select(browser.driver.findElement(By.id("lang"))).selectByValue("en");
        browser.logout();
    }

    @Test
    void theCameraAdministratorUploadsARoadNetworkOnTheMapPageAndDeletesIt() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("roads");
        java.nio.file.Path boundary = java.nio.file.Files.writeString(dir.resolve("boundary.geojson"), org.openanpr.network.CoverageTest.BOUNDARY);
        java.nio.file.Path roads = java.nio.file.Files.writeString(dir.resolve("roads.geojson"), org.openanpr.network.CoverageTest.ROADS);
        java.nio.file.Path broken = java.nio.file.Files.writeString(dir.resolve("broken.geojson"), "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[5,52]}}]}");
        browser.login("adam", WebFixture.PASSWORD);
        browser.openPage("map");
        browser.await(By.cssSelector("#network-manage summary")).click();
        // a file of points is refused with the server's reason, on the page
        browser.await(By.id("network-name")).sendKeys("Regio upload");
        browser.driver.findElement(By.id("network-boundary")).sendKeys(boundary.toString());
        browser.driver.findElement(By.id("network-roads")).sendKeys(broken.toString());
        browser.driver.findElement(By.id("network-upload")).click();
        assertThat(browser.await(By.cssSelector("#network-out .msg.error")).getText()).contains("is not a LineString");
        browser.driver.findElement(By.id("network-roads")).sendKeys(roads.toString());
        browser.driver.findElement(By.id("network-shared")).click();
        browser.driver.findElement(By.id("network-upload")).click();
        // the page is drawn again with the new network in the list
        browser.waiting(java.time.Duration.ofSeconds(10)).until(d -> String.valueOf(browser.js(
                "const l = document.querySelector('#network-list'); return l ? l.textContent : ''")).contains("Regio upload"));
        browser.await(By.cssSelector("#network-manage summary")).click();
        WebElement listed = browser.await(By.cssSelector("#network-list li"));
        assertThat(browser.driver.findElements(By.cssSelector("#network-list li")).stream().map(WebElement::getText).toList())
                .anySatisfy(text -> assertThat(text).contains("Regio upload").contains("6 roads").contains("shared"));
        com.fasterxml.jackson.databind.JsonNode stored = null;
        for (com.fasterxml.jackson.databind.JsonNode n : server.get("/api/v1/road-networks").json())
            if (n.path("name").asText().equals("Regio upload")) stored = n;
        assertThat(stored).isNotNull();
        assertThat(stored.path("shared").asBoolean()).isTrue();
        assertThat(stored.path("createdBy").asText()).isEqualTo("adam");
        browser.screenshot("coverage-upload", Browser.Size.DESKTOP);
        browser.driver.findElement(By.cssSelector("#network-list button[data-network='" + stored.path("id").asLong() + "']")).click();
        browser.driver.switchTo().alert().accept();
        browser.awaitGone(By.cssSelector("#network-list button[data-network='" + stored.path("id").asLong() + "']"));
        assertThat(server.get("/api/v1/road-networks").json().findValuesAsText("name")).doesNotContain("Regio upload");
        assertThat(listed).isNotNull();

        // An OpenStreetMap extract as downloaded: a file that is none is refused with the reason, the extract is taken.
        java.nio.file.Path pbf = java.nio.file.Files.write(dir.resolve("utrecht.osm.pbf"),
                org.openanpr.network.OsmPbfTest.extract(java.util.List.of("OsmSchema-V0.6", "DenseNodes"), true));
        browser.await(By.cssSelector("#network-manage summary")).click();
        browser.await(By.id("pbf-name")).sendKeys("Utrecht OSM");
        browser.driver.findElement(By.id("pbf-file")).sendKeys(roads.toString());
        browser.driver.findElement(By.id("pbf-upload")).click();
        assertThat(browser.await(By.cssSelector("#pbf-out .msg.error")).getText()).contains("osm.pbf:");
        browser.driver.findElement(By.id("pbf-file")).sendKeys(pbf.toString());
        browser.driver.findElement(By.id("pbf-upload")).click();
        browser.waiting(java.time.Duration.ofSeconds(10)).until(d -> String.valueOf(browser.js(
                "const l = document.querySelector('#network-list'); return l ? l.textContent : ''")).contains("Utrecht OSM"));
        assertThat(String.valueOf(browser.js("return document.querySelector('#network-list').textContent"))).contains("Utrecht OSM (2 roads");

        // With an administrative boundary of the extract named, its outline is the network's boundary, not the box.
        java.nio.file.Path withBoundary = java.nio.file.Files.write(dir.resolve("testdorp.osm.pbf"),
                org.openanpr.network.OsmPbfTest.extractWithBoundaries());
        browser.await(By.cssSelector("#network-manage summary")).click();
        browser.await(By.id("pbf-name")).sendKeys("Testdorp OSM");
        browser.driver.findElement(By.id("pbf-boundary")).sendKeys("Testdorp");
        browser.driver.findElement(By.id("pbf-file")).sendKeys(withBoundary.toString());
        browser.driver.findElement(By.id("pbf-upload")).click();
        browser.waiting(java.time.Duration.ofSeconds(10)).until(d -> String.valueOf(browser.js(
                "const l = document.querySelector('#network-list'); return l ? l.textContent : ''")).contains("Testdorp OSM"));
        com.fasterxml.jackson.databind.JsonNode outlined = null;
        for (com.fasterxml.jackson.databind.JsonNode n : server.get("/api/v1/road-networks").json())
            if (n.path("name").asText().equals("Testdorp OSM")) outlined = n;
        assertThat(outlined).isNotNull();
        com.fasterxml.jackson.databind.JsonNode ring = server.get("/api/v1/road-networks/" + outlined.path("id").asLong())
                .json().path("boundary").path("coordinates").get(0);
        assertThat(ring.toString()).contains("[5.06,52.055]").contains("[5.12,52.105]").doesNotContain("[5.05,52.05]");
        browser.logout();
    }
}
