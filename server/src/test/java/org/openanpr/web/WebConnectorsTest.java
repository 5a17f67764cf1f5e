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
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connectors page as an administrator uses it: creates an OpenALPR connector and copies its token, sees the
 * agent's unknown camera with its held read, maps it (the read is delivered), and finds the payload the agent sent
 * that could not be read, with its reason; imports a CSV file of historical reads and sees the job's progress and its
 * refused lines; registers the client certificate of a connector's equipment (mutual TLS), sees its fingerprint, and
 * removes it again. Screenshots: {@code server/target/screenshots/connectors-<step>-desktop.png}.
 */
class WebConnectorsTest {
    static TestServer server;
    static Browser browser;

    @BeforeAll
    static void start() {
        Browser.assumeAvailable();
        server = TestServer.start(WebConnectorsTest.class, Clock.systemUTC());
        WebFixture.cameras(server, """
                UT-A12-01,A12 De Meern,FIXED,52.0800,5.0400,90,1,E,utrecht,ACTIVE
                AMS-S100-01,S100 Wibautstraat,FIXED,52.3550,4.9120,180,1,S,amsterdam,ACTIVE
                """);
        WebFixture.user(server, "adam", "utrecht", "ADMINISTRATOR");
        browser = Browser.open(server.baseUrl(), "en-GB");
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (server != null) server.close();
    }

    @org.junit.jupiter.api.BeforeEach
    void loggedOut() {
        browser.go("#/dashboard");
        browser.waiting(java.time.Duration.ofSeconds(10)).until(d -> !d.findElements(By.id("login-form")).isEmpty()
                || !d.findElements(By.id("logout")).isEmpty() && d.findElement(By.id("logout")).isDisplayed());
        if (!browser.driver.findElements(By.id("logout")).isEmpty() && browser.driver.findElement(By.id("logout")).isDisplayed()) browser.logout();
    }

    private static void step(String name) {
        browser.screenshot("connectors-" + name, Browser.Size.DESKTOP);
        browser.assertNoConsoleErrors(name);
    }

    static TestServer.Response deliver(String connector, String token, String body) {
        return server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/ingest/" + connector))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    static String sampleGroup() throws Exception {
        long now = Instant.now().minusSeconds(20).toEpochMilli();
        return org.openanpr.connector.Samples.text(org.openanpr.connector.Samples.OPENALPR_GROUP).replace("1562681121504", String.valueOf(now))
                .replace("\"camera_id\" : 1234", "\"camera_id\" : 555").replace("D2651BF", "HX404B");
    }

