package org.openanpr.investigation;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StakeoutTest {
    static Stakeout.Seen seen(int scene, String plate, String camera, String time, boolean margin) {
        return new Stakeout.Seen(scene, plate, new Sighting(UUID.randomUUID(), Instant.parse(time), camera, null, null), margin);
    }

    @Test
    void aVehicleAtTwoCamerasOfOneSceneIsPresentOnceAndRankingIsByScenesThenPassages() {
        List<Stakeout.Vehicle> v = new Stakeout(2).rank(List.of(
                seen(0, "AA", "A1", "2026-10-24T00:00:00Z", false), seen(0, "AA", "A2", "2026-10-24T00:00:01Z", false),
                seen(0, "BB", "A1", "2026-10-24T00:10:00Z", false), seen(1, "BB", "B1", "2026-10-22T10:00:00Z", false),
                seen(2, "BB", "C1", "2026-10-21T17:57:00Z", true),
                seen(0, "CC", "A1", "2026-10-24T00:20:00Z", false), seen(1, "CC", "B1", "2026-10-22T11:00:00Z", false)));
        assertThat(v).extracting(Stakeout.Vehicle::plate).containsExactly("BB", "CC"); // AA: two passages, one scene
        assertThat(v.get(0).scenes()).containsExactly(0, 1, 2);
        assertThat(v.get(0).onlyByMargin(2)).isTrue();
        assertThat(v.get(0).onlyByMargin(0)).isFalse();
        assertThat(v.get(0).evidence()).extracting(Stakeout.Seen::scene).containsExactly(0, 1, 2);
        List<Stakeout.Vehicle> one = new Stakeout(1).rank(List.of(seen(0, "AA", "A1", "2026-10-24T00:00:00Z", false),
                seen(0, "AA", "A2", "2026-10-24T00:00:01Z", false), seen(0, "ZZ", "A1", "2026-10-23T23:00:00Z", false)));
        assertThat(one).extracting(Stakeout.Vehicle::plate).containsExactly("AA", "ZZ");
        assertThat(one.get(0).sceneCount()).isEqualTo(1);
        assertThatThrownBy(() -> new Stakeout(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
