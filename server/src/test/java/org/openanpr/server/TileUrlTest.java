package org.openanpr.server;

import org.junit.jupiter.api.Test;
import org.openanpr.db.Database;
import org.openanpr.testing.TestDatabase;
import org.openanpr.testing.TestServer;

import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code serve --tile-url}: its host is allowed by the Content-Security-Policy; a URL that is none stops the start. */
class TileUrlTest {
    @Test
    void theTileHostIsAllowedForImages() throws Exception {
        try (TestServer server = TestServer.start(TileUrlTest.class, c -> c.withClock(Clock.systemUTC())
                .withWeb(new ServerConfig.Web("https://{s}.tiles.example.nl/{z}/{x}/{y}.png", "© example", List.of())))) {
            var res = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(server.baseUrl() + "/api/v1/config")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(res.body()).contains("https://{s}.tiles.example.nl/{z}/{x}/{y}.png");
            assertThat(res.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                    assertThat(csp).contains("img-src 'self' data: blob: https://*.tiles.example.nl;"));
        }
        assertThat(OpenAnprServer.tileOrigin("https://{s}.tiles.example.nl/{z}/{x}/{y}.png")).isEqualTo("https://*.tiles.example.nl");
        assertThat(OpenAnprServer.tileOrigin("http://tiles.local:8081/{z}/{x}/{y}.png")).isEqualTo("http://tiles.local:8081");
    }

    @Test
    void aTileUrlThatIsNoUrlStopsTheStart() {
        Database db = TestDatabase.freshSchema(TileUrlTest.class);
        try {
            assertThatThrownBy(() -> OpenAnprServer.start(db.dataSource(), ServerConfig.defaults(0).withHost("127.0.0.1")
                    .withWeb(new ServerConfig.Web("tiles/{z}/{x}/{y}.png", null, List.of()))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tile URL");
        } finally {
            db.close();
        }
    }
}
