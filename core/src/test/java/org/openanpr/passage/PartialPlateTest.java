package org.openanpr.passage;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartialPlateTest {
    @Test
    void separatorsGoLettersAreUpperCasedAndRunsOfAnyBecomeOne() {
        assertThat(PartialPlate.normalise("xg-*-7")).isEqualTo("XG*7");
        assertThat(PartialPlate.normalise("12-?b?-3")).isEqualTo("12?B?3");
        assertThat(PartialPlate.normalise("**ab.**1")).isEqualTo("*AB*1");
        assertThat(PartialPlate.isPartial("XG*7")).isTrue();
        assertThat(PartialPlate.isPartial("12?B?3")).isFalse();
    }

    @Test
    void tooFewKnownCharactersTooLongOrAnotherCharacterAreRefusedWithTheReason() {
        assertThatThrownBy(() -> PartialPlate.normalise("XG*")).hasMessageContaining("at least 3 known");
        assertThatThrownBy(() -> PartialPlate.normalise("*7")).hasMessageContaining("at least 3 known");
        assertThatThrownBy(() -> PartialPlate.normalise("X%G*7")).hasMessageContaining("'%'");
        assertThatThrownBy(() -> PartialPlate.normalise("XG*7\u0000")).hasMessageContaining("\\u0");
        assertThatThrownBy(() -> PartialPlate.normalise("A".repeat(21) + "*")).hasMessageContaining("at most 20");
        assertThatThrownBy(() -> PartialPlate.normalise(" ")).hasMessageContaining("required");
    }

    @Test
    void aPartialPlateIsAWildcardSearchForTheApprovalThreshold() {
        Instant now = Instant.parse("2026-10-26T12:00:00Z");
        SearchScope week = new SearchScope("XG*7", false, null, now.minusSeconds(6 * 86_400), now);
        assertThat(week.wildcard()).isTrue();
        assertThat(ApprovalThreshold.DEFAULT.reasons(week, now)).anyMatch(r -> r.startsWith("wildcard search"));
        assertThat(ApprovalThreshold.DEFAULT.reasons(new SearchScope("XG*7", false, null, now.minusSeconds(86_400), now), now)).isEmpty();
    }
}
