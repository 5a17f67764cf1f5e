package org.openanpr.plate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DisplayTest {

    @ParameterizedTest(name = "{0} ({1}) is shown as {2}")
    @CsvSource(nullValues = "-", value = {
        "12BDF3, NL, 12-BDF-3",
        "1KBN45, -, 1-KBN-45",
        "GZ123K, NL, GZ-123-K",
        // not issued (vowels) yet shaped like sidecode 7 and 8: the dashes still follow the pattern
        "12ABC3, NL, 12-ABC-3",
        "1ABC123, -, 1-ABC-123",
        "1ABC123, '', 1-ABC-123",
        "AB12CDE, GB, AB12 CDE",
        "AB123CD, FR, AB-123-CD",
    })
    void writesThePlateAsOnThePlate(String text, String country, String shown) {
        assertThat(Plates.display(text, country)).isEqualTo(shown);
    }

    @Test
    void leavesWhatItCannotFormatAsItIs() {
        assertThat(Plates.display("12?BC3", "NL")).as("a wildcard entry").isEqualTo("12?BC3");
        assertThat(Plates.display("XYZ9999", "PL")).as("a country whose formats are unknown").isEqualTo("XYZ9999");
        assertThat(Plates.display("12BDF3", "not a code")).isEqualTo("12BDF3");
        assertThat(Plates.display(null, "NL")).isNull();
    }
}
