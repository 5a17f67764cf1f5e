package org.openanpr.investigation;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SectionSpeedTest {
    static final Instant ENTRY = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void theOmTakesThreeKmhOffUpToAHundredAndThreePercentAbove() {
        assertThat(SectionSpeed.corrected(80.0)).isEqualTo(77);
        assertThat(SectionSpeed.corrected(100.0)).isEqualTo(97);
        assertThat(SectionSpeed.corrected(104.9)).isEqualTo(101); // 104.9 - 3.147 = 101.75 → 101
        assertThat(SectionSpeed.corrected(130.0)).isEqualTo(126); // 130 - 3.9 = 126.1 → 126
    }

    @Test
    void aSpeederOverTheSectionIsAViolationWithTheCalculation() {
        SectionSpeed a2 = new SectionSpeed(8_000, 100, 0);
        // 8 km in 4 minutes = 120 km/h; corrected 116
        SectionSpeed.Measurement m = a2.measure(ENTRY, ENTRY.plus(Duration.ofMinutes(4)));
        assertThat(m.violation()).isTrue();
        assertThat(m.measuredKmh()).isCloseTo(120.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(m.correctedKmh()).isEqualTo(116);
        assertThat(m.calculation()).contains("8000 m", "240.000 s", "120.00 km/h", "-3%", "116 km/h", "limit 100");
        // 8 km in 4m40s = 102.86 km/h, corrected 99: within the limit
        assertThat(a2.measure(ENTRY, ENTRY.plus(Duration.ofSeconds(280))).outcome()).isEqualTo(SectionSpeed.Outcome.WITHIN_LIMIT);
    }

    @Test
    void justOverTheLimitAfterCorrectionIsAViolationAndTheMarginIsHonoured() {
        // 1000 m in 34 s = 105.88 km/h → 105.88 - 3.18 = 102.7 → 102 > 100
        assertThat(new SectionSpeed(1_000, 100, 0).measure(ENTRY, ENTRY.plusSeconds(34)).violation()).isTrue();
        assertThat(new SectionSpeed(1_000, 100, 2).measure(ENTRY, ENTRY.plusSeconds(34)).violation()).isFalse();
        // exactly 80 km/h measured at a limit of 77 km/h: corrected 77, not over
        assertThat(new SectionSpeed(8_000, 77, 0).measure(ENTRY, ENTRY.plusSeconds(360)).violation()).isFalse();
    }

    @Test
    void anExitBeforeOrAtTheEntryIsNeverAViolation() {
        SectionSpeed s = new SectionSpeed(5_000, 80, 0);
        assertThat(s.measure(ENTRY, ENTRY.minusSeconds(30)).outcome()).isEqualTo(SectionSpeed.Outcome.EXIT_NOT_AFTER_ENTRY);
        assertThat(s.measure(ENTRY, ENTRY).outcome()).isEqualTo(SectionSpeed.Outcome.EXIT_NOT_AFTER_ENTRY);
        assertThat(s.measure(ENTRY, ENTRY).measuredKmh()).isNull();
    }

    @Test
    void aMeasurementOverTheNightTheClocksGoBackUsesElapsedTime() {
        // 02:58 CEST (00:58 UTC) to 02:02 CET (01:02 UTC): four minutes, though the wall clock went back
        SectionSpeed s = new SectionSpeed(8_000, 100, 0);
        SectionSpeed.Measurement m = s.measure(Instant.parse("2026-10-25T00:58:00Z"), Instant.parse("2026-10-25T01:02:00Z"));
        assertThat(m.elapsed()).isEqualTo(Duration.ofMinutes(4));
        assertThat(m.correctedKmh()).isEqualTo(116);
    }

    @Test
    void aSectionWithoutADistanceOrWithANonsenseLimitIsRefused() {
        assertThatThrownBy(() -> new SectionSpeed(0, 100, 0)).hasMessageContaining("distanceMetres");
        assertThatThrownBy(() -> new SectionSpeed(Double.NaN, 100, 0)).hasMessageContaining("distanceMetres");
        assertThatThrownBy(() -> new SectionSpeed(1000, 1000, 0)).hasMessageContaining("limitKmh");
        assertThatThrownBy(() -> new SectionSpeed(1000, 100, -1)).hasMessageContaining("marginKmh");
    }

    @Property
    void theCorrectionAlwaysFavoursTheDriverByAtLeastThreeKmh(@ForAll @DoubleRange(min = 5, max = 400) double measured) {
        int c = SectionSpeed.corrected(measured);
        assertThat(c).isLessThanOrEqualTo((int) Math.floor(measured - 3 + 1e-9));
        assertThat(measured - c).isLessThan(Math.max(3, measured * 0.03) + 1);
    }
}
