package org.openanpr.hotlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.openanpr.plate.Country;
import org.openanpr.plate.InvalidPlateException;

class ListEntryTest {

    private static final Instant T = Instant.parse("2026-03-01T12:00:00Z");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "12-bdf-3   | 12BDF3",
        "12-?BC-3   | 12?BC3",
        "?2-bc-3?   | ?2BC3?",
        "' 1-a?c-1?3' | 1A?C1?3",
        "???1234    | ???1234",
    })
    void patternNormalisesAndKeepsWildcardsInPlace(String raw, String expected) {
        assertThat(ListEntry.pattern(raw)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"????", "?-?-?", "AB?", "A??B", "?"})
    void patternRejectsWildcardsWithFewerThanThreeKnownCharacters(String raw) {
        assertThatThrownBy(() -> ListEntry.pattern(raw))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 3 known");
    }

    @ParameterizedTest
    @ValueSource(strings = {"12-€BC-3", "ABCDEFGH?12", "", "LLLL"})
    void patternRejectsWhatNormalisingRejects(String raw) {
        assertThatThrownBy(() -> ListEntry.pattern(raw)).isInstanceOf(InvalidPlateException.class);
    }

    @Test
    void aRecordWithRawTextIsRefused() {
        assertThatThrownBy(() -> new ListEntry(1, 1, "12-BDF-3", null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("normalised");
    }

    @Test
    void anEmptyValidityIsRefused() {
        assertThatThrownBy(() -> new ListEntry(1, 1, "12BDF3", null, T, T))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void validityIncludesItsStartAndExcludesItsEnd() {
        ListEntry e = new ListEntry(1, 1, "12BDF3", null, T, T.plusSeconds(60));

        assertThat(e.validAt(T.minusNanos(1))).isFalse();
        assertThat(e.validAt(T)).isTrue();
        assertThat(e.validAt(T.plusSeconds(59))).isTrue();
        assertThat(e.validAt(T.plusSeconds(60))).isFalse();
    }

    @Test
    void openValidityCoversAllTime() {
        ListEntry e = new ListEntry(1, 1, "12BDF3", null, null, null);

        assertThat(e.validAt(Instant.EPOCH)).isTrue();
        assertThat(e.validAt(Instant.parse("2999-01-01T00:00:00Z"))).isTrue();
    }

    @Test
    void anEntryWithACountryFitsThatCountryAndUnknownOnly() {
        ListEntry dutch = ListEntry.of(1, 1, "12-bdf-3", Country.NL, null, null);
        ListEntry any = ListEntry.of(2, 1, "12-bdf-3", null, null, null);

        assertThat(dutch.fitsCountry(Country.NL)).isTrue();
        assertThat(dutch.fitsCountry(null)).isTrue();
        assertThat(dutch.fitsCountry(Country.BE)).isFalse();
        assertThat(any.fitsCountry(Country.BE)).isTrue();
    }
}
