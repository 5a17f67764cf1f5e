package org.openanpr.plate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.Tuple.Tuple3;

/** Plates generated from the RDW sidecode table, written out here again so that the test does not trust the code. */
class SidecodePropertyTest {

    private static final List<String> SIDECODES = List.of(
            "XX-99-99", "99-99-XX", "99-XX-99", "XX-99-XX", "XX-XX-99", "99-XX-XX", "99-XXX-9",
            "9-XXX-99", "XX-999-X", "X-999-XX", "XXX-99-X", "X-99-XXX", "9-XX-999", "999-XX-9");
    private static final String OLD_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String MODERN_LETTERS = "BDFGHJKLMNPRSTVWXYZ";
    private static final List<String> NOT_ISSUED = List.of("GVD", "KKK", "NSB", "PKK", "PSV", "TBS");
    private static final List<String> PARTIES = List.of("PVV", "SGP", "VVD");

    @Property(tries = 3000)
    void everyIssuablePlateRoundTripsThroughItsDisplay(@ForAll("issuablePlates") Tuple2<Integer, String> plate) {
        int sidecode = plate.get1();
        String display = plate.get2();
        String text = display.replace("-", "");

        PlateReading inferred = Plates.interpret(display, null);

        assertThat(inferred).isEqualTo(new PlateReading(text, Country.NL, display, "NL-sidecode-" + sidecode));
        assertThat(Plates.interpret(inferred.text(), Country.NL)).isEqualTo(inferred);
        assertThat(Plates.interpret(inferred.display(), null)).isEqualTo(inferred);
    }

    @Property(tries = 2000)
    void aVowelCOrQMakesAModernSidecodeInvalid(@ForAll("modernPlatesWithABadLetter") Tuple3<Integer, String, Integer>
            plate) {
        String display = plate.get2();
        int at = plate.get3();

        assertThat(Plates.interpret(display, Country.NL).format())
                .as("%s (bad letter at %d)", display, at)
                .isEqualTo(PlateReading.GENERIC_FORMAT);
    }

    @Provide
    Arbitrary<Tuple2<Integer, String>> issuablePlates() {
        return Arbitraries.integers().between(1, SIDECODES.size())
                .flatMap(sidecode -> plate(sidecode).map(display -> Tuple.of(sidecode, display)));
    }

    /** A modern plate with one letter replaced by a vowel, C or Q (and O only where it is not the first character). */
    @Provide
    Arbitrary<Tuple3<Integer, String, Integer>> modernPlatesWithABadLetter() {
        return Arbitraries.integers().between(4, SIDECODES.size()).flatMap(sidecode -> plate(sidecode)
                .flatMap(display -> {
                    List<Integer> letterPositions = IntStream.range(0, display.length())
                            .filter(i -> Character.isLetter(display.charAt(i))).boxed().toList();
                    Arbitrary<Character> badLetter = Arbitraries.of('A', 'E', 'I', 'O', 'U', 'C', 'Q');
                    return Combinators.combine(Arbitraries.of(letterPositions), badLetter)
                            .filter((at, bad) -> !(bad == 'O' && at == 0))
                            .as((at, bad) -> Tuple.of(sidecode,
                                    display.substring(0, at) + bad + display.substring(at + 1), at));
                }));
    }

    private static Arbitrary<String> plate(int sidecode) {
        String template = SIDECODES.get(sidecode - 1);
        String letters = sidecode < 4 ? OLD_LETTERS : MODERN_LETTERS;
        Arbitrary<Character> letter = Arbitraries.of(letters.chars().mapToObj(c -> (char) c).toList());
        Arbitrary<Character> digit = Arbitraries.chars().range('0', '9');
        Arbitrary<String> plate = Arbitraries.just("");
        for (char slot : template.toCharArray()) {
            Arbitrary<Character> next = slot == 'X' ? letter : slot == '9' ? digit : Arbitraries.just(slot);
            plate = Combinators.combine(plate, next).as((prefix, c) -> prefix + c);
        }
        return sidecode < 4 ? plate : plate.filter(display -> issued(display, sidecode));
    }

    private static boolean issued(String display, int sidecode) {
        for (String group : display.split("-")) {
            if (!Character.isLetter(group.charAt(0))) {
                continue;
            }
            if (group.contains("SS") || group.contains("SD") || NOT_ISSUED.contains(group)
                    || sidecode >= 11 && PARTIES.contains(group)) {
                return false;
            }
        }
        return true;
    }
}
