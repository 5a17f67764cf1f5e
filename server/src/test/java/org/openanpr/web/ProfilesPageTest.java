package org.openanpr.web;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.testing.TestServer;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, pattern profiles: an analyst runs the hopper profile on the investigations page in Dutch, files the
 * approval request it needs, a privacy officer approves it, and the analyst runs it again and sees the hopper with the
 * passages that made it and the export.
 */
class ProfilesPageTest {
    static TestServer server;
    static Browser browser;

    @BeforeAll
    static void start() {
        Browser.assumeAvailable();
        server = TestServer.start(ProfilesPageTest.class, Clock.systemUTC());
        WebFixture.cameras(server, """
                UT-BUN-IN,Carpool Bunnik in,FIXED,52.0600,5.1900,90,1,E,utrecht,ACTIVE
                UT-BUN-UIT,Carpool Bunnik uit,FIXED,52.0601,5.1901,270,1,W,utrecht,ACTIVE
                UT-PAP-01,P+R Papendorp,FIXED,52.0700,5.0900,90,1,E,utrecht,ACTIVE
                UT-HOU-01,Carpool Houten,FIXED,52.0300,5.1600,90,1,E,utrecht,ACTIVE
                """);
        WebFixture.user(server, "ana", "utrecht", "ANALYST");
        WebFixture.user(server, "pia", "utrecht", "PRIVACY_OFFICER");
        WebFixture.user(server, "lisa", "utrecht", "LIST_MANAGER");
        WebFixture.user(server, "adam", "utrecht", "ADMINISTRATOR");
        String privacy = server.userToken("pim", "utrecht", "PRIVACY_OFFICER");
        place("UT-BUN-IN", "Carpool Bunnik", "carpool");
        place("UT-BUN-UIT", "Carpool Bunnik", "carpool");
        place("UT-PAP-01", "P+R Papendorp", "parking");
        place("UT-HOU-01", "Carpool Houten", "carpool");
        TestServer.Response p = server.post("/api/v1/profiles", "application/json", """
                {"organisation":"utrecht","name":"Carpoolhopper","purpose":"autokraak op carpoolplaatsen (ITrechter)",
                 "legalBasis":"art. 126ff Sv","active":true,
                 "definition":{"rule":"distinctPlaces","placeTags":["carpool","parking"],"minPlaces":3,"withinHours":4,"maxStayMinutes":30}}""");
        assertThat(p.status()).as(p.body()).isEqualTo(201);
        Instant t = Instant.now().minus(Duration.ofHours(5));
        WebFixture.post(server, List.of(
                WebFixture.read("UT-BUN-IN", "HO-123-P", t, null),
                WebFixture.read("UT-BUN-UIT", "HO-123-P", t.plus(Duration.ofMinutes(6)), null),
                WebFixture.read("UT-PAP-01", "HO-123-P", t.plus(Duration.ofMinutes(30)), null),
                WebFixture.read("UT-PAP-01", "HO-123-P", t.plus(Duration.ofMinutes(36)), null),
                WebFixture.read("UT-HOU-01", "HO-123-P", t.plus(Duration.ofMinutes(55)), null),
                WebFixture.read("UT-HOU-01", "HO-123-P", t.plus(Duration.ofMinutes(63)), null),
                // travels with the hopper past two cameras, half a minute behind: a pair, not a hopper (drive-bys)
                WebFixture.read("UT-BUN-IN", "FL-001-X", t.plusSeconds(30), null),
                WebFixture.read("UT-PAP-01", "FL-001-X", t.plus(Duration.ofMinutes(30)).plusSeconds(30), null),
                WebFixture.read("UT-BUN-IN", "CO-456-M", t, null),
                WebFixture.read("UT-BUN-UIT", "CO-456-M", t.plus(Duration.ofHours(4)), null)));
        ProfilesPageTest.privacy = privacy;
        browser = Browser.open(server.baseUrl(), "nl");
    }

    static String privacy;

