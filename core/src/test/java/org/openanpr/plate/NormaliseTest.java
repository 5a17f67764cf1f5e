package org.openanpr.plate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NormaliseTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "12-bdf-3         | 12BDF3",
        "' gv·12.34 '     | GV1234",
        "AB_12\u00A0CD    | AB12CD",
        "AB\u201312\u2014CD | AB12CD",
        "A\tB 1           | AB1",
        "1-ABC-123        | 1ABC123",
        "ab12 cde         | AB12CDE",
        "M-XY 123e        | MXY123E",
        "1234 AB 56       | 1234AB56",
        "ABCDEFGH12       | ABCDEFGH12",
        "1111             | 1111",
        "AAAA1            | AAAA1",
        "ab               | AB",
    })
    void upperCasesAndStripsSeparators(String raw, String expected) {
        assertThat(Plates.normalise(raw)).isEqualTo(expected);
    }

    @Test
    void returnsNormalisedTextAsItIs() {
        String text = "69LHBT";

        assertThat(Plates.normalise(text)).isSameAs(text);
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> Plates.normalise(null))
                .isInstanceOf(InvalidPlateException.class)
                .hasMessageContaining("missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t \u00A0"})
    void rejectsBlank(String raw) {
        assertThatThrownBy(() -> Plates.normalise(raw))
                .isInstanceOf(InvalidPlateException.class)
                .hasMessage("plate text is blank");
    }

    @Test
    void rejectsSeparatorsOnly() {
        assertThatThrownBy(() -> Plates.normalise("- . -"))
                .isInstanceOf(InvalidPlateException.class)
                .hasMessage("plate text has no letters or digits");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "AB€12   | '€' (U+20AC) at index 2",
        "ÄB-12   | 'Ä' (U+00C4) at index 0",
        "AB/12   | '/' (U+002F) at index 2",
        "12-АВ-3 | 'А' (U+0410) at index 3",
        "GV1234! | '!' (U+0021) at index 6",
    })
    void namesTheIllegalCharacter(String raw, String expected) {
        assertThatThrownBy(() -> Plates.normalise(raw))
                .isInstanceOf(InvalidPlateException.class)
                .hasMessageContaining(expected)
                .hasMessageNotContaining(raw);
    }

    @Test
    void namesAControlCharacterByItsCodeOnly() {
        assertThatThrownBy(() -> Plates.normalise("AB\u000012"))
                .isInstanceOf(InvalidPlateException.class)
                .hasMessageContaining("character (U+0000) at index 2");
    }

    @Test
    void namesACharacterOutsideTheBasicPlaneWhole() {
        assertThatThrownBy(() -> Plates.normalise("AB\uD83D\uDE9712"))
                .isInstanceOf(InvalidPlateException.class)
                .hasMessageContaining("'\uD83D\uDE97' (U+1F697) at index 2");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"A | 1", "- 7 - | 1", "ABCDEFGH123 | 11", "12-34-56-78-90-12 | 12"})
    void rejectsTooShortAndTooLong(String raw, int length) {
        assertThatThrownBy(() -> Plates.normalise(raw))
                .isInstanceOf(InvalidPlateException.class)
                .hasMessage("plate text has " + length + " letters and digits; a plate has 2 to 10");
    }

    @ParameterizedTest
    @ValueSource(strings = {"IIIIII", "lll", "O-O-O-O", "AA", "BBBBBBBBBB"})
    void rejectsOneRepeatedLetter(String raw) {
        assertThatThrownBy(() -> Plates.normalise(raw))
                .isInstanceOf(InvalidPlateException.class)
                .hasMessageContaining("repeated, with no digit");
    }

    @Test
    void saysWhyARepeatedLetterIsRejected() {
        assertThatThrownBy(() -> Plates.normalise("i-i-i-i"))
                .isInstanceOf(InvalidPlateException.class)
                .hasMessageContaining("one letter 'I' repeated, with no digit");
    }
}
