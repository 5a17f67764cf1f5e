package org.openanpr.federation;

import org.openanpr.testing.TestServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two nodes of the sharing tests: a national one (organisations nationaal and elders) and a regional one
 * (nationaal and utrecht, with two cameras of utrecht), and the national list of stolen vehicles published to the
 * peer regio-utrecht.
 */
final class NationalAndRegional implements AutoCloseable {
    final TestServer national;
    final TestServer regional;

    /** The published national list and the peer's token to subscribe to it. */
    record Published(long list, String token) {
    }

    NationalAndRegional(Class<?> owner) {
        national = TestServer.start(owner, c -> c);
        regional = TestServer.start(owner, c -> c);
        organisations(regional, "nationaal", "utrecht");
        organisations(national, "nationaal", "elders");
    }

    /** Publishes the national list (with {@code plates}, if any) to regio-utrecht and adds utrecht's two cameras. */
    Published publishStolenVehicles(String... plates) {
        long list = national.post("/api/v1/lists", "application/json", """
                {"name":"Gestolen voertuigen","category":"STOLEN_VEHICLE","purpose":"opsporing","legalBasis":"Politiewet art. 3",
                 "organisation":"nationaal","source":"LDS"}""").json().path("id").asLong();
        if (plates.length > 0) FederationTest.importEntries(national, list, "replace", plates);
        assertThat(national.post("/api/v1/federation/publications", "application/json", "{\"listId\":" + list + "}").status()).isEqualTo(201);
        String token = national.post("/api/v1/federation/peers", "application/json",
                "{\"name\":\"regio-utrecht\",\"organisation\":\"nationaal\"}").json().path("token").asText();
        for (String camera : new String[] {"UT-A2-01", "UT-A12-02"})
            assertThat(regional.post("/api/v1/cameras", "application/json", """
                    {"id":"%s","name":"%s","lat":52.1,"lon":5.1,"organisation":"utrecht"}""".formatted(camera, camera)).status()).isEqualTo(201);
        return new Published(list, token);
    }

    private static void organisations(TestServer node, String... codes) {
        for (String code : codes)
            assertThat(node.post("/api/v1/organisations", "application/json", """
                    {"code":"%s","name":"%s","kind":"POLICE"}""".formatted(code, code)).status()).isEqualTo(201);
    }

    @Override
    public void close() {
        national.close();
        regional.close();
    }
}