    @Test
    void anAdministratorCreatesAConnectorMapsItsUnknownCameraAndSeesWhatItRejected() throws Exception {
        browser.login("adam", WebFixture.PASSWORD);
        browser.openPage("connectors");
        browser.driver.findElement(By.id("new-connector")).click();
        WebElement form = browser.await(By.id("connector-form"));
        form.findElement(By.name("id")).sendKeys("agent-a12");
        new Select(form.findElement(By.name("kind"))).selectByValue("OPENALPR");
        form.findElement(By.name("name")).sendKeys("Rekor agent A12");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        String token = browser.await(By.id("connector-token")).getText();
        assertThat(token).startsWith("con_");
        assertThat(browser.driver.findElement(By.id("connector-created")).getText()).contains("/api/v1/ingest/agent-a12");
        step("created");
        assertThat(server.get("/api/v1/connectors/agent-a12").json().path("organisation").asText()).isEqualTo("utrecht");

        // The agent delivers: one vehicle at its camera 555, which nobody has mapped yet; and one broken message.
        TestServer.Response held = deliver("agent-a12", token, sampleGroup());
        assertThat(held.json().path("held").asInt()).as(held.body()).isEqualTo(1);
        assertThat(deliver("agent-a12", token, "{\"data_type\":\"alpr_group\",").status()).isEqualTo(400);

        browser.go("#/connectors/agent-a12");
        WebElement unknown = browser.await(By.id("unknown-cameras"));
        assertThat(unknown.getText()).contains("555");
        assertThat(browser.driver.findElement(By.id("rejected-payloads")).getText()).contains("malformed JSON");
        assertThat(browser.driver.findElement(By.id("last-errors")).getText()).contains("malformed JSON");
        // another organisation's camera is not offered
        assertThat(unknown.getText()).doesNotContain("AMS-S100-01");
        step("unknown-camera");
        new Select(unknown.findElement(By.cssSelector("select[data-vendor-camera='555']"))).selectByValue("UT-A12-01");
        unknown.findElement(By.cssSelector("button[data-map='555']")).click();
        WebElement ok = browser.await(By.cssSelector("#mapping-result .msg.ok"));
        assertThat(ok.getText()).contains("555").contains("UT-A12-01").contains("1 held reads delivered");
        step("mapped");
        assertThat(org.openanpr.db.Sql.list(server.db().dataSource(), "select camera_id from passage where plate = 'HX404B'",
                rs -> rs.getString(1))).containsExactly("UT-A12-01");

        // A control room's webhook for the hits: listed with its dead letters (none yet).
        assertThat(server.post("/api/v1/hit-feeds", "application/json",
                "{\"name\":\"Meldkamer Midden-Nederland\",\"kind\":\"WEBHOOK\",\"organisation\":\"utrecht\",\"target\":\"https://meldkamer.example/anpr\"}").status())
                .isEqualTo(201);
        browser.go("#/connectors");
        WebElement row = browser.await(By.cssSelector("a[data-connector='agent-a12']"));
        assertThat(browser.await(By.id("hit-feeds")).getText()).contains("Meldkamer Midden-Nederland").contains("https://meldkamer.example/anpr");
        assertThat(row.findElement(By.xpath("ancestor::tr")).getText()).contains("1");
        step("list");

        // A syslog feed over TLS with the control room's CA: a text that is no certificate is refused with the reason.
        browser.driver.findElement(By.id("new-feed")).click();
        WebElement feedForm = browser.await(By.id("feed-form"));
        feedForm.findElement(By.name("name")).sendKeys("Meldkamer SIEM");
        new Select(feedForm.findElement(By.name("kind"))).selectByValue("SYSLOG");
        feedForm.findElement(By.name("target")).sendKeys("tls://127.0.0.1:6514?facility=local0");
        WebElement ca = feedForm.findElement(By.name("caCertificate"));
        assertThat(ca.isDisplayed()).isTrue();
        ca.sendKeys("-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----");
        feedForm.findElement(By.cssSelector("button[type=submit]")).click();
        assertThat(browser.await(By.cssSelector("#feed-form .msg.error")).getText()).contains("caCertificate");
        // the refusal, as the console reports it, is the one failed request expected here
        assertThat(browser.consoleMessages()).filteredOn(m -> m.startsWith("SEVERE"))
                .singleElement().satisfies(m -> assertThat(m).contains("/api/v1/hit-feeds").contains("400"));
        ca.clear();
        feedForm.findElement(By.cssSelector("button[type=submit]")).click();
        browser.await(By.id("feed-created"));
        assertThat(server.get("/api/v1/hit-feeds").json().toString()).contains("tls://127.0.0.1:6514?facility=local0");
        step("syslog-tls-feed");
    }

