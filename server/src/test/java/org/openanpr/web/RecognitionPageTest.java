package org.openanpr.web;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.recognition.SyntheticPlates;
import org.openanpr.testing.TestServer;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plate recognition page as an officer uses it: choose a photo, read it, see the plate, its box drawn on the
 * photo and the candidates; in English and in Dutch, without console errors. A privacy officer, who may not have
 * images read, has no such page in the menu. Screenshots: {@code server/target/screenshots/recognize-*.png}.
 */
class RecognitionPageTest {
    static TestServer server;
    static Browser browser;
    static Path photo;

    @BeforeAll
    static void start() throws IOException {
        Browser.assumeAvailable();
        server = TestServer.start(RecognitionPageTest.class, Clock.systemUTC());
        assertThat(server.post("/api/v1/organisations", "application/json", """
                {"code":"utrecht","name":"Politie Utrecht","kind":"POLICE"}""").status()).isEqualTo(201);
        WebFixture.user(server, "otto", "utrecht", "OFFICER");
        WebFixture.user(server, "pia", "utrecht", "PRIVACY_OFFICER");
        photo = Files.createTempFile("car-", ".jpg");
        Files.write(photo, SyntheticPlates.jpeg(SyntheticPlates.scene(SyntheticPlates.NL, 3, "EXIT 79B")));
        browser = Browser.open(server.baseUrl(), "en-GB");
    }

    @AfterAll
    static void stop() throws IOException {
        if (browser != null) browser.close();
        if (server != null) server.close();
        if (photo != null) Files.deleteIfExists(photo);
    }

    @Test
    void anOfficerUploadsAPhotoAndSeesThePlateItsBoxAndTheCandidates() {
        browser.login("otto", WebFixture.PASSWORD);
        browser.openPage("recognize");
        readPhoto();
        String out = browser.driver.findElement(By.id("recognize-out")).getText();
        assertThat(out).contains("Plate 52-HKL-9 read with confidence").contains("Candidates, best first").contains("NL-sidecode-7");
        assertThat(browser.driver.findElement(By.cssSelector("#recognize-out tr.recognize-best")).getText()).contains("52-HKL-9");
        browser.screenshot("recognize-result", Browser.Size.DESKTOP);
        browser.screenshot("recognize-result", Browser.Size.PHONE);
        browser.size(Browser.Size.DESKTOP);
        assertThat(server.get("/api/v1/audit?action=IMAGE_RECOGNITION").body()).contains("otto").contains("plate 52HKL9");

        new Select(browser.driver.findElement(By.id("lang"))).selectByValue("nl");
        browser.openPage("recognize");
        readPhoto();
        assertThat(browser.driver.findElement(By.id("recognize-out")).getText())
                .contains("Kenteken 52-HKL-9 gelezen met zekerheid").contains("Kandidaten, beste eerst");
        browser.screenshot("recognize-result-nl", Browser.Size.DESKTOP);
        new Select(browser.driver.findElement(By.id("lang"))).selectByValue("en");
        browser.assertNoConsoleErrors("recognition page");
        browser.logout();
    }

    @Test
    void aRoleWithoutTheRightHasNoRecognitionPage() {
        browser.login("pia", WebFixture.PASSWORD);
        assertThat(browser.driver.findElements(By.id("nav-recognize"))).isEmpty();
        browser.logout();
    }

    private static void readPhoto() {
        browser.await(By.id("recognize-file")).sendKeys(photo.toAbsolutePath().toString());
        browser.driver.findElement(By.id("recognize-submit")).click();
        // the boxes are drawn once the photo has loaded into the canvas
        browser.waiting(Duration.ofSeconds(30)).until(d -> d.findElements(By.cssSelector("#recognize-canvas[data-drawn]")).size() == 1);
    }
}
