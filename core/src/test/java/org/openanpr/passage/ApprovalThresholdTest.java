package org.openanpr.passage;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApprovalThresholdTest {
    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    final ApprovalThreshold t = ApprovalThreshold.DEFAULT;

    static SearchScope scope(String plate, boolean fuzzy, String camera, Duration back, Duration length) {
        Instant from = NOW.minus(back);
        return new SearchScope(plate, fuzzy, camera, from, from.plus(length));
    }

    @Test
    void aPlateOverTheLastWeekNeedsNoApproval() {
        assertThat(t.reasons(scope("12ABC3", false, null, Duration.ofDays(7), Duration.ofDays(7)), NOW)).isEmpty();
        assertThat(t.reasons(scope("12ABC3", true, null, Duration.ofHours(24), Duration.ofHours(24)), NOW)).isEmpty();
        assertThat(t.reasons(scope(null, false, "C1", Duration.ofMinutes(60), Duration.ofMinutes(60)), NOW)).isEmpty();
    }

    @Test
    void olderWiderOrBroaderSearchesNeedApproval() {
        assertThat(t.reasons(scope("12ABC3", false, null, Duration.ofDays(8), Duration.ofDays(1)), NOW))
                .singleElement().asString().contains("reaches back");
        assertThat(t.reasons(scope("12ABC3", false, null, Duration.ofDays(7), Duration.ofDays(8)), NOW))
                .anyMatch(r -> r.contains("spans"));
        assertThat(t.reasons(scope(null, false, null, Duration.ofMinutes(5), Duration.ofMinutes(5)), NOW))
                .containsExactly("every vehicle at every camera");
        assertThat(t.reasons(scope(null, false, "C1", Duration.ofHours(2), Duration.ofHours(2)), NOW))
                .singleElement().asString().contains("every vehicle at a camera");
        assertThat(t.reasons(scope("12ABC3", true, null, Duration.ofHours(25), Duration.ofHours(25)), NOW))
                .singleElement().asString().contains("fuzzy");
    }

    @Test
    void aWildcardSearchOverMoreThanADayNeedsApprovalLikeAFuzzyOne() {
        assertThat(t.reasons(scope("12?BC3", false, null, Duration.ofHours(24), Duration.ofHours(24)), NOW)).isEmpty();
        assertThat(t.reasons(scope("12?BC3", false, null, Duration.ofHours(25), Duration.ofHours(25)), NOW))
                .singleElement().asString().contains("wildcard");
    }

    @Test
    void anApprovalCoversOnlyWhatWasAskedFor() {
        SearchScope approved = new SearchScope("12ABC3", false, null, NOW.minus(Duration.ofDays(20)), NOW);
        assertThat(approved.covers(new SearchScope("12ABC3", false, "C1", NOW.minus(Duration.ofDays(10)), NOW))).isTrue();
        assertThat(approved.covers(new SearchScope("12ABC4", false, null, NOW.minus(Duration.ofDays(10)), NOW))).isFalse();
        assertThat(approved.covers(new SearchScope("12ABC3", true, null, NOW.minus(Duration.ofDays(10)), NOW))).isFalse();
        assertThat(approved.covers(new SearchScope("12ABC3", false, null, NOW.minus(Duration.ofDays(21)), NOW))).isFalse();
        SearchScope atCamera = new SearchScope(null, false, "C1", NOW.minus(Duration.ofDays(2)), NOW);
        assertThat(atCamera.covers(new SearchScope("12ABC3", true, "C1", NOW.minus(Duration.ofDays(1)), NOW))).isTrue();
        assertThat(atCamera.covers(new SearchScope(null, false, "C2", NOW.minus(Duration.ofDays(1)), NOW))).isFalse();
    }

    @Test
    void aLegalBasisNeedsAllThreePartsAndARealCategory() {
        assertThat(LegalBasis.of("pl0900-2026123456", "art67_crime", "Woninginbraak Zeist, kenteken gezien"))
                .isEqualTo(new LegalBasis("PL0900-2026123456", OffenceCategory.ART67_CRIME, "Woninginbraak Zeist, kenteken gezien"));
        assertThat(LegalBasis.of("BR.12.LL.123456/2026", "FUGITIVE", "voortvluchtige verdachte")).isNotNull();
        assertThatThrownBy(() -> LegalBasis.of(null, "ART67_CRIME", "purpose long enough"))
                .isInstanceOf(LegalBasis.MissingLegalBasis.class).hasMessageContaining("needs a legal basis");
        assertThatThrownBy(() -> LegalBasis.of("PL0900-2026123456", "CURIOSITY", "purpose long enough"))
                .hasMessageContaining("no legal basis");
        assertThatThrownBy(() -> LegalBasis.of("abc", "ART67_CRIME", "purpose long enough")).hasMessageContaining("caseNumber");
        assertThatThrownBy(() -> LegalBasis.of("ABCDEFGH", "ART67_CRIME", "purpose long enough")).hasMessageContaining("caseNumber");
        assertThatThrownBy(() -> LegalBasis.of("PL0900-2026123456", "ART67_CRIME", "why")).hasMessageContaining("purpose");
    }

    @Test
    void manyShortSearchesUnderOneCaseAddUpToTheThreshold() {
        java.util.List<SearchScope> earlier = new java.util.ArrayList<>();
        SearchScope hour = scope(null, false, "C1", Duration.ofHours(1), Duration.ofHours(1));
        assertThat(t.reasons(hour, NOW, earlier)).isEmpty();
        earlier.add(hour);
        assertThat(t.reasons(hour, NOW, earlier)).as("the same hour again (a next page) counts once").isEmpty();
        assertThat(t.reasons(scope(null, false, "C1", Duration.ofHours(2), Duration.ofHours(1)), NOW, earlier))
                .singleElement().asString().contains("in all under this case");
        assertThat(t.reasons(scope(null, false, "C2", Duration.ofHours(1), Duration.ofMinutes(30)), NOW, earlier))
                .as("camera-hours add up over cameras").isNotEmpty();
        assertThat(t.reasons(scope("12ABC3", false, "C1", Duration.ofHours(5), Duration.ofHours(5)), NOW, earlier))
                .as("one plate is not every vehicle").isEmpty();

        java.util.List<SearchScope> fuzzy = new java.util.ArrayList<>();
        for (int day = 1; day <= 6; day++) {
            SearchScope d = scope("12ABC3", true, null, Duration.ofDays(day), Duration.ofHours(4));
            assertThat(t.reasons(d, NOW, fuzzy)).as("day " + day).isEmpty();
            fuzzy.add(d);
        }
        assertThat(t.reasons(scope("12ABC3", true, null, Duration.ofDays(7), Duration.ofHours(4)), NOW, fuzzy))
                .singleElement().asString().contains("fuzzy searches over more than 24 hours");
    }

    @Test
    void anAggregateOverEveryVehicleNeedsApprovalOnlyForItsReachAndSpan() {
        ApprovalThreshold t = ApprovalThreshold.DEFAULT;
        SearchScope day = new SearchScope(null, false, null, NOW.minus(Duration.ofDays(1)), NOW);
        assertThat(t.reasons(day, NOW)).contains("every vehicle at every camera");
        assertThat(t.aggregateReasons(day, NOW)).isEmpty();
        SearchScope old = new SearchScope(null, false, null, NOW.minus(Duration.ofDays(20)), NOW.minus(Duration.ofDays(18)));
        assertThat(t.aggregateReasons(old, NOW)).singleElement().asString().startsWith("reaches back more than 7 days");
        SearchScope long_ = new SearchScope(null, false, null, NOW.minus(Duration.ofDays(7)).minusSeconds(1), NOW);
        assertThat(t.aggregateReasons(long_, NOW)).contains("spans more than 7 days");
    }
}
