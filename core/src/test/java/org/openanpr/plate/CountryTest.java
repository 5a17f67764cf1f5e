package org.openanpr.plate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CountryTest {

    @ParameterizedTest
    @CsvSource({
        "NL, NL", "nl, NL", " NLD , NL", "nld, NL",
        "BE, BE", "BEL, BE", "B, BE", "b, BE",
        "DE, DE", "DEU, DE", "D, DE",
        "FR, FR", "FRA, FR", "F, FR",
        "GB, GB", "GBR, GB", "UK, GB", "uk, GB",
    })
    void knowsTheFiveCountriesByEveryCommonCode(String code, String expected) {
        Country country = Country.of(code);

        assertThat(country.code()).isEqualTo(expected);
        assertThat(country).isSameAs(Country.of(expected));
    }

    @Test
    void acceptsAnyOtherTwoLetterCode() {
        assertThat(Country.of(" lu ")).isEqualTo(new Country("LU"));
        assertThat(Country.of("PL").code()).isEqualTo("PL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "X", "N", "ESP", "NEDERLAND", "N1", "1L", "Ö"})
    void rejectsWhatIsNoCountryCode(String code) {
        assertThatThrownBy(() -> Country.of(code))
                .isInstanceOf(InvalidPlateException.class)
                .hasMessageContaining("unknown country code")
                .hasMessageContaining('"' + code + '"');
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> Country.of(null))
                .isInstanceOf(InvalidPlateException.class)
                .hasMessageContaining("missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nl", "NLD", "N", "N1", "É1"})
    void constructorAcceptsOnlyTwoUpperCaseLetters(String code) {
        assertThatThrownBy(() -> new Country(code))
                .isInstanceOf(InvalidPlateException.class)
                .hasMessageContaining("two upper-case letters");
    }
}
