package org.openanpr.registry;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openanpr.zone.Vehicle;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live RDW open-data API client against a local server that answers in the API's JSON layout (numbers as strings,
 * one fuel record per fuel): one request per dataset for a batch, answers cached ("not registered" too), and an API
 * that does not answer in time leaves the plates absent (so they go to review), quickly, without failing the caller.
 */
class RdwApiRegistryTest {
    HttpServer server;
    final AtomicInteger requests = new AtomicInteger();
    volatile long delayMillis;

    URI start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/resource/", ex -> {
            requests.incrementAndGet();
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String query = URLDecoder.decode(ex.getRequestURI().getRawQuery(), StandardCharsets.UTF_8);
            String body;
            if (ex.getRequestURI().getPath().endsWith("m9d7-ebf2.json")) {
                body = query.contains("'11VBB1'") ? """
                        [{"kenteken":"11VBB1","voertuigsoort":"Bedrijfsauto","merk":"FORD","handelsbenaming":"TRANSIT",
                          "datum_eerste_toelating":"20100315","datum_eerste_toelating_dt":"2010-03-15T00:00:00.000",
                          "toegestane_maximum_massa_voertuig":"3500","europese_voertuigcategorie":"N1"}]""" : "[]";
            } else {
                body = query.contains("'11VBB1'") ? """
                        [{"kenteken":"11VBB1","brandstof_volgnummer":"1","brandstof_omschrijving":"Diesel",
                          "emissiecode_omschrijving":"4","uitlaatemissieniveau":"EURO 4"}]""" : "[]";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/resource/");
    }

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
    }

    @Test
    void aBatchIsOneRequestPerDatasetAndAnswersAreCached() throws Exception {
        RdwApiRegistry api = new RdwApiRegistry(start(), null, Duration.ofSeconds(2), Duration.ofHours(1), 1000, Clock.systemUTC());
        Map<String, Vehicle> found = api.lookup(null, Set.of("11VBB1", "99ZZZ9"));
        assertThat(found).containsOnlyKeys("11VBB1");
        Vehicle v = found.get("11VBB1");
        assertThat(v.category()).isEqualTo("N1");
        assertThat(v.fuels()).containsExactly("DIESEL");
        assertThat(v.euroClass()).isEqualTo(4);
        assertThat(v.maxMassKg()).isEqualTo(3500);
        assertThat(v.firstAdmission()).hasToString("2010-03-15");
        assertThat(requests.get()).isEqualTo(2);
        assertThat(api.lookup(null, Set.of("11VBB1", "99ZZZ9"))).containsOnlyKeys("11VBB1");
        assertThat(requests.get()).as("both answers, 'not registered' included, came from the cache").isEqualTo(2);
    }

    @Test
    void anApiThatDoesNotAnswerInTimeLeavesThePlatesUnknownAndIsAskedAgainLater() throws Exception {
        RdwApiRegistry api = new RdwApiRegistry(start(), null, Duration.ofMillis(300), Duration.ofHours(1), 1000, Clock.systemUTC());
        delayMillis = 3000;
        long t0 = System.nanoTime();
        assertThat(api.lookup(null, Set.of("11VBB1"))).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(2500));
        delayMillis = 0;
        assertThat(api.lookup(null, Set.of("11VBB1"))).containsOnlyKeys("11VBB1");
    }
}
