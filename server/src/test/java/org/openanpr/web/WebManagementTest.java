package org.openanpr.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openanpr.testing.TestServer;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The management pages driven as their users drive them, with clicks and typing, and the outcome checked through
 * the API: a list manager creates a reference list, uploads its entries, finds one, switches the list on for the
 * region (after which a read of a listed plate is a hit) and plans an enforcement action; an administrator creates a
 * user and shares a camera with another organisation, then revokes it; the new user, a privacy officer, sets a
 * retention regime; an officer sees the list without its entries (which are for list managers only). No step may
 * leave a console error; each is saved as
 * {@code server/target/screenshots/manage-<step>-desktop.png}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebManagementTest {
    static final String LIST_NAME = "Uninsured vehicles Utrecht";
    static final String ACTION_NAME = "Controle N230 Maarssen";
    static TestServer server;
    static Browser browser;
    static Path csv;
    static long listId;

    @BeforeAll
    static void start() throws IOException {
        Browser.assumeAvailable();
        server = TestServer.start(WebManagementTest.class, Clock.systemUTC());
        WebFixture.cameras(server, """
                UT-A12-01,A12 De Meern,FIXED,52.0800,5.0400,90,1,E,utrecht,ACTIVE
                UT-A2-03,A2 Oudenrijn,FIXED,52.0640,5.0720,0,2,N,utrecht,ACTIVE
                UT-N230-02,N230 Maarssen,FIXED,52.1380,5.0390,200,1,S,utrecht,ACTIVE
                AMS-S100-01,S100 Wibautstraat,FIXED,52.3550,4.9120,180,1,S,amsterdam,ACTIVE
                """);
        WebFixture.user(server, "lisa", "utrecht", "LIST_MANAGER");
        WebFixture.user(server, "adam", "utrecht", "ADMINISTRATOR");
        WebFixture.user(server, "olga", "utrecht", "OFFICER");
        csv = Files.createTempFile("uninsured-", ".csv");
        Files.writeString(csv, """
                plate,country,reason,amount
                HX-404-B,NL,no insurance since 2026-09-01,
                TR-771-K,NL,no insurance since 2026-10-15,
                7-KLM-33,NL,no insurance since 2026-11-02,
                """);
        browser = Browser.open(server.baseUrl(), "en-GB");
    }

    @AfterAll
    static void stop() throws IOException {
        if (browser != null) browser.close();
        if (server != null) server.close();
        if (csv != null) Files.deleteIfExists(csv);
    }

    @AfterEach
    void backToLogin() {
        browser.js("localStorage.clear()");
        browser.driver.manage().deleteAllCookies();
        browser.driver.get("about:blank");
        browser.consoleMessages();
    }

    /** A screenshot of the step, and no console errors on the way to it. */
    private static void step(String name) {
        browser.screenshot("manage-" + name, Browser.Size.DESKTOP);
        browser.assertNoConsoleErrors(name);
    }

    private static void type(WebElement form, String name, String text) {
        WebElement input = form.findElement(By.name(name));
        input.clear();
        input.sendKeys(text);
    }

    private static By row(String table, String text) {
        return By.xpath("//" + table + "//tr[td[contains(normalize-space(.), '" + text + "')]]");
    }

    @Test
    @Order(1)
    void aListManagerCreatesAListUploadsItsEntriesAndSwitchesItOn() {
        browser.login("lisa", WebFixture.PASSWORD);
        browser.openPage("lists");
        browser.driver.findElement(By.id("new-list")).click();
        WebElement form = browser.await(By.id("list-form"));
        type(form, "name", LIST_NAME);
        new Select(form.findElement(By.name("category"))).selectByValue("UNINSURED");
        type(form, "purpose", "stop uninsured vehicles");
        type(form, "legalBasis", "WAM art. 30");
        type(form, "source", "RDW");
        type(form, "priority", "70");
        type(form, "instruction", "Stop and check the insurance");
        step("list-form");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        browser.waiting(Duration.ofSeconds(10)).until(d -> LIST_NAME.equals(d.findElement(By.id("list-title")).getText()));
        listId = Long.parseLong(browser.driver.getCurrentUrl().replaceAll(".*#/lists/", ""));
        JsonNode list = server.get("/api/v1/lists/" + listId).json();
        assertThat(list.path("category").asText()).isEqualTo("UNINSURED");
        assertThat(list.path("purpose").asText()).isEqualTo("stop uninsured vehicles");
        assertThat(list.path("legalBasis").asText()).isEqualTo("WAM art. 30");
        assertThat(list.path("organisation").asText()).isEqualTo("utrecht");
        assertThat(list.path("priority").asInt()).isEqualTo(70);
        assertThat(list.path("instruction").asText()).isEqualTo("Stop and check the insurance");
        step("list-created");

        // the upload form: a CSV file from disk
        browser.driver.findElement(By.id("tab-upload")).click();
        WebElement upload = browser.await(By.id("upload-form"));
        upload.findElement(By.id("upload-file")).sendKeys(csv.toAbsolutePath().toString());
        new Select(upload.findElement(By.name("mode"))).selectByValue("replace");
        upload.findElement(By.cssSelector("button[type=submit]")).click();
        WebElement ok = browser.await(By.cssSelector("#upload-form .msg.ok"));
        assertThat(ok.getText()).contains("3 entries");
        assertThat(browser.driver.findElement(By.id("list-entry-count")).getText()).as("the list's facts follow the upload")
                .isEqualTo("3 (Version 1)");
        step("list-uploaded");

        browser.driver.findElement(By.id("tab-versions")).click();
        WebElement version = browser.await(row("div[@id='list-tabpanel']", "full replace"));
        List<String> cells = version.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
        assertThat(cells.get(0)).isEqualTo("1");
        assertThat(cells).contains("3");
        assertThat(cells.get(4)).as("total").isEqualTo("3");
        assertThat(server.get("/api/v1/lists/" + listId + "/versions").json().get(0).path("total").asInt()).isEqualTo(3);
        step("list-versions");

        browser.driver.findElement(By.id("tab-entries")).click();
        browser.waiting(Duration.ofSeconds(10)).until(d -> d.findElements(By.cssSelector("#list-tabpanel tbody tr")).size() == 3);
        browser.await(By.id("entry-search")).sendKeys("tr-77");
        browser.waiting(Duration.ofSeconds(10)).until(d -> d.findElements(By.cssSelector("#list-tabpanel tbody tr")).size() == 1);
        assertThat(browser.driver.findElement(By.cssSelector("#list-tabpanel tbody tr")).getText())
                .contains("TR-771-K").contains("no insurance since 2026-10-15");
        step("list-entries");

        browser.driver.findElement(By.id("tab-activations")).click();
        browser.await(By.cssSelector("#list-tabpanel form"));
        assertThat(browser.driver.findElement(By.id("list-tabpanel")).getText()).contains("not switched on anywhere");
        WebElement on = browser.driver.findElement(By.cssSelector("#list-tabpanel form"));
        new Select(on.findElement(By.name("scope"))).selectByValue("REGION");
        new Select(on.findElement(By.name("target"))).selectByValue("utrecht");
        on.findElement(By.cssSelector("button[type=submit]")).click();
        browser.await(row("div[@id='list-tabpanel']", "utrecht"));
        JsonNode activations = server.get("/api/v1/lists/" + listId + "/activations").json();
        assertThat(activations).hasSize(1);
        assertThat(activations.get(0).path("scope").asText()).isEqualTo("REGION");
        assertThat(activations.get(0).path("target").asText()).isEqualTo("utrecht");
        step("list-activated");

        // a read of a listed plate anywhere in the region is now a hit
        WebFixture.post(server, List.of(WebFixture.read("UT-A2-03", "TR-771-K", Instant.now().minusSeconds(2), null)));
        browser.waiting(Duration.ofSeconds(5)).until(d -> WebFixture.hits(server, "plate=TR771K").size() == 1);
        JsonNode hit = WebFixture.hits(server, "plate=TR771K").get(0);
        assertThat(hit.toString()).contains(LIST_NAME);
    }

    @Test
    @Order(2)
    void aListManagerPlansAnActionAndOpensItsReport() {
        browser.login("lisa", WebFixture.PASSWORD);
        browser.openPage("actions");
        browser.driver.findElement(By.id("plan-action")).click();
        WebElement form = browser.await(By.id("action-form"));
        browser.await(By.cssSelector("#action-form input[name=cameras]"));
        type(form, "name", ACTION_NAME);
        type(form, "place", "N230 Maarssen, parking Zuilense Ring");
        type(form, "team", "Team Verkeer Noord");
        // the window, typed as a person types into the date-time fields, on the clock the app shows times in: the
        // organisation's (Utrecht's, Europe/Amsterdam by default), whatever the browser's own zone is
        ZoneId zone = ZoneId.of("Europe/Amsterdam");
        LocalDateTime start = LocalDateTime.now(zone).truncatedTo(ChronoUnit.MINUTES).minusMinutes(30);
        LocalDateTime end = start.plusHours(4);
        typeDateTime(form.findElement(By.name("startsAt")), start);
        typeDateTime(form.findElement(By.name("endsAt")), end);
        form.findElement(By.cssSelector("input[name=cameras][value='UT-N230-02']")).click();
        form.findElement(By.cssSelector("input[name=cameras][value='UT-A12-01']")).click();
        form.findElement(By.cssSelector("input[name=lists][value='" + listId + "']")).click();
        step("action-form");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        browser.waiting(Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().matches(".*#/actions/\\d+$")
                && !d.findElements(By.id("action-figures")).isEmpty());
        long id = Long.parseLong(browser.driver.getCurrentUrl().replaceAll(".*#/actions/", ""));
        assertThat(browser.driver.findElement(By.cssSelector("main h1")).getText()).isEqualTo(ACTION_NAME);
        JsonNode action = server.get("/api/v1/actions/" + id).json();
        assertThat(action.path("place").asText()).isEqualTo("N230 Maarssen, parking Zuilense Ring");
        assertThat(action.path("team").asText()).isEqualTo("Team Verkeer Noord");
        assertThat(action.path("organisation").asText()).isEqualTo("utrecht");
        assertThat(Instant.parse(action.path("startsAt").asText())).isEqualTo(start.atZone(zone).toInstant());
        assertThat(Instant.parse(action.path("endsAt").asText())).isEqualTo(end.atZone(zone).toInstant());
        assertThat(texts(action.path("cameras"))).containsExactlyInAnyOrder("UT-N230-02", "UT-A12-01");
        assertThat(texts(action.path("lists"))).containsExactly(String.valueOf(listId));
        assertThat(action.path("status").asText()).isEqualTo("RUNNING");
        step("action-detail");

        // the printable report opens in a tab of its own
        String page = browser.driver.getWindowHandle();
        Set<String> before = browser.driver.getWindowHandles();
        browser.driver.findElement(By.cssSelector("a[href$='/report?format=html']")).click();
        browser.waiting(Duration.ofSeconds(5)).until(d -> d.getWindowHandles().size() > before.size());
        String report = browser.driver.getWindowHandles().stream().filter(h -> !before.contains(h)).findFirst().orElseThrow();
        browser.driver.switchTo().window(report);
        try {
            browser.waiting(Duration.ofSeconds(5)).until(d -> d.findElement(By.tagName("body")).getText().contains(ACTION_NAME));
            assertThat(browser.driver.findElement(By.tagName("body")).getText()).contains("Team Verkeer Noord");
            browser.screenshot("manage-action-report", Browser.Size.DESKTOP);
            // The report links its stylesheet and icon from /static: the Content-Security-Policy refuses inline styles.
            List<String> severe = browser.consoleMessages().stream().filter(m -> m.startsWith("SEVERE")).toList();
            assertThat(severe).as("console errors on the action report").isEmpty();
        } finally {
            browser.driver.close();
            browser.driver.switchTo().window(page);
        }
    }

    @Test
    @Order(3)
    void anAdministratorCreatesAUserAndSharesACameraThenRevokesIt() {
        browser.login("adam", WebFixture.PASSWORD);
        List<String> menu = browser.driver.findElements(By.cssSelector("#nav a")).stream().map(e -> e.getAttribute("data-page")).toList();
        assertThat(menu).contains("admin");
        browser.openPage("admin/users");
        WebElement form = browser.await(By.id("user-form"));
        type(form, "username", "priya");
        type(form, "displayName", "Priya de Vries");
        type(form, "password", "priya-" + WebFixture.PASSWORD);
        form.findElement(By.cssSelector("input[name=roles][value=OFFICER]")).click(); // preset: off again
        form.findElement(By.cssSelector("input[name=roles][value=PRIVACY_OFFICER]")).click();
        step("user-form");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        browser.await(row("section", "Priya de Vries"));
        JsonNode priya = StreamSupport.stream(server.get("/api/v1/users").json().spliterator(), false)
                .filter(u -> u.path("username").asText().equals("priya")).findFirst().orElseThrow();
        assertThat(priya.path("displayName").asText()).isEqualTo("Priya de Vries");
        assertThat(priya.path("organisation").asText()).isEqualTo("utrecht");
        assertThat(texts(priya.path("roles"))).containsExactly("PRIVACY_OFFICER");
        step("user-created");

        browser.openPage("admin/sharing");
        WebElement share = browser.await(By.id("sharing-form"));
        new Select(share.findElement(By.name("toOrganisation"))).selectByValue("amsterdam");
        new Select(share.findElement(By.name("purpose"))).selectByValue("HITS");
        type(share, "reason", "joint controls on the A2 corridor");
        share.findElement(By.cssSelector("input[name=cameras][value='UT-A2-03']")).click();
        step("sharing-form");
        share.findElement(By.cssSelector("button[type=submit]")).click();
        browser.await(row("section", "joint controls on the A2 corridor"));
        JsonNode agreements = server.get("/api/v1/sharing").json();
        assertThat(agreements).hasSize(1);
        JsonNode a = agreements.get(0);
        assertThat(a.path("fromOrganisation").asText()).isEqualTo("utrecht");
        assertThat(a.path("toOrganisation").asText()).isEqualTo("amsterdam");
        assertThat(a.path("purpose").asText()).isEqualTo("HITS");
        assertThat(texts(a.path("cameras"))).containsExactly("UT-A2-03");
        assertThat(a.path("status").asText()).isEqualTo("ACTIVE");
        step("sharing-created");

        browser.driver.findElement(By.cssSelector("button[data-revoke='" + a.path("id").asLong() + "']")).click();
        browser.waiting(Duration.ofSeconds(10)).until(d -> d.findElement(row("section", "joint controls on the A2 corridor"))
                .getText().contains("revoked"));
        JsonNode revoked = server.get("/api/v1/sharing").json().get(0);
        assertThat(revoked.path("status").asText()).isEqualTo("REVOKED");
        assertThat(revoked.path("revokedBy").asText()).contains("adam");
        step("sharing-revoked");

        // retention is the privacy officer's, not the administrator's: the administration page does not offer it
        assertThat(browser.driver.findElements(By.id("admin-tab-retention"))).isEmpty();
    }

    @Test
    @Order(4)
    void theNewPrivacyOfficerSetsARetentionRegime() {
        browser.login("priya", "priya-" + WebFixture.PASSWORD);
        browser.openPage("audit");
        WebElement form = browser.await(By.id("policy-form"));
        new Select(form.findElement(By.name("scope"))).selectByValue("CAMERA");
        type(form, "target", "UT-N230-02");
        new Select(form.findElement(By.name("regime"))).selectByValue("HITS_ONLY");
        type(form, "days", "7");
        step("retention-form");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        browser.await(row("section[@id='retention']", "UT-N230-02"));
        // The retention report lists the camera too, so the row above may be the report's: wait for the server's policy.
        JsonNode policy = browser.waiting(Duration.ofSeconds(10)).until(d ->
                StreamSupport.stream(server.get("/api/v1/retention/policies").json().spliterator(), false)
                        .filter(p -> p.path("target").asText().equals("UT-N230-02")).findFirst().orElse(null));
        assertThat(policy.path("scope").asText()).isEqualTo("CAMERA");
        assertThat(policy.path("regime").asText()).isEqualTo("HITS_ONLY");
        assertThat(policy.path("days").asInt()).isEqualTo(7);
        step("retention-set");
    }

    @Test
    @Order(5)
    void anOfficerSeesTheListWithoutItsEntries() {
        browser.login("olga", WebFixture.PASSWORD);
        browser.openPage("lists/" + listId);
        assertThat(browser.driver.findElement(By.id("list-title")).getText()).isEqualTo(LIST_NAME);
        // entries are personal data, for the list's managers only: no tab or export that the server would refuse
        assertThat(browser.driver.findElements(By.cssSelector("[role=tab]")).stream().map(e -> e.getAttribute("id")).toList())
                .containsExactly("tab-versions", "tab-activations");
        assertThat(browser.driver.findElements(By.cssSelector("a[href$='/export']"))).isEmpty();
        browser.await(row("div[@id='list-tabpanel']", "full replace"));
        step("list-officer");
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    /**
     * Types a date and time into an {@code <input type=datetime-local>} field by field, in the order and clock the
     * browser shows them (its default locale: en-US in a bare container, so month, day, year, hours, minutes, AM/PM).
     * Two-digit fields move on by themselves; the year needs a Tab.
     */
    private static void typeDateTime(WebElement input, LocalDateTime at) {
        String want = at.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm"));
        @SuppressWarnings("unchecked")
        List<String> parts = (List<String>) browser.js("return new Intl.DateTimeFormat(undefined, {year: 'numeric', month: '2-digit',"
                + " day: '2-digit', hour: '2-digit', minute: '2-digit'}).formatToParts(new Date()).map(p => p.type)"
                + ".filter(t => t !== 'literal')");
        boolean twelve = parts.contains("dayPeriod");
        for (String part : parts) {
            switch (part) {
                case "month" -> input.sendKeys(at.format(DateTimeFormatter.ofPattern("MM")));
                case "day" -> input.sendKeys(at.format(DateTimeFormatter.ofPattern("dd")));
                case "year" -> input.sendKeys(at.format(DateTimeFormatter.ofPattern("yyyy")), Keys.TAB);
                case "hour" -> input.sendKeys(at.format(DateTimeFormatter.ofPattern(twelve ? "hh" : "HH")));
                case "minute" -> input.sendKeys(at.format(DateTimeFormatter.ofPattern("mm")));
                case "dayPeriod" -> input.sendKeys(at.getHour() < 12 ? "A" : "P");
                default -> throw new AssertionError("a date-time field of an unknown kind: " + part + " in " + parts);
            }
        }
        assertThat(input.getDomProperty("value")).as("typed into %s (fields %s)", input.getAttribute("name"), parts).isEqualTo(want);
    }
}
