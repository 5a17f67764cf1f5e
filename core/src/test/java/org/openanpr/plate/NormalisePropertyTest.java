package org.openanpr.plate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.constraints.IntRange;

class NormalisePropertyTest {

    private static final List<String> SEPARATORS = List.of(
            " ", "-", ".", "_", "\u00B7", "\t", "\u00A0", "\u202F", "\u2010", "\u2011", "\u2013", "\u2014", "\u2212");

    @Property
    void removesSeparatorsAnywhereAndUpperCases(@ForAll("writtenPlates") Tuple2<String, String> plate) {
        assertThat(Plates.normalise(plate.get2())).isEqualTo(plate.get1());
    }

    @Property
    void isIdempotent(@ForAll("writtenPlates") Tuple2<String, String> plate) {
        String once = Plates.normalise(plate.get2());

        assertThat(Plates.normalise(once)).isEqualTo(once);
    }

    @Property
    void givesTwoToTenLettersAndDigitsOrRejects(@ForAll("anyText") String raw) {
        String text;
        try {
            text = Plates.normalise(raw);
        } catch (InvalidPlateException rejected) {
            return;
        }
        assertThat(text).matches("[A-Z0-9]{2,10}");
        assertThat(Plates.normalise(text)).isEqualTo(text);
    }

    @Property
    void namesAnIllegalCharacterWherever(@ForAll("plateTexts") String text, @ForAll @IntRange(max = 10) int at,
            @ForAll("illegalCharacters") char illegal) {
        int index = Math.min(at, text.length());
        String raw = text.substring(0, index) + illegal + text.substring(index);

        assertThatThrownBy(() -> Plates.normalise(raw))
                .isInstanceOf(InvalidPlateException.class)
                .hasMessageContaining(String.format("(U+%04X) at index %d", (int) illegal, index));
    }

    @Provide
    Arbitrary<String> plateTexts() {
        return Arbitraries.strings().withCharRange('A', 'Z').numeric().ofMinLength(2).ofMaxLength(10)
                .filter(text -> !text.chars().allMatch(c -> c == text.charAt(0) && Character.isLetter(c)));
    }

    /** A normalised plate text and the same text written with random case and separators around every character. */
    @Provide
    Arbitrary<Tuple2<String, String>> writtenPlates() {
        Arbitrary<String> gap = Arbitraries.of(SEPARATORS).list().ofMaxSize(3).map(parts -> String.join("", parts));
        return plateTexts().flatMap(text -> Combinators
                .combine(gap.list().ofSize(text.length() + 1), Arbitraries.of(true, false).list().ofSize(text.length()))
                .as((gaps, lower) -> {
                    StringBuilder raw = new StringBuilder(gaps.get(0));
                    for (int i = 0; i < text.length(); i++) {
                        char c = text.charAt(i);
                        raw.append(lower.get(i) ? Character.toLowerCase(c) : c).append(gaps.get(i + 1));
                    }
                    return Tuple.of(text, raw.toString());
                }));
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.strings().withCharRange('A', 'Z').withCharRange('a', 'z').numeric()
                .withChars(" -._\u00B7/\u00E9\u00C4").ofMaxLength(14);
    }

    @Provide
    Arbitrary<Character> illegalCharacters() {
        return Arbitraries.of('/', '!', '?', '+', '*', '#', '\u00E9', '\u00C4', '\u00DF', '\u20AC', '\u0410', '\u0000');
    }
}
