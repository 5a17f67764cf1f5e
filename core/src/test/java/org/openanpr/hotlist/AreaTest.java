package org.openanpr.hotlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AreaTest {

    /** An L around the south-west of a 2 by 2 tenths of a degree square near Utrecht: concave at (52.1, 5.1). */
    private static final Area L_SHAPE = Area.of(List.of(
            new double[] {52.0, 5.0}, new double[] {52.0, 5.2}, new double[] {52.1, 5.2},
            new double[] {52.1, 5.1}, new double[] {52.2, 5.1}, new double[] {52.2, 5.0}));

    @Test
    void holdsPointsInsideEitherArm() {
        assertThat(L_SHAPE.contains(52.05, 5.15)).isTrue();
        assertThat(L_SHAPE.contains(52.15, 5.05)).isTrue();
    }

    @Test
    void excludesTheNotchAndTheOutside() {
        assertThat(L_SHAPE.contains(52.15, 5.15)).isFalse();
        assertThat(L_SHAPE.contains(51.99, 5.05)).isFalse();
        assertThat(L_SHAPE.contains(52.05, 5.21)).isFalse();
        assertThat(L_SHAPE.contains(52.05, 4.99)).isFalse();
    }

    @Test
    void cornersMayRunEitherWayRound() {
        Area reversed = new Area(L_SHAPE.corners().reversed());

        assertThat(reversed.contains(52.05, 5.15)).isTrue();
        assertThat(reversed.contains(52.15, 5.15)).isFalse();
    }

    @Test
    void refusesFewerThanThreeCornersAndImpossibleCoordinates() {
        assertThatThrownBy(() -> Area.of(List.of(new double[] {52, 5}, new double[] {53, 5})))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Area.Corner(91, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Area.Corner(52, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
