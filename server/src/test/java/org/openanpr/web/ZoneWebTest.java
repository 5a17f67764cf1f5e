package org.openanpr.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openanpr.audit.CheckpointKey;
import org.openanpr.registry.RdwCsvLoader;
import org.openanpr.testing.TestServer;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The zones page as its users drive it: a BOA opens the zone from the map's list, sees the zone on the map and its
 * review queue, confirms a violation (a warning follows) and rejects a plate the registry does not know as a misread;
 * a zone manager, in Dutch, applies for an exemption and grants it. Outcomes are checked through the API; no step may
 * leave a console error; screenshots under {@code server/target/screenshots/zones-*}.
 */
class ZoneWebTest {
    static TestServer server;
    static Browser browser;
    static long zone;
    static String manager;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        Browser.assumeAvailable();
        server = TestServer.start(ZoneWebTest.class, Clock.systemUTC());
        server.server().zones().useEvidenceKey(CheckpointKey.loadOrCreate(dir.resolve("evidence.key")));
        WebFixture.cameras(server, """
                AMS-Z1,Entry Wibautstraat,FIXED,52.3600,4.8950,0,1,N,amsterdam,ACTIVE
                AMS-Z2,Entry Weesperstraat,FIXED,52.3800,4.9000,180,1,S,amsterdam,ACTIVE
                """);
        WebFixture.user(server, "bo", "amsterdam", "ENFORCEMENT_OFFICER");
        manager = server.userToken("zm", "amsterdam", "ZONE_MANAGER");
        Path v = Files.writeString(dir.resolve("v.csv"), """
                kenteken,voertuigsoort,merk,handelsbenaming,datum_eerste_toelating,toegestane_maximum_massa_voertuig,europese_voertuigcategorie
                11VBB1,Bedrijfsauto,FORD,TRANSIT,20100315,3500,N1
                """);
        Path f = Files.writeString(dir.resolve("f.csv"), "kenteken,brandstof_omschrijving,uitlaatemissieniveau\n11VBB1,Diesel,EURO 4\n");
        new RdwCsvLoader(server.db().dataSource(), (file, n) -> { }, e -> { }).load(v, f);
        String json = """
                {"name":"ZE-zone Centrum","kind":"ZERO_EMISSION","mode":"CORDON",
                 "area":{"type":"Polygon","coordinates":[[[4.88,52.36],[4.91,52.36],[4.91,52.38],[4.88,52.38],[4.88,52.36]]]},
                 "cameras":["AMS-Z1","AMS-Z2"],"trafficDecision":"Verkeersbesluit ZE-zone Centrum 2025",
                 "rules":[{"name":"ZE bestelauto's","categories":["N1"],"from":"2025-01-01","allowances":[{"zeroEmission":true},
                   {"minEuroClass":5,"firstAdmissionBefore":"2025-01-01","until":"2027-01-01"}]}],
                 "policy":{"toleranceUntil":"2025-06-01","warningFirst":true,"recidivistTermDays":365,"fineAmounts":[110]}}""";
        TestServer.Response z = server.post("/api/v1/zones", "application/json", json, manager);
        assertThat(z.status()).as(z.body()).isEqualTo(201);
        zone = z.json().path("id").asLong();
        Instant at = Instant.now().minus(Duration.ofMinutes(20));
        String jpeg = WebFixture.plateJpeg("11-VBB-1");
        WebFixture.post(server, List.of(WebFixture.read("AMS-Z1", "11VBB1", at, jpeg), WebFixture.read("AMS-Z2", "99ZZZ9", at.plusSeconds(30), null)));
        browser = Browser.open(server.baseUrl(), "en-GB");
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (server != null) server.close();
    }

    static JsonNode caseOf(String plate) {
        return server.get("/api/v1/zones/" + zone + "/cases?plate=" + plate, manager).json().get(0);
    }

    @Test
    void aBoaReviewsTheQueueAndAManagerGrantsAnExemptionInDutch() {
        browser.login("bo", WebFixture.PASSWORD);
        browser.openPage("zones");
        browser.await(By.cssSelector("#zone-map path"));
        browser.driver.findElement(By.cssSelector("a[data-zone-id='" + zone + "']")).click();
        browser.waiting(Duration.ofSeconds(10)).until(d -> "ZE-zone Centrum".equals(d.findElement(By.id("zone-title")).getText()));
        browser.await(By.cssSelector("[data-case]"));
        browser.settle();
        assertThat(browser.driver.findElement(By.id("zone-rules")).getText()).contains("Euro 5 or cleaner").contains("zero emission");
        assertThat(browser.driver.findElements(By.cssSelector("#zone-map path"))).isNotEmpty();
        assertThat(browser.driver.findElements(By.cssSelector("[data-case] img"))).as("the plate image of the violation").isNotEmpty();
        browser.screenshot("zones-queue", Browser.Size.DESKTOP);
        browser.assertNoConsoleErrors("zones queue");

        long violation = caseOf("11VBB1").path("id").asLong();
        browser.driver.findElement(By.cssSelector("[data-confirm='" + violation + "']")).click();
        browser.await(By.cssSelector("[data-case='" + violation + "'] .msg.ok"));
        assertThat(caseOf("11VBB1").path("status").asText()).isEqualTo("CONFIRMED");
        assertThat(caseOf("11VBB1").path("sanction").asText()).isEqualTo("WARNING");
        assertThat(caseOf("11VBB1").path("reviewer").asText()).isEqualTo("bo");

        long unknown = caseOf("99ZZZ9").path("id").asLong();
        // the queue is not redrawn after a decision: the next card is where it was, the first keeps its answer
        WebElement card = browser.driver.findElement(By.cssSelector("[data-case='" + unknown + "']"));
        new Select(card.findElement(By.name("reason"))).selectByValue("MISREAD");
        card.findElement(By.cssSelector("[data-reject='" + unknown + "']")).click();
        browser.await(By.cssSelector("[data-case='" + unknown + "'] .msg.ok"));
        assertThat(browser.driver.findElement(By.cssSelector("[data-case='" + violation + "'] .msg.ok")).isDisplayed()).as("the first decision's answer").isTrue();
        assertThat(browser.driver.findElements(By.cssSelector("[data-case='" + violation + "'] [data-confirm]"))).as("decided").isEmpty();
        assertThat(caseOf("99ZZZ9").path("status").asText()).isEqualTo("REJECTED");
        assertThat(caseOf("99ZZZ9").path("rejectReason").asText()).isEqualTo("MISREAD");
        browser.screenshot("zones-reviewed", Browser.Size.PHONE);
        browser.assertNoConsoleErrors("zones reviewed");
        browser.logout();

        browser.login("zm", WebFixture.PASSWORD);
        new Select(browser.driver.findElement(By.id("lang"))).selectByValue("nl");
        browser.openPage("zones/" + zone);
        browser.await(By.id("exemption-form"));
        assertThat(browser.mainText()).contains("Ontheffingen").contains("Cijfers voor de raad").contains("Verkeersbesluit");
        WebElement form = browser.driver.findElement(By.id("exemption-form"));
        form.findElement(By.name("plate")).sendKeys("22-VBB-2");
        new Select(form.findElement(By.name("kind"))).selectByValue("MARKET_VENDOR");
        browser.js("arguments[0].value = '2026-01-01'; arguments[1].value = '2027-01-01'", form.findElement(By.name("validFrom")),
                form.findElement(By.name("validUntil")));
        form.findElement(By.name("applicant")).sendKeys("Markt Dappermarkt");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        WebElement approve = browser.await(By.cssSelector("[data-approve]"));
        approve.click();
        browser.waiting(Duration.ofSeconds(10)).until(d -> d.findElements(By.cssSelector("[data-approve]")).isEmpty());
        JsonNode ex = server.get("/api/v1/zones/" + zone + "/exemptions", manager).json();
        assertThat(ex).hasSize(1);
        assertThat(ex.get(0).path("plate").asText()).isEqualTo("22VBB2");
        assertThat(ex.get(0).path("status").asText()).isEqualTo("APPROVED");
        assertThat(ex.get(0).path("decidedBy").asText()).isEqualTo("zm");
        browser.screenshot("zones-exemption-nl", Browser.Size.DESKTOP);
        browser.assertNoConsoleErrors("zones exemption");
        new Select(browser.driver.findElement(By.id("lang"))).selectByValue("en");
    }
}