    static void place(String camera, String place, String tag) {
        TestServer.Response r = server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/camera-places/" + camera))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"place\":\"" + place + "\",\"tags\":[\"" + tag + "\"]}")));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (server != null) server.close();
    }

    @Test
    void anAnalystRunsTheHopperProfileAfterApprovalAndSeesTheHopperWithItsPassages() {
        browser.login("ana", WebFixture.PASSWORD);
        browser.openPage("investigations");
        browser.await(By.id("profile-form"));
        assertThat(browser.driver.findElement(By.id("profiles-h")).getText()).isEqualTo("Patroonprofielen");
        assertThat(browser.driver.findElement(By.cssSelector("#profiles tr[data-profile]")).getText())
                .contains("Carpoolhopper", "minstens 3 plaatsen", "aan");
        browser.driver.findElement(By.id("profile-case")).sendKeys("PL0900-2026123456");
        new Select(browser.driver.findElement(By.id("profile-offence"))).selectByValue("ART67_CRIME");
        browser.driver.findElement(By.id("profile-purpose")).sendKeys("reeks autokraken carpoolplaatsen Utrecht-Oost");
        browser.driver.findElement(By.id("profile-submit")).click();
        // every vehicle at the tagged places: approval first
        browser.await(By.id("profile-request-approval")).click();
        browser.waiting(Duration.ofSeconds(10)).until(d -> !d.findElement(By.id("profile-approval")).getAttribute("value").isEmpty());
        long id = Long.parseLong(browser.driver.findElement(By.id("profile-approval")).getAttribute("value"));
        TestServer.Response approved = server.post("/api/v1/search-requests/" + id + "/approve", "application/json", "{}", privacy);
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        browser.driver.findElement(By.id("profile-submit")).click();
        browser.waiting(Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector("#profile-results tr[data-candidate]")).isEmpty());
        List<org.openqa.selenium.WebElement> rows = browser.driver.findElements(By.cssSelector("#profile-results tr[data-candidate]"));
        assertThat(rows).hasSize(1);
        assertThat(rows.getFirst().getText()).contains("HO-123-P", "3 distinct places", "Carpool Bunnik", "P+R Papendorp", "Carpool Houten");
        assertThat(browser.driver.findElement(By.id("profile-csv")).getAttribute("href")).contains("format=csv", "approval=" + id);
        browser.screenshot("investigations-profile", Browser.Size.DESKTOP);
        browser.assertNoConsoleErrors("profile");
        assertThat(server.get("/api/v1/audit?action=PASSAGE_SEARCH&actor=ana&limit=100").json())
                .anyMatch(a -> a.path("details").path("analysis").asText().equals("profile") && a.path("details").path("approval").asLong() == id);
        browser.logout();
    }

    @Test
    void anAnalystFindsThePairThatTravelledTogetherAfterApproval() {
        browser.login("ana", WebFixture.PASSWORD);
        browser.openPage("investigations");
        browser.await(By.id("profile-form"));
        new Select(browser.driver.findElement(By.id("profile-select"))).selectByValue("pairs");
        browser.driver.findElement(By.id("pairs-cameras")).clear();
        browser.driver.findElement(By.id("pairs-cameras")).sendKeys("2");
        browser.driver.findElement(By.id("profile-case")).sendKeys("PL0900-2026123456");
        new Select(browser.driver.findElement(By.id("profile-offence"))).selectByValue("ART67_CRIME");
        browser.driver.findElement(By.id("profile-purpose")).sendKeys("wie reed er met de verdachte mee, autokraken Utrecht-Oost");
        browser.driver.findElement(By.id("profile-submit")).click();
        browser.await(By.id("profile-request-approval")).click();
        browser.waiting(Duration.ofSeconds(10)).until(d -> !d.findElement(By.id("profile-approval")).getAttribute("value").isEmpty());
        long id = Long.parseLong(browser.driver.findElement(By.id("profile-approval")).getAttribute("value"));
        assertThat(server.post("/api/v1/search-requests/" + id + "/approve", "application/json", "{}", privacy).status()).isEqualTo(200);
        browser.driver.findElement(By.id("profile-submit")).click();
        browser.waiting(Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector("#profile-results tr[data-pair]")).isEmpty());
        List<org.openqa.selenium.WebElement> rows = browser.driver.findElements(By.cssSelector("#profile-results tr[data-pair]"));
        assertThat(rows).hasSize(1);
        assertThat(rows.getFirst().getText()).contains("HO-123-P", "FL-001-X", "UT-BUN-IN", "UT-PAP-01", "+30 s");
        assertThat(browser.driver.findElement(By.id("pairs-csv")).getAttribute("href")).contains("format=csv", "minCameras=2");
        browser.assertNoConsoleErrors("pairs");
        assertThat(server.get("/api/v1/audit?action=PASSAGE_SEARCH&actor=ana&limit=100").json())
                .anyMatch(a -> a.path("details").path("analysis").asText().equals("convoy pairs") && a.path("details").path("approval").asLong() == id);
        browser.logout();
    }

    @Test
    void anAnalystAsksForAScheduledRunAPrivacyOfficerApprovesItInTheBrowserAndTheAnalystSeesItsRunThenItIsRevoked() {
        browser.login("ana", WebFixture.PASSWORD);
        browser.openPage("investigations");
        browser.await(By.id("schedule-form"));
        assertThat(browser.driver.findElement(By.id("schedules-h")).getText()).isEqualTo("Geplande runs");
        new Select(browser.driver.findElement(By.id("schedule-every"))).selectByValue("daily");
        browser.driver.findElement(By.id("schedule-window")).clear();
        browser.driver.findElement(By.id("schedule-window")).sendKeys("12");
        browser.driver.findElement(By.id("schedule-case")).sendKeys("PL0900-2026123456");
        new Select(browser.driver.findElement(By.id("schedule-offence"))).selectByValue("ART67_CRIME");
        browser.driver.findElement(By.id("schedule-purpose")).sendKeys("dagelijks zoeken naar carpoolhoppers, reeks autokraken");
        browser.driver.findElement(By.id("schedule-submit")).click();
        browser.waiting(Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector("#schedule-list tr[data-schedule]")).isEmpty());
        org.openqa.selenium.WebElement row = browser.driver.findElement(By.cssSelector("#schedule-list tr[data-schedule]"));
        long id = Long.parseLong(row.getAttribute("data-schedule"));
        assertThat(row.getText()).contains("Carpoolhopper", "dagelijks", "laatste 12 u", "wacht op toestemming");
        browser.assertNoConsoleErrors("schedule asked");
        browser.logout();

        browser.login("pia", WebFixture.PASSWORD);
        browser.openPage("audit");
        org.openqa.selenium.WebElement box = browser.await(By.id("standing-approvals"));
        assertThat(box.getText()).contains("Staande toestemmingen", "Carpoolhopper", "PL0900-2026123456", "reeks autokraken", "ana");
        org.openqa.selenium.WebElement days = browser.driver.findElement(By.cssSelector("#standing-approvals tr[data-schedule='" + id + "'] input[name=days]"));
        days.clear();
        days.sendKeys("7");
        browser.driver.findElement(By.cssSelector("[data-approve-schedule='" + id + "']")).click();
        browser.waiting(Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector("[data-revoke-schedule='" + id + "']")).isEmpty());
        TestServer.Response approved = server.get("/api/v1/profile-schedules/" + id);
        assertThat(approved.json().path("status").asText()).isEqualTo("APPROVED");
        assertThat(approved.json().path("decidedBy").asText()).isEqualTo("pia");
        assertThat(Duration.between(Instant.parse(approved.json().path("decidedAt").asText()), Instant.parse(approved.json().path("validUntil").asText())))
                .isEqualTo(Duration.ofDays(7));
        browser.screenshot("audit-standing-approvals", Browser.Size.DESKTOP);
        browser.assertNoConsoleErrors("standing approval given");
        browser.logout();

        // the maintenance schedule's turn (every minute in a running server)
        server.server().profileSchedules().runDue();
        browser.login("ana", WebFixture.PASSWORD);
        browser.openPage("investigations");
        browser.await(By.cssSelector("[data-runs='" + id + "']")).click();
        browser.waiting(Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector("#schedule-runs tr[data-scheduled-candidate]")).isEmpty());
        assertThat(browser.driver.findElement(By.cssSelector("#schedule-runs tr[data-scheduled-candidate]")).getText())
                .contains("HO-123-P", "Carpool Bunnik", "Carpool Houten");
        assertThat(browser.driver.findElement(By.cssSelector("#schedule-list tr[data-schedule='" + id + "']")).getText()).contains("goedgekeurd");
        browser.screenshot("investigations-scheduled-runs", Browser.Size.DESKTOP);
        browser.assertNoConsoleErrors("scheduled run shown");
        browser.logout();

        browser.login("pia", WebFixture.PASSWORD);
        browser.openPage("audit");
        browser.await(By.cssSelector("[data-revoke-schedule='" + id + "']")).click();
        browser.waiting(Duration.ofSeconds(10)).until(d -> d.findElement(By.cssSelector("#standing-approvals tr[data-schedule='" + id + "']"))
                .getText().contains("ingetrokken"));
        assertThat(server.get("/api/v1/audit?action=SEARCH_DECISION&actor=pia&limit=100").json())
                .anyMatch(a -> a.path("target").asText().equals("profile schedule " + id) && a.path("details").path("decision").asText().equals("revoked"));
        browser.logout();
    }

    /** Profiles and camera places are kept in the web app, not only through the API: a list manager and an administrator. */
    @Test
    void aListManagerKeepsAProfileAndAnAdministratorTagsACameraPlace() {
        browser.login("lisa", WebFixture.PASSWORD);
        browser.openPage("lists");
        browser.await(By.id("profile-new-form"));
        assertThat(browser.driver.findElement(By.id("profile-manage-h")).getText()).isEqualTo("Patroonprofielen");
        new Select(browser.driver.findElement(By.id("profile-new-template"))).selectByValue("firstSeen");
        assertThat(browser.driver.findElement(By.id("profile-new-definition")).getAttribute("value")).contains("\"firstSeen\"");
        browser.driver.findElement(By.id("profile-new-name")).sendKeys("Nachtelijke nieuwkomer");
        browser.driver.findElement(By.id("profile-new-purpose")).sendKeys("woninginbraken in Bunnik");
        browser.driver.findElement(By.id("profile-new-basis")).sendKeys("art. 3 Politiewet");
        browser.driver.findElement(By.id("profile-new-submit")).click();
        browser.waiting(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("profile-manage-list")).getText().contains("Nachtelijke nieuwkomer"));
        TestServer.Response listed = server.get("/api/v1/profiles");
        assertThat(listed.body()).contains("Nachtelijke nieuwkomer").contains("\"rule\":\"firstSeen\"");
        long id = 0;
        for (var p : listed.json()) if (p.path("name").asText().equals("Nachtelijke nieuwkomer")) id = p.path("id").asLong();
        assertThat(id).isPositive();
        String toggle = "#profile-manage-list button[data-toggle='" + id + "']";
        assertThat(browser.driver.findElement(By.cssSelector(toggle)).getText()).isEqualTo("Inschakelen");
        browser.driver.findElement(By.cssSelector(toggle)).click();
        browser.waiting(Duration.ofSeconds(10)).until(d -> d.findElement(By.cssSelector(toggle)).getText().equals("Uitschakelen"));
        browser.assertNoConsoleErrors("profile management");
        // A rule the server cannot read is refused with its reason, and nothing is made.
        browser.driver.findElement(By.id("profile-new-name")).sendKeys("Kapot");
        browser.driver.findElement(By.id("profile-new-purpose")).sendKeys("x");
        browser.driver.findElement(By.id("profile-new-basis")).sendKeys("x");
        browser.driver.findElement(By.id("profile-new-definition")).clear();
        browser.driver.findElement(By.id("profile-new-definition")).sendKeys("{\"rule\":\"teleport\"}");
        browser.driver.findElement(By.id("profile-new-submit")).click();
        browser.waiting(Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector("#profile-new-form .msg.error")).isEmpty());
        assertThat(server.get("/api/v1/profiles").body()).doesNotContain("Kapot");
        assertThat(browser.consoleMessages()).as("the refusal, and nothing else").singleElement().asString().contains("400");
        browser.driver.findElement(By.cssSelector("#profile-manage-list button[data-remove='" + id + "']")).click();
        browser.driver.switchTo().alert().accept();
        browser.waiting(Duration.ofSeconds(10)).until(d -> !d.findElement(By.id("profile-manage-list")).getText().contains("Nachtelijke nieuwkomer"));
        browser.assertNoConsoleErrors("removing a profile");
        browser.logout();

        browser.login("adam", WebFixture.PASSWORD);
        browser.openPage("admin/cameras");
        browser.await(By.id("place-form"));
        assertThat(browser.driver.findElement(By.id("places-h")).getText()).isEqualTo("Cameraplaatsen");
        new Select(browser.driver.findElement(By.id("place-camera"))).selectByValue("UT-HOU-01");
        browser.driver.findElement(By.id("place-name")).sendKeys("Carpool Houten-Noord");
        browser.driver.findElement(By.id("place-tags")).sendKeys("carpool, residential");
        browser.driver.findElement(By.id("place-submit")).click();
        browser.waiting(Duration.ofSeconds(10)).until(d -> d.findElement(By.cssSelector("#places-list tr[data-place='UT-HOU-01']"))
                .getText().contains("Carpool Houten-Noord"));
        assertThat(server.get("/api/v1/camera-places").body()).contains("Carpool Houten-Noord").contains("residential");
        browser.assertNoConsoleErrors("camera places");
        browser.logout();
    }
}