    /** The test equipment's client certificate (self-signed, CN=bench-camera-1; its key is not kept). */
    static String clientCertificate() throws Exception {
        try (var in = WebConnectorsTest.class.getResourceAsStream("/connector-client-cert.pem")) {
            assertThat(in).as("test resource connector-client-cert.pem").isNotNull();
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    /** A certificate's SHA-256 fingerprint as the page shows it: 32 upper-case hex pairs, colon separated. */
    static String sha256(String pem) throws Exception {
        var cert = java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        return java.util.HexFormat.ofDelimiter(":").withUpperCase()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    }

    @Test
    void anAdministratorRegistersTheEquipmentsClientCertificateAndRemovesIt() throws Exception {
        TestServer.Response made = server.post("/api/v1/connectors", "application/json",
                "{\"id\":\"bench-tls\",\"kind\":\"OPENALPR\",\"organisation\":\"utrecht\"}");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        String token = made.json().path("token").asText();
        String pem = clientCertificate();
        String fingerprint = sha256(pem);
        String broken = "{\"data_type\":\"alpr_group\",";
        // with its token only: accepted (and this broken message refused for what it says)
        assertThat(deliver("bench-tls", token, broken).status()).isEqualTo(400);

        browser.login("adam", WebFixture.PASSWORD);
        browser.go("#/connectors/bench-tls");
        WebElement textarea = browser.await(By.id("certificate-pem"));
        assertThat(browser.driver.findElement(By.id("connector-certificate")).findElements(By.id("certificate-sha256"))).isEmpty();
        // a text that is no certificate: refused, with the API's reason
        textarea.sendKeys("-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----");
        browser.driver.findElement(By.cssSelector("#certificate-form button[type=submit]")).click();
        assertThat(browser.await(By.cssSelector("#certificate-result .msg.error")).getText()).contains("certificate");
        assertThat(browser.consoleMessages()).filteredOn(m -> m.startsWith("SEVERE"))
                .singleElement().satisfies(m -> assertThat(m).contains("/api/v1/connectors/bench-tls/certificate").contains("400"));
        textarea.clear();
        textarea.sendKeys(pem);
        browser.driver.findElement(By.cssSelector("#certificate-form button[type=submit]")).click();
        assertThat(browser.await(By.id("certificate-sha256")).getText()).isEqualTo(fingerprint);
        assertThat(browser.driver.findElement(By.cssSelector("#certificate-result .msg.ok")).getText()).contains("bench-tls");
        assertThat(browser.driver.findElement(By.id("certificate-subject")).getText()).contains("CN=bench-camera-1");
        assertThat(browser.driver.findElement(By.id("certificate-not-after")).getText()).contains("2036");
        assertThat(browser.driver.findElements(By.id("certificate-pem"))).isEmpty();
        // this server has no equipment port: the page says no equipment can deliver now
        assertThat(browser.driver.findElement(By.id("certificate-no-port")).getText()).contains("serve --equipment-port");
        step("client-certificate");
        assertThat(server.get("/api/v1/connectors/bench-tls").json().path("certificate").path("sha256").asText()).isEqualTo(fingerprint);
        // from now on the token alone is refused
        assertThat(deliver("bench-tls", token, broken).status()).isEqualTo(401);

        // in Dutch: the section and its facts
        new Select(browser.driver.findElement(By.id("lang"))).selectByValue("nl");
        browser.openPage("connectors/bench-tls");
        assertThat(browser.await(By.id("certificate-sha256")).getText()).isEqualTo(fingerprint);
        assertThat(browser.mainText()).contains("Clientcertificaat (wederzijdse TLS)").contains("SHA-256-vingerafdruk")
                .contains("geen apparatuurpoort")
                .contains("Certificaat verwijderen");
        step("client-certificate-nl");
        new Select(browser.driver.findElement(By.id("lang"))).selectByValue("en");
        browser.openPage("connectors/bench-tls");

        // removed (after a confirmation): the token works again, the page offers the text area again
        browser.await(By.id("certificate-remove")).click();
        assertThat(browser.driver.switchTo().alert().getText()).contains("bench-tls");
        browser.driver.switchTo().alert().accept();
        assertThat(browser.await(By.cssSelector("#certificate-result .msg.ok")).getText()).contains("token works again");
        assertThat(browser.await(By.id("certificate-pem")).getAttribute("value")).isEmpty();
        assertThat(browser.driver.findElements(By.id("certificate-sha256"))).isEmpty();
        step("client-certificate-removed");
        assertThat(server.get("/api/v1/connectors/bench-tls").json().path("certificate").isNull()).isTrue();
        assertThat(deliver("bench-tls", token, broken).status()).isEqualTo(400);

        // a certificate that runs out within a month is marked, so that its successor is registered in time
        java.nio.file.Path keys = java.nio.file.Files.createTempDirectory("web-cert-");
        browser.await(By.id("certificate-pem")).sendKeys(org.openanpr.testing.KeytoolIdentity.make(keys, "short", "short-lived", "dns:short.example").pem());
        browser.driver.findElement(By.cssSelector("#certificate-form button[type=submit]")).click();
        assertThat(browser.await(By.cssSelector("#certificate-not-after .badge.warn")).getText()).contains("within a month");
        assertThat(server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/connectors/bench-tls/certificate"))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).DELETE()).status()).isEqualTo(204);
    }

    @Test
    void anAdministratorImportsACsvOfHistoricalReadsAndSeesItsProgressAndRefusedLines() throws Exception {
        TestServer.Response made = server.post("/api/v1/connectors", "application/json",
                "{\"id\":\"old-system\",\"kind\":\"OPENALPR\",\"organisation\":\"utrecht\"}");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        assertThat(server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/connectors/old-system/cameras"))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"vendorCamera\":\"cam-9\",\"camera\":\"UT-A12-01\"}"))).status()).isEqualTo(200);
        // 1,500 lines: two chunks; every 100th line without a plate.
        StringBuilder csv = new StringBuilder("camera;plate;time;country\n");
        Instant base = Instant.now().minus(java.time.Duration.ofDays(2));
        for (int line = 2; line <= 1501; line++)
            csv.append("cam-9;").append(line % 100 == 0 ? "" : "WI%04d".formatted(line)).append(';').append(base.plusSeconds(line)).append(";NL\n");
        java.nio.file.Path file = java.nio.file.Files.createTempFile("historical-", ".csv");
        java.nio.file.Files.writeString(file, csv);

        browser.login("adam", WebFixture.PASSWORD);
        browser.go("#/connectors/old-system");
        browser.await(By.id("csv-import-file")).sendKeys(file.toAbsolutePath().toString());
        browser.driver.findElement(By.cssSelector("#csv-import-form button[type=submit]")).click();
        assertThat(browser.await(By.cssSelector("#csv-import-result .msg.ok")).getText()).contains("1,500 lines").contains("import started");
        WebElement done = browser.await(By.cssSelector("#csv-imports [data-import-state='DONE']"));
        WebElement row = done.findElement(By.xpath("ancestor::tr"));
        assertThat(row.getText()).contains(file.getFileName().toString()).contains("1,500 / 1,500").contains("1,485");
        step("import-done");
        row.findElement(By.cssSelector("button[data-refused]")).click();
        WebElement refused = browser.await(By.cssSelector("#csv-import-detail table"));
        assertThat(refused.getText()).contains("100").contains("plate: empty").contains("1500");
        step("import-refused");
        // The same file again: its job, not a second import.
        browser.driver.findElement(By.id("csv-import-file")).sendKeys(file.toAbsolutePath().toString());
        browser.driver.findElement(By.cssSelector("#csv-import-form button[type=submit]")).click();
        browser.await(By.xpath("//*[@id='csv-import-result']//*[contains(., 'imported before')]"));
        assertThat(server.get("/api/v1/connectors/old-system/imports").json().size()).isEqualTo(1);
        java.nio.file.Files.deleteIfExists(file);
    }

