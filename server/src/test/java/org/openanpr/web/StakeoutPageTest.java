package org.openanpr.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.testing.TestServer;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, must show 4: an analyst draws a stakeout area on the map, files the approval request, a privacy officer
 * approves it, and the analyst runs it, sees the vehicle and exports the result. Then a partial plate, in Dutch.
 */
class StakeoutPageTest {
    static TestServer server;
    static Browser browser;

    @BeforeAll
    static void start() {
        Browser.assumeAvailable();
        server = TestServer.start(StakeoutPageTest.class, Clock.systemUTC());
        WebFixture.cameras(server, """
                UT-OUD-01,Oudwijk noord,FIXED,52.0900,5.1200,0,1,N,utrecht,ACTIVE
                UT-OUD-02,Oudwijk zuid,FIXED,52.09003,5.12004,180,1,S,utrecht,ACTIVE
                UT-LOM-01,Lombok,FIXED,52.0950,5.0900,90,1,E,utrecht,ACTIVE
                UT-MAA-01,Maarssen,FIXED,52.1380,5.0390,200,1,S,utrecht,ACTIVE
                """);
        WebFixture.user(server, "ana", "utrecht", "ANALYST");
        WebFixture.user(server, "pia", "utrecht", "PRIVACY_OFFICER");
        Instant t = Instant.now().minus(Duration.ofHours(1));
        WebFixture.post(server, List.of(
                WebFixture.read("UT-OUD-01", "BR-001-K", t, null),
                WebFixture.read("UT-OUD-02", "BR-001-K", t.plusSeconds(2), null),   // the same car at the second camera
                WebFixture.read("UT-LOM-01", "ZZ-009-X", t, null),                 // outside the area
                WebFixture.read("UT-MAA-01", "XG-123-7", t, null),
                WebFixture.read("UT-MAA-01", "XG-123-8", t, null)));
        browser = Browser.open(server.baseUrl(), "en");
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (server != null) server.close();
    }

    /** Clicks the map this many pixels from where the camera is drawn. */
    static void clickNear(WebElement map, String camera, int dx, int dy) {
        // the whole map in view, so that the pointer's origin (the element's in-view centre) is the map's centre
        browser.js("arguments[0].scrollIntoView({block: 'center'})", map);
        WebElement marker = browser.driver.findElement(By.cssSelector("#stakeout-map path[data-camera='" + camera + "']"));
        @SuppressWarnings("unchecked")
        List<Number> c = (List<Number>) browser.js("const m = arguments[0].getBoundingClientRect(), r = arguments[1].getBoundingClientRect();"
                + " return [r.x + r.width / 2 - (m.x + m.width / 2), r.y + r.height / 2 - (m.y + m.height / 2)];", map, marker);
        new Actions(browser.driver).moveToElement(map, c.get(0).intValue() + dx, c.get(1).intValue() + dy).click().perform();
    }

    static void legalBasis() {
        browser.driver.findElement(By.id("stakeout-case")).sendKeys("PL0900-2026123456");
        new Select(browser.driver.findElement(By.id("stakeout-offence"))).selectByValue("ART67_CRIME");
        browser.driver.findElement(By.id("stakeout-purpose")).sendKeys("vehicles at the burglary in Oudwijk");
    }

    static void loggedOut() {
        if (!browser.driver.findElements(By.id("logout")).isEmpty() && browser.driver.findElement(By.id("logout")).isDisplayed()) browser.logout();
    }

