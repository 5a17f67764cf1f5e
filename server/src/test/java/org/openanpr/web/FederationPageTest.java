package org.openanpr.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.testing.TestServer;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15: the federation page on two nodes. The national list manager publishes a list and creates a subscriber
 * node with its token (in Dutch); the regional list manager subscribes with it (in English); the national page then
 * shows which version the region runs, and over which transport (HTTP here; Kafka is FederationKafkaTest's).
 */
class FederationPageTest {
    static TestServer national;
    static TestServer regional;
    static long listId;

    @BeforeAll
    static void start() {
        Browser.assumeAvailable();
        national = TestServer.start(FederationPageTest.class, Clock.systemUTC());
        regional = TestServer.start(FederationPageTest.class, Clock.systemUTC());
        TestServer.Response r = national.post("/api/v1/lists", "application/json", """
                {"name":"Gesignaleerde voertuigen","category":"STOLEN_VEHICLE","purpose":"opsporing","legalBasis":"Politiewet art. 3",
                 "organisation":"nationaal","source":"LDS"}""");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        listId = r.json().path("id").asLong();
        assertThat(national.post("/api/v1/lists/" + listId + "/entries", "text/csv", "plate,country\nAB12CD,NL\nEF34GH,NL\n").status()).isEqualTo(200);
        WebFixture.cameras(regional, "UT-A2-01,A2 Oudenrijn,FIXED,52.0640,5.0720,0,2,N,utrecht,ACTIVE\n");
        WebFixture.user(national, "nina", "nationaal", "LIST_MANAGER");
        WebFixture.user(regional, "rob", "utrecht", "LIST_MANAGER");
    }

    @AfterAll
    static void stop() {
        if (regional != null) regional.close();
        if (national != null) national.close();
    }

    @Test
    void theNationalNodePublishesTheRegionSubscribesAndTheNationalNodeSeesWhatItRuns() {
        String token;
        try (Browser nl = Browser.open(national.baseUrl(), "nl")) {
            nl.login("nina", WebFixture.PASSWORD);
            nl.openPage("federation");
            assertThat(nl.driver.findElement(By.tagName("h1")).getText()).isEqualTo("Federatie");
            new Select(nl.driver.findElement(By.id("federation-publish-list"))).selectByValue(String.valueOf(listId));
            nl.driver.findElement(By.cssSelector("#federation-publish button[type=submit]")).click();
            nl.awaitGone(By.id("federation-publish-list")); // its only list is published: the page shows it among the published
            assertThat(nl.driver.findElement(By.id("main")).getText()).contains("Gesignaleerde voertuigen (" + listId + ")");
            WebElement name = nl.await(By.id("federation-peer-name"));
            name.sendKeys("regio-utrecht");
            nl.driver.findElement(By.cssSelector("#federation-peer button[type=submit]")).click();
            token = nl.await(By.id("federation-peer-token")).getText();
            assertThat(token).startsWith("fed");
            nl.screenshot("federation-national", Browser.Size.DESKTOP);
            nl.assertNoConsoleErrors("federation national");
        }
        try (Browser en = Browser.open(regional.baseUrl(), "en")) {
            en.login("rob", WebFixture.PASSWORD);
            en.openPage("federation");
            en.driver.findElement(By.id("federation-sub-url")).sendKeys(national.baseUrl());
            en.driver.findElement(By.id("federation-sub-token")).sendKeys(token);
            en.driver.findElement(By.id("federation-sub-list")).sendKeys(String.valueOf(listId));
            Select transport = new Select(en.driver.findElement(By.id("federation-sub-transport")));
            assertThat(transport.getOptions()).extracting(WebElement::getText).containsExactly("HTTP (pulls the feed)", "Kafka");
            transport.selectByValue("http");
            en.driver.findElement(By.cssSelector("#federation-subscribe button[type=submit]")).click();
            en.waiting(Duration.ofSeconds(20)).until(d -> d.findElement(By.id("main")).getText().contains(national.baseUrl()));
            en.await(By.cssSelector("button[data-sync]")).click();
            en.waiting(Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector("button[data-sync]:not([aria-busy])")).isEmpty());
            assertThat(en.driver.findElement(By.id("main")).getText()).contains("Lists taken from other nodes").doesNotContain("gap")
                    .contains("Transport").contains("HTTP (pulls the feed)");
            en.screenshot("federation-regional", Browser.Size.DESKTOP);
            en.assertNoConsoleErrors("federation regional");
        }
        JsonNode subs = regional.get("/api/v1/federation/subscriptions").json();
        assertThat(subs).hasSize(1);
        assertThat(subs.get(0).path("version").asInt()).isEqualTo(1);
        assertThat(subs.get(0).path("organisation").asText()).isEqualTo("utrecht");
        try (Browser nl = Browser.open(national.baseUrl(), "nl")) {
            nl.login("nina", WebFixture.PASSWORD);
            nl.openPage("federation");
            assertThat(nl.driver.findElement(By.id("main")).getText()).contains("regio-utrecht draait versie 1").contains("· HTTP");
            nl.assertNoConsoleErrors("federation national again");
        }
    }
}
