package org.openanpr.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.testing.TestServer;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The map shows the health monitor's judgement: a camera whose clock runs ahead is marked "clock off" (in the
 * camera table and with its reason), and its panel lists its health history; in Dutch too.
 * Screenshots: {@code server/target/screenshots/camera-health-<step>-desktop.png}.
 */
class WebCameraHealthTest {
    static TestServer server;
    static Browser browser;

    @BeforeAll
    static void start() {
        Browser.assumeAvailable();
        server = TestServer.start(WebCameraHealthTest.class, Clock.systemUTC());
        WebFixture.cameras(server, """
                UT-A12-01,A12 De Meern,FIXED,52.0800,5.0400,90,1,E,utrecht,ACTIVE
                UT-A2-02,A2 Oudenrijn,FIXED,52.0650,5.0600,180,1,S,utrecht,ACTIVE
                """);
        WebFixture.user(server, "anna", "utrecht", "ANALYST");
        browser = Browser.open(server.baseUrl(), "en-GB");
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (server != null) server.close();
    }

    @Test
    void aCameraWithItsClockOffIsMarkedOnTheMapWithItsHistory() throws Exception {
        // Three reads dated three minutes after they arrive: the camera's clock runs ahead.
        Instant ahead = Instant.now().plus(Duration.ofMinutes(3));
        WebFixture.post(server, List.of(WebFixture.read("UT-A12-01", "HX401B", ahead, null),
                WebFixture.read("UT-A12-01", "HX402B", ahead.plusSeconds(5), null),
                WebFixture.read("UT-A12-01", "HX403B", ahead.plusSeconds(9), null)));
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode state = null;
        while (System.nanoTime() < end) {
            for (JsonNode s : server.get("/api/v1/camera-health").json()) if (s.path("camera").asText().equals("UT-A12-01")) state = s;
            if (state != null && state.path("state").asText().equals("CLOCK")) break;
            Thread.sleep(200);
        }
        assertThat(state).isNotNull();
        assertThat(state.path("state").asText()).isEqualTo("CLOCK");

        browser.login("anna", WebFixture.PASSWORD);
        browser.openPage("map");
        WebElement badge = browser.await(By.cssSelector("tr[data-camera='UT-A12-01'] [data-health='CLOCK']"));
        assertThat(badge.getText()).isEqualTo("clock off");
        assertThat(badge.getAttribute("title")).contains("camera clock 3 min ahead");
        browser.driver.findElement(By.cssSelector("button[data-camera='UT-A12-01']")).click();
        WebElement history = browser.await(By.id("camera-health-history"));
        assertThat(history.findElement(By.cssSelector("li[data-state='CLOCK']")).getText()).contains("clock off").contains("ahead");
        browser.screenshot("camera-health-map", Browser.Size.DESKTOP);
        browser.assertNoConsoleErrors("camera-health-map");

        new org.openqa.selenium.support.ui.Select(browser.driver.findElement(By.id("lang"))).selectByValue("nl");
        browser.openPage("map");
        assertThat(browser.await(By.cssSelector("tr[data-camera='UT-A12-01'] [data-health='CLOCK']")).getText()).isEqualTo("klok wijkt af");
    }
}
