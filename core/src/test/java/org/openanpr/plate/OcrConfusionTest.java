package org.openanpr.plate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OcrConfusionTest {

    @ParameterizedTest
    @CsvSource({
        "0, 0", "O, 0", "D, 0", "Q, 0",
        "1, 1", "I, 1", "L, 1",
        "2, 2", "Z, 2",
        "5, 5", "S, 5",
        "8, 8", "B, 8",
        "6, 6", "G, 6",
        "A, A", "C, C", "E, E", "U, U", "V, V", "7, 7", "3, 3", "-, -", "é, é",
    })
    void mapsEachCharacterToItsClass(char c, char expected) {
        assertThat(OcrConfusion.classOf(c)).isEqualTo(expected);
    }

    @Test
    void keyReplacesEveryCharacterByItsClass() {
        assertThat(OcrConfusion.key("GV1234")).isEqualTo("6V1234");
        assertThat(OcrConfusion.key("12BDF3")).isEqualTo("1280F3");
        assertThat(OcrConfusion.key("NSB123")).isEqualTo(OcrConfusion.key("N58I23"));
        assertThat(OcrConfusion.key("37HXK8")).isEqualTo("37HXK8");
    }

    @ParameterizedTest
    @CsvSource({
        "NSB123, N58I23, 0",
        "69LHBT, 69LH8T, 0",
        "69LHBT, 69LHAT, 1",
        "69LHBT, 69HBT, 1",
        "69LHBT, 69LHBTX, 1",
        "69LHBT, 96LHBT, 2",
        "69LHBT, X69LHB, 2",
        "ABC, XYZ, 3",
        "GKR71X, GKR71, 1",
        "A, '', 1",
        "'', '', 0",
    })
    void distanceIgnoresConfusionsAndCountsOtherEdits(String a, String b, int expected) {
        assertThat(OcrConfusion.distance(a, b)).isEqualTo(expected);
        assertThat(OcrConfusion.distance(b, a)).isEqualTo(expected);
        assertThat(OcrConfusion.similar(a, b)).isEqualTo(expected <= 1);
    }

    @Test
    void distanceWorksBeyondSixtyFourCharacters() {
        String zeros = "0".repeat(70);

        assertThat(OcrConfusion.distance(zeros, "O".repeat(70))).isZero();
        assertThat(OcrConfusion.distance(zeros, "0".repeat(69) + "X")).isEqualTo(1);
        assertThat(OcrConfusion.distance(zeros, "0".repeat(65))).isEqualTo(5);
        assertThat(OcrConfusion.distance("A".repeat(66), "B".repeat(66))).isEqualTo(66);
    }

    @Test
    void keyNeighboursAreTheKeyAndEachDistinctDeletion() {
        assertThat(OcrConfusion.keyNeighbours("12ABC3"))
                .containsExactly("12A8C3", "2A8C3", "1A8C3", "128C3", "12AC3", "12A83", "12A8C");
        assertThat(OcrConfusion.keyNeighbours("AAB")).containsExactly("AA8", "A8", "AA");
        assertThat(OcrConfusion.keyNeighbours("OD")).containsExactly("00", "0");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
            "KLO81P, KL081P, true",   // O for 0
            "52TKN9, 52TKN9, true",
            "2TKN9, 52TKN9, true",    // first character missed
            "52TKN99, 52TKN9, true",  // one character read twice
            "52TKN8, 52TKN9, false",  // a plainly different character is another car
            "5ZTKN9, 52TKN9, true",   // Z for 2
            "52TK9, 52TKN99, false"   // two edits
    })
    void aMisreadIsConfusionsOrOneMissingOrExtraCharacter(String read, String plate, boolean expected) {
        org.assertj.core.api.Assertions.assertThat(OcrConfusion.misread(read, plate)).isEqualTo(expected);
    }
}
