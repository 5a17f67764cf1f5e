package org.openanpr.passage;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TravelTest {

    @Test
    void directionIsInOutOrAHeading() {
        assertThat(Travel.of("Approaching", 48.5)).isEqualTo(new Travel(Travel.Direction.IN, null, 48.5));
        assertThat(Travel.of("uit", null).direction()).isEqualTo(Travel.Direction.OUT);
        assertThat(Travel.of("359.6", null).heading()).isZero();
        assertThat(Travel.of("90", null).heading()).isEqualTo(90);
        assertThat(Travel.of(null, null)).isSameAs(Travel.NONE);
        assertThat(Travel.of("in", null).directionName()).isEqualTo("in");
    }

    @Test
    void impossibleValuesAreRefusedNamingTheField() {
        assertThatThrownBy(() -> Travel.of("sideways", null)).hasMessageStartingWith("direction:");
        assertThatThrownBy(() -> Travel.of("-5", null)).hasMessageStartingWith("direction:");
        assertThatThrownBy(() -> Travel.of("NaN", null)).hasMessageStartingWith("direction:");
        assertThatThrownBy(() -> Travel.of(null, -1.0)).hasMessageStartingWith("speed:");
        assertThatThrownBy(() -> Travel.of(null, 1200.0)).hasMessageStartingWith("speed:");
    }
}
