package org.openanpr.investigation;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouteTest {
    static Sighting at(String time, String camera, double lat, double lon) {
        return new Sighting(UUID.randomUUID(), Instant.parse(time), camera, lat, lon);
    }

    @Test
    void sightingsAreOrderedInTimeAndCutIntoLegsWhereTheVehicleWentUnseen() {
        Sighting late = at("2026-11-23T12:00:00Z", "C3", 52.10, 5.10);
        Sighting first = at("2026-11-23T10:00:00Z", "C1", 52.00, 5.00);
        Sighting second = at("2026-11-23T10:20:00Z", "C2", 52.05, 5.05);
        Route r = Route.of(List.of(late, first, second), Duration.ofMinutes(30));
        assertThat(r.sightings()).containsExactly(first, second, late);
        assertThat(r.legs()).containsExactly(List.of(first, second), List.of(late));
        assertThat(r.gaps()).singleElement().satisfies(g -> {
            assertThat(g.lastSeen()).isEqualTo(second);
            assertThat(g.nextSeen()).isEqualTo(late);
            assertThat(g.unseen()).isEqualTo(Duration.ofMinutes(100));
            assertThat(g.metres()).isBetween(6_000.0, 8_000.0);
        });
    }

    @Test
    void aRouteOverMidnightAndTheNightClocksGoBackCountsRealHours() {
        // 25 October 2026: the Netherlands go from CEST to CET at 03:00 local (01:00 UTC). 23:30 local on the 24th is
        // 21:30 UTC; 02:30 CET on the 25th is 01:30 UTC: four hours elapsed, not three as the wall clock says.
        Sighting evening = at("2026-10-24T21:30:00Z", "C1", 52.0, 5.0);
        Sighting night = at("2026-10-25T01:30:00Z", "C2", 52.0, 5.1);
        Route r = Route.of(List.of(night, evening), Duration.ofHours(3));
        assertThat(r.gaps()).singleElement().satisfies(g -> assertThat(g.unseen()).isEqualTo(Duration.ofHours(4)));
        assertThat(Route.of(List.of(night, evening), Duration.ofHours(4)).gaps()).isEmpty();
    }

    @Test
    void twoCamerasAtOnePlaceSeeingItAtOnceAreOneLegWithAStableOrder() {
        UUID a = UUID.fromString("00000000-0000-0000-0000-000000000001");
        UUID b = UUID.fromString("00000000-0000-0000-0000-000000000002");
        Sighting left = new Sighting(b, Instant.parse("2026-11-23T10:00:00Z"), "A2-L", 52.0, 5.0);
        Sighting right = new Sighting(a, Instant.parse("2026-11-23T10:00:00Z"), "A2-R", 52.0, 5.0);
        Route r = Route.of(List.of(right, left), Duration.ofMinutes(5));
        assertThat(r.sightings()).containsExactly(left, right);
        assertThat(r.gaps()).isEmpty();
        assertThat(r.legs()).hasSize(1);
    }

    @Test
    void noSightingsIsAnEmptyRouteAndTheThresholdMustBePositive() {
        assertThat(Route.of(List.of(), Duration.ofMinutes(1)).legs()).isEmpty();
        assertThatThrownBy(() -> Route.of(List.of(), Duration.ZERO)).hasMessageContaining("gap");
    }

    @Test
    void aSightingWithoutAPositionHasNoDistanceToItsNeighbour() {
        Sighting nowhere = new Sighting(UUID.randomUUID(), Instant.parse("2026-11-23T12:00:00Z"), "M1", null, null);
        Sighting first = at("2026-11-23T10:00:00Z", "C1", 52.00, 5.00);
        assertThat(Route.of(List.of(first, nowhere), Duration.ofMinutes(30)).gaps().getFirst().metres()).isNull();
    }
}
