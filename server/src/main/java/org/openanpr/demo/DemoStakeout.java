package org.openanpr.demo;

import org.openanpr.http.ApiClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The demo's burglar ({@link DemoTraffic#BURGLARY_SCENES}) as it was seen in the two hours before this start, so that
 * a stakeout of its three scenes finds it at once rather than after an hour of live traffic: two passes at each scene,
 * 20 minutes apart, the last a quarter of an hour ago. Live traffic continues the pattern.
 */
public final class DemoStakeout {
    static final int PASSES = 6;

    private DemoStakeout() {
    }

    public static void install(ApiClient api, DemoTraffic traffic, Clock clock) throws Exception {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String plate = traffic.burglar().wirePlate();
        List<String> reads = new ArrayList<>();
        for (int i = 0; i < PASSES; i++) {
            Instant at = now.minus(Duration.ofMinutes(15 + 20L * (PASSES - 1 - i)));
            String camera = DemoTraffic.BURGLARY_SCENES.get(i % DemoTraffic.BURGLARY_SCENES.size());
            reads.add("""
                    {"id":"%s","camera":"%s","plate":"%s","country":"NL","confidence":0.94,"time":"%s"}"""
                    .formatted(UUID.randomUUID(), camera, plate, at));
        }
        api.post("/api/v1/reads", "application/json", "[" + String.join(",", reads) + "]");
    }
}
