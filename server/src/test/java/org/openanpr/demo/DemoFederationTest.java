package org.openanpr.demo;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.openanpr.http.ApiClient;
import org.openanpr.testing.TestServer;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code serve --demo}'s federation: the region runs version 1 of the national list (taken over HTTP with a
 * federation token), has it switched on, shares two cameras' passages with the national organisation and has an
 * exchange agreement with a Belgian unit; a second demo start leaves it as it is.
 */
class DemoFederationTest {
    @Test
    void theDemoRegionTakesTheNationalListSharesPassagesUpAndMayExchangeAbroad() throws Exception {
        try (TestServer server = TestServer.start(DemoFederationTest.class, Clock.systemUTC())) {
            DemoRegion region = DemoRegion.utrecht();
            server.server().cameras().saveAll(region.cameras());
            DemoTraffic traffic = new DemoTraffic(region, 5, 7);
            ApiClient api = new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN);
            DemoFederation.install(api, server.baseUrl(), region, traffic);

            JsonNode subscriptions = server.get("/api/v1/federation/subscriptions").json();
            assertThat(subscriptions).hasSize(1);
            assertThat(subscriptions.get(0).path("version").asInt()).isEqualTo(1);
            assertThat(subscriptions.get(0).path("lastError").isNull()).as(subscriptions.toString()).isTrue();
            long local = subscriptions.get(0).path("localListId").asLong();
            assertThat(server.get("/api/v1/lists/" + local + "/activations").json()).hasSize(1);
            JsonNode publications = server.get("/api/v1/federation/publications").json();
            assertThat(publications.get(0).path("subscribers").get(0).path("version").asInt()).as("the national side sees what the region runs").isEqualTo(1);
            assertThat(server.get("/api/v1/sharing").json().toString()).contains("\"toOrganisation\":\"landelijk\"").contains("PASSAGES");
            assertThat(server.get("/api/v1/exchange/agreements").json().get(0).path("status").asText()).isEqualTo("ACTIVE");

            DemoFederation.install(api, server.baseUrl(), region, traffic);
            assertThat(server.get("/api/v1/federation/subscriptions").json()).as("a second start adds nothing").hasSize(1);
        }
    }
}
