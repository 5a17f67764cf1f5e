package org.openanpr.recognition;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The model files are the ones measured: their SHA-256 pinned here, and the character list the recogniser uses. */
class ModelFilesTest {

    @Test
    void theModelFilesHaveThePinnedSha256() {
        assertThat(Models.sha256(Models.read(Models.DETECTOR)))
                .isEqualTo("d2a7720d45a54257208b1e13e36a8479894cb74155a5efe29462512d42f49da9");
        assertThat(Models.sha256(Models.read(Models.RECOGNISER)))
                .isEqualTo("01963c554a1a00203c5746bca5306fc05a1278a014495383ddd935d0d2ac0415");
        assertThat(Models.sha256(Models.read(Models.DICTIONARY)))
                .isEqualTo("28b2362ad4ab2dc38769aa72feb535e3a9ddb3fd2a7585a05920e6393b1dc7f7");
    }

    @Test
    void aFileWithAnotherHashIsRefused() {
        assertThatThrownBy(() -> Models.load(Models.DICTIONARY, "0".repeat(64)))
                .hasMessageContaining("expected " + "0".repeat(64));
    }

    @Test
    void theCharacterListMatchesTheRecognisersOutput() {
        List<String> classes = Models.characters();
        // blank + 6623 dictionary entries + space: the recogniser's 6625 outputs
        assertThat(classes).hasSize(6625);
        assertThat(classes.getFirst()).isEmpty();
        assertThat(classes.getLast()).isEqualTo(" ");
        for (char c = 'A'; c <= 'Z'; c++) assertThat(classes).contains(String.valueOf(c));
        for (char c = '0'; c <= '9'; c++) assertThat(classes).contains(String.valueOf(c));
    }
}
