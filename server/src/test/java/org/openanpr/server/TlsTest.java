package org.openanpr.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openanpr.db.Database;
import org.openanpr.testing.KeytoolIdentity;
import org.openanpr.testing.TestDatabase;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code serve} with a keystore answers HTTPS only, with HSTS and secure session cookies. */
class TlsTest {
    @Test
    void servesHttpsOnlyWithTheGivenCertificate(@TempDir Path dir) throws Exception {
        KeytoolIdentity id = KeytoolIdentity.make(dir, "openanpr", "localhost", "dns:localhost,ip:127.0.0.1");

        Database db = TestDatabase.freshSchema(TlsTest.class);
        try (OpenAnprServer server = OpenAnprServer.start(db.dataSource(), ServerConfig.defaults(0).withHost("127.0.0.1")
                .withAdminToken("adm_tls-test-token-of-at-least-32-characters").withPasswordCost(4).withTls(new ServerConfig.Tls(id.file(), KeytoolIdentity.PASSWORD)))) {
            HttpClient trusting = HttpClient.newBuilder().sslContext(KeytoolIdentity.client(null, id)).build();
            HttpResponse<String> health = trusting.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(server.baseUrl()).startsWith("https://");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.headers().firstValue("Strict-Transport-Security")).hasValueSatisfying(v -> assertThat(v).contains("max-age"));
            assertThat(health.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v).contains("default-src 'self'"));

            // a login over TLS sets a Secure, HttpOnly, SameSite=Strict cookie
            trusting.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/organisations"))
                    .header("Authorization", "Bearer adm_tls-test-token-of-at-least-32-characters").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"utrecht\",\"name\":\"Utrecht\"}")).build(), HttpResponse.BodyHandlers.ofString());
            trusting.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/users"))
                    .header("Authorization", "Bearer adm_tls-test-token-of-at-least-32-characters").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"username":"olga","organisation":"utrecht","roles":["OFFICER"],"password":"a-long-test-password"}""")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> login = trusting.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/session"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"olga\",\"password\":\"a-long-test-password\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
            List<String> cookies = login.headers().allValues("Set-Cookie");
            assertThat(cookies).anySatisfy(c -> assertThat(c).contains("anpr_session=").contains("Secure").contains("HttpOnly")
                    .containsIgnoringCase("SameSite=Strict"));

            // the default client does not trust a self-signed certificate, and plain HTTP gets no answer
            assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    server.baseUrl().replace("https:", "http:") + "/health")).build(), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(IOException.class);
        } finally {
            db.close();
        }
    }
}
