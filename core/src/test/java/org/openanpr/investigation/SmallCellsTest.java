package org.openanpr.investigation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SmallCellsTest {
    @Test
    void oneToFourVehiclesAreSuppressedZeroAndFiveAreShown() {
        assertThat(SmallCells.shown(0)).isZero();
        assertThat(SmallCells.shown(1)).isNull();
        assertThat(SmallCells.shown(4)).isNull();
        assertThat(SmallCells.shown(5)).isEqualTo(5);
    }

    @Test
    void noSmallPartCanBeWorkedOutAsTheWholeMinusTheOthers() {
        // one small part alone would be the whole minus the others: the smallest other goes too
        assertThat(SmallCells.parts(10, 5, 1)).containsExactly(10L, null, null);
        // two small parts that together are still small: a third is hidden until five or more are
        assertThat(SmallCells.parts(10, 2, 1)).containsExactly(null, null, null);
        assertThat(SmallCells.parts(10, 6, 2, 1)).containsExactly(10L, null, null, null);
        // hidden parts that already add up to five need nothing more
        assertThat(SmallCells.parts(20, 3, 2)).containsExactly(20L, null, null);
        assertThat(SmallCells.parts(10, 5, 0)).containsExactly(10L, 5L, 0L);
        // a small whole hides every part
        assertThat(SmallCells.parts(3, 0, 0)).containsExactly(null, null, null);
        assertThat(SmallCells.parts(0, 0)).containsExactly(0L, 0L);
    }

    @Test
    void aShareIsShownOnlyWhenItsPartIs() {
        assertThat(SmallCells.share(5L, 20)).isEqualTo(0.25);
        assertThat(SmallCells.share(null, 20)).isNull();
        assertThat(SmallCells.share(0L, 0)).isNull();
    }
}
