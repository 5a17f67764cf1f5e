package org.openanpr.investigation;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConvoyTest {
    static final Instant T = Instant.parse("2026-11-23T23:50:00Z");

    static Sighting at(String camera, Instant t) {
        return new Sighting(UUID.randomUUID(), t, camera, 52.0, 5.0);
    }

    @Test
    void aCarFollowingAtThreeCamerasRanksAboveOneSeenTwiceAndChanceMeetingsDropOut() {
        List<Sighting> target = List.of(at("A", T), at("B", T.plusSeconds(600)), at("C", T.plusSeconds(1200)));
        List<Convoy.Nearby> nearby = new ArrayList<>();
        // the follower: 40 s behind at A, B and C (C after midnight UTC)
        for (Sighting s : target) nearby.add(new Convoy.Nearby("FOLLOW1", at(s.camera(), s.time().plusSeconds(40))));
        // a lead car at A and B, 90 s ahead
        nearby.add(new Convoy.Nearby("LEAD1", at("A", T.minusSeconds(90))));
        nearby.add(new Convoy.Nearby("LEAD1", at("B", T.plusSeconds(510))));
        // met once, and one seen at all three but far outside the window at B and C
        nearby.add(new Convoy.Nearby("ONCE", at("B", T.plusSeconds(605))));
        nearby.add(new Convoy.Nearby("LATE", at("A", T.plusSeconds(30))));
        nearby.add(new Convoy.Nearby("LATE", at("B", T.plusSeconds(600 + 3600))));
        List<Convoy.Companion> ranked = new Convoy(Duration.ofMinutes(2), 2).rank(target, nearby);
        assertThat(ranked).extracting(Convoy.Companion::plate).containsExactly("FOLLOW1", "LEAD1");
        Convoy.Companion f = ranked.getFirst();
        assertThat(f.cameras()).isEqualTo(3);
        assertThat(f.follows()).isEqualTo(3);
        assertThat(f.meanGapSeconds()).isEqualTo(40.0);
        assertThat(f.evidence()).extracting(Convoy.Evidence::camera).containsExactly("A", "B", "C");
        assertThat(ranked.get(1).leads()).isEqualTo(2);
        assertThat(new Convoy(Duration.ofMinutes(2), 3).rank(target, nearby)).extracting(Convoy.Companion::plate).containsExactly("FOLLOW1");
    }

    @Test
    void aCameraCountsOnceWithTheClosestPassageAsEvidence() {
        List<Sighting> target = List.of(at("A", T), at("A", T.plusSeconds(3000)), at("B", T.plusSeconds(600)));
        List<Convoy.Nearby> nearby = List.of(new Convoy.Nearby("X", at("A", T.plusSeconds(100))),
                new Convoy.Nearby("X", at("A", T.plusSeconds(3010))), new Convoy.Nearby("X", at("B", T.plusSeconds(650))));
        Convoy.Companion x = new Convoy(Duration.ofMinutes(5), 2).rank(target, nearby).getFirst();
        assertThat(x.cameras()).isEqualTo(2);
        assertThat(x.evidence().stream().filter(e -> e.camera().equals("A")).findFirst().orElseThrow().gapSeconds()).isEqualTo(10);
    }

    @Test
    void aCameraClockOffByMinutesNeedsAWiderWindowAndTheWindowIsBounded() {
        // camera B runs 3 minutes behind: the follower seems to pass B 2m20s before the target
        List<Sighting> target = List.of(at("A", T), at("B", T.plusSeconds(600)));
        List<Convoy.Nearby> nearby = List.of(new Convoy.Nearby("F", at("A", T.plusSeconds(40))),
                new Convoy.Nearby("F", at("B", T.plusSeconds(600 + 40 - 180))));
        assertThat(new Convoy(Duration.ofMinutes(2), 2).rank(target, nearby)).isEmpty();
        assertThat(new Convoy(Duration.ofMinutes(5), 2).rank(target, nearby)).singleElement()
                .satisfies(c -> assertThat(c.leads()).isEqualTo(1));
        assertThatThrownBy(() -> new Convoy(Duration.ofHours(2), 2)).hasMessageContaining("window");
        assertThatThrownBy(() -> new Convoy(Duration.ofMinutes(1), 1)).hasMessageContaining("minCameras");
    }
}