    @Test
    void anAdministratorCancelsAnImportThatIsStillWaiting() {
        TestServer.Response made = server.post("/api/v1/connectors", "application/json",
                "{\"id\":\"wrong-file\",\"kind\":\"OPENALPR\",\"organisation\":\"utrecht\"}");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        // As a job waits behind another import: queued, its file kept, nobody running it yet.
        byte[] file = "camera,plate,time\ncam-1,WF0001,2026-11-30T10:00:00Z\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Instant now = Instant.now();
        long id = org.openanpr.db.Sql.list(server.db().dataSource(), """
                insert into connector_import (connector_id, organisation, sha256, file_name, size, lines, content, state,
                        created_by, created_at, updated_at)
                values ('wrong-file', 'utrecht', ?, 'wrong-region.csv', ?, 1, ?, 'QUEUED', 'adam', ?, ?) returning id""",
                rs -> rs.getLong(1), org.openanpr.connector.CsvImports.sha256(file), (long) file.length, file, now, now).getFirst();

        browser.login("adam", WebFixture.PASSWORD);
        browser.go("#/connectors/wrong-file");
        WebElement waiting = browser.await(By.cssSelector("#csv-imports [data-import-state='QUEUED']"));
        WebElement row = waiting.findElement(By.xpath("ancestor::tr"));
        assertThat(row.getText()).contains("wrong-region.csv").contains("Waiting");
        row.findElement(By.cssSelector("button[data-cancel-import='" + id + "']")).click();
        assertThat(browser.driver.switchTo().alert().getText()).contains("wrong-region.csv").contains("stay stored");
        browser.driver.switchTo().alert().accept();
        assertThat(browser.await(By.cssSelector("#csv-import-result .msg.ok")).getText())
                .contains("wrong-region.csv cancelled after 0 of 1 lines");
        WebElement cancelled = browser.await(By.cssSelector("#csv-imports [data-import-state='CANCELLED']"));
        assertThat(cancelled.getText()).isEqualTo("Cancelled");
        assertThat(cancelled.getAttribute("title")).isEqualTo("Cancelled by adam");
        assertThat(cancelled.findElement(By.xpath("ancestor::tr")).findElements(By.cssSelector("button[data-cancel-import]"))).isEmpty();
        step("import-cancelled");
        assertThat(org.openanpr.db.Sql.list(server.db().dataSource(), "select content is null from connector_import where id = ?",
                rs -> rs.getBoolean(1), id)).containsExactly(true);
    }
}
