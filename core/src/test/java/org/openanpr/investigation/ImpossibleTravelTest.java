package org.openanpr.investigation;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ImpossibleTravelTest {
    static final Instant T = Instant.parse("2026-11-23T10:00:00Z");
    // Utrecht and Groningen: about 160 km as the crow flies
    static Sighting utrecht(Instant at) {
        return new Sighting(UUID.randomUUID(), at, "UT1", 52.09, 5.12);
    }

    static Sighting groningen(Instant at) {
        return new Sighting(UUID.randomUUID(), at, "GR1", 53.22, 6.57);
    }

    @Test
    void oneHundredSixtyKilometresInTwentyMinutesIsImpossible() {
        ImpossibleTravel.Verdict v = ImpossibleTravel.DEFAULT.check(utrecht(T), groningen(T.plus(Duration.ofMinutes(20))));
        assertThat(v.impossible()).isTrue();
        assertThat(v.metres()).isBetween(150_000.0, 170_000.0);
        assertThat(v.calculation()).contains("needs", "plausible at most 200 km/h");
    }

    @Test
    void theSameJourneyInTwoHoursIsPossible() {
        assertThat(ImpossibleTravel.DEFAULT.check(utrecht(T), groningen(T.plus(Duration.ofHours(2)))).impossible()).isFalse();
    }

    @Test
    void twoCamerasAtOnePlaceSeeingItAtTheSameSecondAreNoClone() {
        Sighting a = new Sighting(UUID.randomUUID(), T, "A2-L", 52.0, 5.0);
        Sighting b = new Sighting(UUID.randomUUID(), T, "A2-R", 52.0005, 5.0);
        assertThat(ImpossibleTravel.DEFAULT.check(a, b).impossible()).isFalse();
    }

    @Test
    void aCameraClockOffByMinutesIsAbsorbedByTheClockMargin() {
        // 10 km apart, seen "one minute" apart because one clock is 4 minutes behind: 600 km/h without the margin
        Sighting a = new Sighting(UUID.randomUUID(), T, "C1", 52.0, 5.0);
        Sighting b = new Sighting(UUID.randomUUID(), T.plusSeconds(60), "C2", 52.09, 5.0);
        assertThat(new ImpossibleTravel(200, 0, Duration.ZERO).check(a, b).impossible()).isTrue();
        assertThat(ImpossibleTravel.DEFAULT.check(a, b).impossible()).isFalse();
    }

    @Test
    void theOrderOfTheSightingsDoesNotMatterAndNoPositionSaysNothing() {
        Sighting a = utrecht(T);
        Sighting b = groningen(T.plusSeconds(600));
        assertThat(ImpossibleTravel.DEFAULT.check(b, a).impossible()).isEqualTo(ImpossibleTravel.DEFAULT.check(a, b).impossible());
        assertThat(ImpossibleTravel.DEFAULT.check(a, new Sighting(UUID.randomUUID(), T, "M", null, null))).isNull();
    }
}
