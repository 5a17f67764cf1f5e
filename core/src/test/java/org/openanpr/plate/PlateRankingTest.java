package org.openanpr.plate;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The plate-format ranking on readings written out by hand: what a text reader could make of plates and signs. */
class PlateRankingTest {

    /** A line read with certainty 0.98 per character; {@code [xy]} is one position with x most likely, y next. */
    static PlateRanking.Line line(String read) {
        List<PlateRanking.Position> positions = new ArrayList<>();
        for (int i = 0; i < read.length(); i++) {
            char c = read.charAt(i);
            if (c == '[') {
                int end = read.indexOf(']', i);
                String alts = read.substring(i + 1, end);
                float[] p = new float[alts.length()];
                p[0] = 0.6f;
                for (int a = 1; a < p.length; a++) p[a] = 0.35f / a;
                positions.add(new PlateRanking.Position(alts.toCharArray(), p));
                i = end;
            } else {
                positions.add(PlateRanking.Position.of(c, 0.98f));
            }
        }
        return new PlateRanking.Line(positions, 0);
    }

    static PlateRanking.Candidate best(String... lines) {
        List<PlateRanking.Candidate> ranked = PlateRanking.rank(List.of(lines).stream().map(PlateRankingTest::line).toList(), 10);
        assertThat(ranked).isNotEmpty();
        return ranked.getFirst();
    }

    @Test
    void aPlateReadRightStaysAsItIs() {
        assertThat(best("52-HKL-9").text()).isEqualTo("52HKL9");
        assertThat(best("52-HKL-9").format()).isEqualTo("NL-sidecode-7");
        assertThat(best("1-KLM-234").format()).isEqualTo("BE-2010");
        assertThat(best("FK-381-RT").format()).isEqualTo("FR-SIV");
        assertThat(best("BD51 SMR").format()).isEqualTo("GB-2001");
        assertThat(best("KA RT 512").text()).isEqualTo("KART512");
    }

    @Test
    void theCountrySignOfTheEuBandIsNotPartOfThePlate() {
        assertThat(best("NL52-HKL-9").text()).isEqualTo("52HKL9");
        assertThat(best("D 52HKL9").text()).isEqualTo("52HKL9");
        assertThat(best("HRRK115AN").text()).isEqualTo("RK115AN");
        assertThat(best("UKBD51SMR").text()).isEqualTo("BD51SMR");
        // a one-letter sign costs more to drop, as many plates start with such a letter: kept when the rest fits
        assertThat(best("F FK381RT").text()).isEqualTo("FK381RT");
        assertThat(best("NO626AT").text()).isEqualTo("NO626AT");
    }

    @Test
    void confusionsAreMappedTowardsAValidLayout() {
        // O read for 0 and 0 for O, I for 1, 8 for B, 5 for S, 2 for Z: each where the layout wants the other kind
        assertThat(best("5Z-HKL-9").text()).isEqualTo("52HKL9");
        assertThat(best("BD5I SMR").text()).isEqualTo("BD51SMR");
        assertThat(best("RK896A0").text()).isEqualTo("RK896AO");
        assertThat(best("FK-381-R7").text()).isEqualTo("FK381RT");
        assertThat(best("1-KLM-23S").text()).isEqualTo("1KLM235");
        // the reader's own second choice is used when it has one
        assertThat(best("52-H[1K]L-9").text()).isEqualTo("52HKL9");
    }

    @Test
    void anEmblemReadAsACharacterInsideIsLeftOut() {
        // the Croatian arms between the town letters and the number, read as a Q without much certainty; the same
        // text without the emblem fits, with it nothing does. (Where both fit, as a German seal read as O in KA0RT512 would, text alone cannot
        // tell: there the reader's own character probabilities decide.)
        assertThat(best("RK[QG]115AN").text()).isEqualTo("RK115AN");
        assertThat(best("52H[QG]KL9").text()).isEqualTo("52HKL9");
    }

    @Test
    void signTextLosesAgainstAPlate() {
        assertThat(best("EXIT79B", "52-HKL-9").text()).isEqualTo("52HKL9");
        assertThat(best("PARKING", "1-KLM-234").text()).isEqualTo("1KLM234");
        // alone, sign text is a candidate, but not a confident one
        assertThat(best("EXIT 79B").confidence()).as(best("EXIT 79B").toString()).isLessThan(0.2);
    }

    @Test
    void aPlateOfAnUnknownLayoutStaysACandidateAsRead() {
        PlateRanking.Candidate c = best("WOBVWMK4");
        assertThat(c.text()).isEqualTo("WOBVWMK4");
        assertThat(c.format()).isEqualTo(PlateReading.GENERIC_FORMAT);
        assertThat(c.confidence()).isLessThan(best("52HKL9").confidence());
    }

    @Test
    void otherEuropeanLayoutsAreKnownByTheirLetterDigitPattern() {
        // RK115AN would be French (AB-123-CD); with an O, which French plates never have, it is the shared layout
        assertThat(best("RK115AN").format()).isEqualTo("FR-SIV");
        assertThat(best("BB135BO").format()).isEqualTo("XX999XX");
        assertThat(best("1B80338").country()).isEqualTo(new Country("CZ"));
        assertThat(best("WA56660").format()).isEqualTo("XX99999");
        assertThat(PlateRanking.layouts(7)).contains("XX999XX", "9X99999", "XX99XXX", "9XXX999");
    }

    @Test
    void candidatesAreRankedOnePerTextWithConfidenceBetweenZeroAndOne() {
        List<PlateRanking.Candidate> ranked = PlateRanking.rank(List.of(line("52-HKL-9"), line("52HKL9")), 5);
        assertThat(ranked).extracting(PlateRanking.Candidate::text).doesNotHaveDuplicates();
        assertThat(ranked).hasSizeLessThanOrEqualTo(5);
        for (int i = 1; i < ranked.size(); i++) assertThat(ranked.get(i).score()).isLessThanOrEqualTo(ranked.get(i - 1).score());
        assertThat(ranked).allSatisfy(c -> assertThat(c.confidence()).isBetween(0.0, 1.0));
        assertThat(PlateRanking.rank(List.of(line("--"), line("AB")), 5)).isEmpty();
    }

    @Test
    void theBandsCountrySignDecidesTheCountry() {
        // RK115AN alone fits the French layout; read after the Croatian band it is Croatian
        assertThat(best("RK115AN").country()).isEqualTo(Country.FR);
        PlateRanking.Candidate withBand = best("HRRK115AN");
        assertThat(withBand.text()).isEqualTo("RK115AN");
        assertThat(withBand.country()).isEqualTo(new Country("HR"));
        assertThat(withBand.format()).isEqualTo("HR");
        // also when the same text was read better in a box of its own, without the band
        PlateRanking.Candidate both = best("RK115AN", "HR RK115AN");
        assertThat(both.country()).isEqualTo(new Country("HR"));
        assertThat(best("D KA RT 512".replace(" ", "")).country()).isEqualTo(Country.DE);
        assertThat(best("UK BD51SMR").country()).isEqualTo(Country.GB);
        assertThat(best("NL 52HKL9").format()).isEqualTo("NL-sidecode-7");
    }
}
