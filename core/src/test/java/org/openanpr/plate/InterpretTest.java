package org.openanpr.plate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InterpretTest {

    @ParameterizedTest(name = "{0} is sidecode {1}")
    @CsvSource({
        "GV-12-34, 1", "CD-09-99, 1", "AE-12-34, 1",
        "12-34-ZZ, 2",
        "00-CD-01, 3", "13-YB-47, 3",
        "DB-01-BB, 4", "OB-12-BB, 4",
        "HP-JL-26, 5", "GS-SH-12, 5",
        "69-LH-BT, 6",
        "37-GTR-8, 7", "12-PVV-3, 7",
        "1-KBN-45, 8",
        "PH-412-J, 9",
        "N-001-SB, 10",
        "GKR-71-X, 11",
        "G-12-HJK, 12",
        "3-KL-456, 13",
        "123-HZ-4, 14",
    })
    void recognisesEveryDutchSidecode(String plate, int sidecode) {
        PlateReading inferred = Plates.interpret(plate.replace("-", ""), null);
        PlateReading given = Plates.interpret(plate.toLowerCase().replace('-', ' '), Country.NL);

        assertThat(inferred).isEqualTo(new PlateReading(plate.replace("-", ""), Country.NL, plate,
                "NL-sidecode-" + sidecode));
        assertThat(given).isEqualTo(inferred);
    }

    @ParameterizedTest(name = "{0} is no Dutch plate")
    @CsvSource({
        "12-ABC-3", // vowels and C in sidecode 7
        "12-BCD-3", // C
        "ZQ-12-BB", // Q
        "BO-12-BB", // O only as the first letter (trailers)
        "12-OBB-3", // idem
        "SS-12-BB", // SS
        "BB-SD-12", // SD
        "99-NSB-1", // a combination RDW does not issue
        "1-PSV-12", // idem
        "PVV-12-B", // a party name, in sidecode 11
        "B-12-SGP", // idem, in sidecode 12
        "12-BB-BB-1", // no sidecode has seven characters
    })
    void rejectsWhatRdwDoesNotIssue(String plate) {
        PlateReading reading = Plates.interpret(plate, Country.NL);

        assertThat(reading.format()).isEqualTo(PlateReading.GENERIC_FORMAT);
        assertThat(reading.display()).isEqualTo(reading.text());
        assertThat(reading.country()).isEqualTo(Country.NL);
    }

    @Test
    void recognisesOldDiplomaticPlates() {
        assertThat(Plates.interpret("CD 123", null))
                .isEqualTo(new PlateReading("CD123", Country.NL, "CD-123", "NL-diplomatic"));
    }

    @ParameterizedTest(name = "{0} is {3} {2}")
    @CsvSource(delimiter = '|', value = {
        "1ABC123  | 1-ABC-123  | BE | BE-2010",
        "2-xyz-987| 2-XYZ-987  | BE | BE-2010",
        "ABC123   | ABC-123    | BE | BE-1973",
        "123ABC   | 123-ABC    | BE | BE-2008",
        "AB123CD  | AB-123-CD  | FR | FR-SIV",
        "GH 042 WW| GH-042-WW  | FR | FR-SIV",
        "1234AB56 | 1234 AB 56 | FR | FR-FNI",
        "123ABC2A | 123 ABC 2A | FR | FR-FNI",
        "75AB971  | 75 AB 971  | FR | FR-FNI",
        "BD51SMR  | BD51 SMR   | GB | GB-2001",
        "A123BCD  | A123 BCD   | GB | GB-prefix",
        "A12BCD   | A12 BCD    | GB | GB-prefix",
        "ABC123D  | ABC 123D   | GB | GB-suffix",
        "BAB1234  | B AB 1234  | DE | DE",
        "HHAB123  | HH AB 123  | DE | DE",
        "MAB1234H | M AB 1234H | DE | DE",
        "BA1      | B A 1      | DE | DE",
        "ABCDE12  | ABC DE 12  | DE | DE",
    })
    void infersOtherCountries(String raw, String display, String country, String format) {
        PlateReading inferred = Plates.interpret(raw, null);

        assertThat(inferred.display()).isEqualTo(display);
        assertThat(inferred.country()).isEqualTo(Country.of(country));
        assertThat(inferred.format()).isEqualTo(format);
        assertThat(Plates.interpret(raw, Country.of(country))).isEqualTo(inferred);
    }

    @ParameterizedTest(name = "{0} is {1} when inferred, {3} in {2}")
    @CsvSource(delimiter = '|', value = {
        "AB1234  | NL-sidecode-1 | DE | A B 1234",
        "12AB34  | NL-sidecode-3 | FR | 12 AB 34",
        "CD123   | NL-diplomatic | DE | C D 123",
        "OSB123  | BE-1973       | DE | OS B 123",
        "MXY123E | GB-suffix     | DE | M XY 123E",
    })
    void infersInTheOrderNlBeFrGbDeButFollowsAGivenCountry(String raw, String inferred, String country,
            String display) {
        assertThat(Plates.interpret(raw, null).format()).isEqualTo(inferred);
        assertThat(Plates.interpret(raw, Country.of(country)).display()).isEqualTo(display);
    }

    @ParameterizedTest(name = "{0} is no plate of {1}")
    @CsvSource({
        "1-ABC-123, NL", // Belgian
        "AI-123-CD, FR", // no I in SIV
        "AB-000-CD, FR", // no number 000
        "0123 AB 56, FR", // FNI number with leading zero
        "1234 AB 96, FR", // no département 96
        "BI51 SMR, GB", // no I
        "I123 BCD, GB", // no year letter I
        "A012 BCD, GB", // serial with leading zero
        "B AB 0123, DE", // number with leading zero
        "HH AB 1234E, DE", // nine characters
        "ABCDEF 12, DE", // six letters
        "B AB 12345, DE", // five digits
        "12-BDF-3, BE",
    })
    void fallsBackToGenericInTheGivenCountry(String raw, String country) {
        PlateReading reading = Plates.interpret(raw, Country.of(country));

        assertThat(reading.format()).isEqualTo("generic");
        assertThat(reading.display()).isEqualTo(Plates.normalise(raw));
        assertThat(reading.country()).isEqualTo(Country.of(country));
    }

    @Test
    void leavesTheCountryUnknownWhenNoFormatFits() {
        assertThat(Plates.interpret("12-abc-3", null))
                .isEqualTo(new PlateReading("12ABC3", null, "12ABC3", "generic"));
        assertThat(Plates.interpret("AB0CD", null).country()).isNull();
    }

    @Test
    void keepsAGivenCountryWhoseFormatsItDoesNotKnow() {
        assertThat(Plates.interpret("ab 1234", Country.of("LU")))
                .isEqualTo(new PlateReading("AB1234", new Country("LU"), "AB1234", "generic"));
    }

    @Test
    void rejectsWhatNormaliseRejects() {
        assertThatThrownBy(() -> Plates.interpret("  ", Country.NL)).isInstanceOf(InvalidPlateException.class);
    }
}