    @Test
    void anAnalystDrawsAnAreaFilesTheRequestAPrivacyOfficerApprovesAndTheAnalystSeesAndExportsTheResult() {
        loggedOut();
        browser.login("ana", WebFixture.PASSWORD);
        browser.openPage("stakeout");
        WebElement map = browser.await(By.id("stakeout-map"));
        browser.waiting(Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector("#stakeout-map path[data-camera='UT-OUD-01']")).isEmpty());
        browser.driver.findElement(By.id("stakeout-draw-polygon")).click();
        clickNear(map, "UT-OUD-01", -25, -25);
        clickNear(map, "UT-OUD-01", 25, -25);
        clickNear(map, "UT-OUD-01", 25, 25);
        clickNear(map, "UT-OUD-01", -25, 25);
        browser.driver.findElement(By.id("stakeout-finish")).click();
        browser.settle();
        assertThat(browser.driver.findElement(By.id("stakeout-drawn")).getText()).isEqualTo("Polygon of 4 corners: 2 cameras inside.");
        legalBasis();
        browser.driver.findElement(By.id("stakeout-submit")).click();
        browser.await(By.id("stakeout-request-approval")).click();
        browser.waiting(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("stakeout-results")).getText().contains("filed"));
        JsonNode pending = server.get("/api/v1/search-requests?status=PENDING").json();
        assertThat(pending).hasSize(1);
        long id = pending.get(0).path("id").asLong();
        assertThat(pending.get(0).path("reasons").toString()).contains("stakeout scene 1: polygon of");
        browser.waiting(Duration.ofSeconds(5)).until(d -> d.findElement(By.id("stakeout-requests")).getText().contains("waiting for approval"));
        browser.screenshot("stakeout-requested", Browser.Size.DESKTOP);
        // the one failed request is the stakeout's 403 that asked for approval
        assertThat(browser.consoleMessages()).filteredOn(m -> m.startsWith("SEVERE"))
                .allMatch(m -> m.contains("/api/v1/investigations/stakeout?") && m.contains("403"));
        browser.logout();

        browser.login("pia", WebFixture.PASSWORD);
        browser.openPage("audit");
        // before deciding, the privacy officer sees the area drawn on a map and as text, with its window
        browser.await(By.cssSelector("button[data-stakeout-areas='" + id + "']")).click();
        browser.await(By.cssSelector("#stakeout-areas-map[data-scenes='1']"));
        String areas = browser.driver.findElement(By.id("stakeout-areas")).getText();
        assertThat(areas).contains("Stakeout request " + id + " by ana", "Scene 1: polygon with corners (52.");
        assertThat(areas.chars().filter(c -> c == '(').count()).as(areas).isEqualTo(4);
        assertThat(browser.driver.findElements(By.cssSelector("#stakeout-areas-map .leaflet-overlay-pane path"))).hasSize(1);
        JsonNode asked = server.get("/api/v1/investigations/stakeout/requests/" + id, server.ownToken("pia", WebFixture.PASSWORD)).json();
        assertThat(asked.path("scenes").get(0).path("corners")).hasSize(4);
        assertThat(areas).contains(String.format(java.util.Locale.ROOT, "%.5f", asked.path("scenes").get(0).path("corners").get(0).get(0).asDouble()));
        browser.screenshot("audit-stakeout-areas", Browser.Size.DESKTOP);
        browser.assertNoConsoleErrors("stakeout areas shown");
        browser.await(By.cssSelector("button[data-approve='" + id + "']")).click();
        browser.waiting(Duration.ofSeconds(5)).until(d -> d.findElements(By.cssSelector("button[data-approve='" + id + "']")).isEmpty());
        assertThat(server.get("/api/v1/search-requests/" + id).json().path("status").asText()).isEqualTo("APPROVED");
        browser.logout();

        browser.login("ana", WebFixture.PASSWORD);
        browser.openPage("stakeout");
        browser.await(By.cssSelector("button[data-run='" + id + "']")).click();
        browser.await(By.cssSelector("#stakeout-results tr[data-vehicle='BR001K']"));
        assertThat(browser.driver.findElements(By.cssSelector("#stakeout-results tr[data-vehicle]"))).hasSize(1);
        assertThat(browser.driver.findElement(By.id("stakeout-res-h")).getText()).startsWith("1 vehicles at 1 or more of 1 scenes");
        assertThat(browser.driver.findElement(By.cssSelector("#stakeout-results tr[data-vehicle]")).getText())
                .contains("UT-OUD-01").contains("UT-OUD-02");
        browser.driver.findElement(By.id("stakeout-csv")).click();
        browser.waiting(Duration.ofSeconds(10)).until(d -> server.get("/api/v1/audit?action=PASSAGE_SEARCH&actor=ana&limit=20").json()
                .findValues("format").stream().anyMatch(f -> f.asText().equals("csv")));
        browser.driver.findElement(By.id("stakeout-geojson")).click();
        browser.waiting(Duration.ofSeconds(10)).until(d -> server.get("/api/v1/audit?action=PASSAGE_SEARCH&actor=ana&limit=20").json()
                .findValues("format").stream().anyMatch(f -> f.asText().equals("geojson")));
        JsonNode ran = server.get("/api/v1/audit?action=PASSAGE_SEARCH&actor=ana&limit=20").json();
        assertThat(ran).anyMatch(a -> a.path("details").path("analysis").asText().equals("stakeout")
                && a.path("details").path("approval").asLong() == id && a.path("resultCount").asInt() == 1);
        browser.screenshot("stakeout-result", Browser.Size.DESKTOP);
        browser.screenshot("stakeout-result", Browser.Size.PHONE);
        browser.assertNoConsoleErrors("stakeout result");
    }

    @Test
    void aPartialPlateInDutch() {
        loggedOut();
        browser.login("ana", WebFixture.PASSWORD);
        new Select(browser.driver.findElement(By.id("lang"))).selectByValue("nl");
        browser.openPage("stakeout");
        assertThat(browser.driver.findElement(By.cssSelector("main h1")).getText()).isEqualTo("Gebied & deelkenteken");
        browser.driver.findElement(By.id("partial-plate")).sendKeys("xg*7");
        legalBasis();
        browser.driver.findElement(By.id("partial-submit")).click();
        browser.await(By.cssSelector("#partial-results tr[data-partial='XG1237']"));
        assertThat(browser.driver.findElements(By.cssSelector("#partial-results tr[data-partial]"))).hasSize(1);
        assertThat(browser.driver.findElement(By.id("partial-res-h")).getText()).isEqualTo("1 kentekens passen bij XG*7");
        assertThat(browser.driver.findElement(By.id("partial-csv")).getAttribute("href")).contains("format=csv");
        browser.screenshot("stakeout-partial-nl", Browser.Size.DESKTOP);
        browser.assertNoConsoleErrors("partial plate");
        new Select(browser.driver.findElement(By.id("lang"))).selectByValue("en");
        browser.logout();
    }
}
