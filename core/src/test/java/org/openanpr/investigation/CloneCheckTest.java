package org.openanpr.investigation;

import org.junit.jupiter.api.Test;
import org.openanpr.passage.VehicleDescription;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class CloneCheckTest {
    static final Instant T = Instant.parse("2026-11-23T10:00:00Z");
    static final VehicleDescription GREY_GOLF = VehicleDescription.of("Volkswagen", "Golf", "grijs", "personenauto");
    static final VehicleDescription RED_VAN = VehicleDescription.of("Ford", "Transit", "red", "van");

    static CloneCheck.Seen seen(Instant at, double lat, double lon, VehicleDescription d, double confidence) {
        return new CloneCheck.Seen(new Sighting(UUID.randomUUID(), at, "C" + lat, lat, lon), d, confidence);
    }

    @Test
    void theSamePlateInUtrechtAndGroningenTwentyMinutesApartIsASuspectWithTheCalculation() {
        CloneCheck.Finding f = CloneCheck.DEFAULT.check(seen(T, 52.09, 5.12, GREY_GOLF, 0.95),
                seen(T.plus(Duration.ofMinutes(20)), 53.22, 6.57, GREY_GOLF, 0.95));
        assertThat(f.reasons()).containsExactly(CloneCheck.Reason.IMPOSSIBLE_TRAVEL);
        assertThat(f.travel().calculation()).contains("needs");
    }

    @Test
    void aGreyGolfAndARedVanUnderOnePlateAreASuspectWhereverTheyAre() {
        CloneCheck.Finding f = CloneCheck.DEFAULT.check(seen(T, 52.09, 5.12, GREY_GOLF, 0.9),
                seen(T.plus(Duration.ofHours(3)), 52.10, 5.13, RED_VAN, 0.9));
        assertThat(f.reasons()).containsExactly(CloneCheck.Reason.CONFLICTING_DESCRIPTION);
        assertThat(f.description()).isEqualTo("VOLKSWAGEN GOLF grey car vs FORD TRANSIT red van");
    }

    @Test
    void anUncertainReadIsNoEvidenceAndTwoCamerasAtOnePlaceAreNoClone() {
        assertThat(CloneCheck.DEFAULT.check(seen(T, 52.09, 5.12, GREY_GOLF, 0.6), seen(T.plusSeconds(60), 53.22, 6.57, RED_VAN, 0.95))
                .suspect()).isFalse();
        assertThat(CloneCheck.DEFAULT.check(seen(T, 52.09, 5.12, GREY_GOLF, 0.9), seen(T, 52.0902, 5.12, GREY_GOLF, 0.9)).suspect())
                .isFalse();
        assertThat(CloneCheck.DEFAULT.check(seen(T, 52.09, 5.12, VehicleDescription.NONE, 0.9), seen(T.plusSeconds(600), 52.2, 5.12, RED_VAN, 0.9))
                .suspect()).isFalse();
    }

    @Test
    void recentSightingsPairEachReadWithThePlatesPreviousOneWithinTheHorizon() {
        RecentSightings recent = new RecentSightings(Duration.ofHours(2), 1000);
        CloneCheck.Seen a = seen(T, 52.0, 5.0, GREY_GOLF, 0.9);
        CloneCheck.Seen b = seen(T.plus(Duration.ofMinutes(30)), 52.1, 5.0, GREY_GOLF, 0.9);
        CloneCheck.Seen late = seen(T.plus(Duration.ofMinutes(10)), 53.0, 6.0, GREY_GOLF, 0.9);
        CloneCheck.Seen muchLater = seen(T.plus(Duration.ofHours(5)), 52.1, 5.0, GREY_GOLF, 0.9);
        assertThat(recent.record(List.of(Map.entry("X", a)))).isEmpty();
        assertThat(recent.record(List.of(Map.entry("X", b)))).singleElement().satisfies(p -> {
            assertThat(p.earlier()).isEqualTo(a);
            assertThat(p.later()).isEqualTo(b);
        });
        // a read delivered late is compared with the newer one kept, in time order, and does not replace it
        assertThat(recent.record(List.of(Map.entry("X", late)))).singleElement().satisfies(p -> {
            assertThat(p.earlier()).isEqualTo(late);
            assertThat(p.later()).isEqualTo(b);
        });
        assertThat(recent.record(List.of(Map.entry("X", muchLater)))).isEmpty();
    }

    @Test
    void recentSightingsStayWithinTheirBound() {
        RecentSightings recent = new RecentSightings(Duration.ofDays(1), 100);
        for (int i = 0; i < 1000; i++) recent.record(List.of(Map.entry("P" + i, seen(T.plusSeconds(i), 52.0, 5.0, GREY_GOLF, 0.9))));
        assertThat(recent.size()).isEqualTo(100);
        // the most recent are kept
        assertThat(recent.record(List.of(Map.entry("P999", seen(T.plusSeconds(1000), 52.0, 5.0, GREY_GOLF, 0.9))))).hasSize(1);
    }
}
