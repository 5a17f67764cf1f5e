package org.openanpr.plate;

import static org.assertj.core.api.Assertions.assertThat;

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

class OcrConfusionPropertyTest {

    /** The confusion classes of the brief, written out again so that the test does not trust the code. */
    private static final List<String> CLASSES = List.of("0ODQ", "1IL", "2Z", "5S", "8B", "6G");
    /** Rich in confusable characters so that generated texts often collide. */
    private static final String ALPHABET = "0ODQ1IL2Z5S8B6GAHKNX3479";

    @Property
    void keyIsTheSameAfterConfusingAnyCharacters(@ForAll("confusedPairs") Tuple2<String, String> pair) {
        assertThat(OcrConfusion.key(pair.get2())).isEqualTo(OcrConfusion.key(pair.get1()));
        assertThat(OcrConfusion.distance(pair.get1(), pair.get2())).isZero();
    }

    @Property
    void keyChangesWhenACharacterIsReplacedByOneOfAnotherClass(@ForAll("texts") String text,
            @ForAll @IntRange(max = 9) int at, @ForAll("alphabet") char replacement) {
        int index = at % text.length();
        String changed = text.substring(0, index) + replacement + text.substring(index + 1);

        if (classOf(replacement).indexOf(text.charAt(index)) < 0) {
            assertThat(OcrConfusion.key(changed)).isNotEqualTo(OcrConfusion.key(text));
            assertThat(OcrConfusion.distance(text, changed)).isEqualTo(1);
        } else {
            assertThat(OcrConfusion.key(changed)).isEqualTo(OcrConfusion.key(text));
        }
    }

    @Property
    void distanceToItselfIsZero(@ForAll("texts") String a) {
        assertThat(OcrConfusion.distance(a, a)).isZero();
        assertThat(OcrConfusion.similar(a, a)).isTrue();
    }

    @Property
    void distanceIsSymmetric(@ForAll("relatedPairs") Tuple2<String, String> pair) {
        assertThat(OcrConfusion.distance(pair.get1(), pair.get2()))
                .isEqualTo(OcrConfusion.distance(pair.get2(), pair.get1()));
    }

    @Property
    void distanceIsLevenshteinWithFreeConfusions(@ForAll("relatedPairs") Tuple2<String, String> pair) {
        String a = pair.get1();
        String b = pair.get2();

        int distance = OcrConfusion.distance(a, b);

        assertThat(distance).isLessThanOrEqualTo(levenshtein(a, b, false));
        assertThat(distance).isEqualTo(levenshtein(a, b, true));
    }

    @Property
    void distanceObeysTheTriangleInequality(@ForAll("relatedTriples") List<String> abc) {
        String a = abc.get(0);
        String b = abc.get(1);
        String c = abc.get(2);

        assertThat(OcrConfusion.distance(a, c))
                .isLessThanOrEqualTo(OcrConfusion.distance(a, b) + OcrConfusion.distance(b, c));
    }

    @Property
    void similarMeansDistanceAtMostOne(@ForAll("relatedPairs") Tuple2<String, String> pair) {
        boolean expected = OcrConfusion.distance(pair.get1(), pair.get2()) <= 1;

        assertThat(OcrConfusion.similar(pair.get1(), pair.get2())).isEqualTo(expected);
        assertThat(OcrConfusion.similar(pair.get2(), pair.get1())).isEqualTo(expected);
    }

    @Property
    void aPlateIsSimilarToItselfWithOneCharacterMissing(@ForAll("texts") String text, @ForAll @IntRange(max = 9) int at) {
        String shorter = deleteAt(text, at % text.length());

        assertThat(OcrConfusion.similar(text, shorter)).isTrue();
        assertThat(OcrConfusion.similar(shorter, text)).isTrue();
    }

    @Property
    void keyNeighboursHoldTheKeyOfEveryReadWithOneCharacterMissing(@ForAll("texts") String text,
            @ForAll @IntRange(max = 9) int at) {
        String shorter = deleteAt(text, at % text.length());

        List<String> neighbours = OcrConfusion.keyNeighbours(text);

        assertThat(neighbours.get(0)).isEqualTo(OcrConfusion.key(text));
        assertThat(neighbours).doesNotHaveDuplicates().contains(OcrConfusion.key(shorter));
        assertThat(neighbours.subList(1, neighbours.size())).allMatch(key -> key.length() == text.length() - 1);
    }

    @Property
    void keyNeighboursAreOnlyKeysWithinDistanceOne(@ForAll("relatedPairs") Tuple2<String, String> pair) {
        String stored = pair.get2();
        boolean found = OcrConfusion.keyNeighbours(pair.get1()).contains(OcrConfusion.key(stored));
        boolean confusedOrOneMissing = stored.length() == pair.get1().length() - 1
                && OcrConfusion.distance(pair.get1(), stored) == 1
                || OcrConfusion.distance(pair.get1(), stored) == 0 && stored.length() == pair.get1().length();

        assertThat(found).isEqualTo(confusedOrOneMissing);
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withChars(ALPHABET).ofMinLength(2).ofMaxLength(10);
    }

    @Provide
    Arbitrary<Character> alphabet() {
        return Arbitraries.of(ALPHABET.chars().mapToObj(c -> (char) c).toList());
    }

    /** A text and the same text with any of its characters swapped for others of their class. */
    @Provide
    Arbitrary<Tuple2<String, String>> confusedPairs() {
        return texts().flatMap(text -> Arbitraries.integers().between(0, 3).list().ofSize(text.length())
                .map(choices -> {
                    StringBuilder confused = new StringBuilder();
                    for (int i = 0; i < text.length(); i++) {
                        String members = classOf(text.charAt(i));
                        confused.append(members.charAt(choices.get(i) % members.length()));
                    }
                    return Tuple.of(text, confused.toString());
                }));
    }

    /** A text and that text after up to three random edits, so that distances are small as often as large. */
    @Provide
    Arbitrary<Tuple2<String, String>> relatedPairs() {
        return texts().flatMap(text -> edited(text).map(other -> Tuple.of(text, other)));
    }

    @Provide
    Arbitrary<List<String>> relatedTriples() {
        return texts().flatMap(a -> edited(a).flatMap(b -> edited(b).map(c -> List.of(a, b, c))));
    }

    private static Arbitrary<String> edited(String text) {
        Arbitrary<int[]> edit = Combinators.combine(
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(0, 10),
                        Arbitraries.integers().between(0, ALPHABET.length() - 1))
                .as((kind, at, c) -> new int[] {kind, at, c});
        return edit.list().ofMaxSize(3).map(edits -> {
            StringBuilder s = new StringBuilder(text);
            for (int[] e : edits) {
                int at = s.isEmpty() ? 0 : e[1] % s.length();
                char c = ALPHABET.charAt(e[2]);
                switch (e[0]) {
                    case 0 -> s.insert(at, c);
                    case 1 -> {
                        if (!s.isEmpty()) {
                            s.deleteCharAt(at);
                        }
                    }
                    case 2 -> {
                        if (!s.isEmpty()) {
                            s.setCharAt(at, c);
                        }
                    }
                    default -> {
                        if (!s.isEmpty()) {
                            String members = classOf(s.charAt(at));
                            s.setCharAt(at, members.charAt(e[2] % members.length()));
                        }
                    }
                }
            }
            return s.toString();
        });
    }

    private static String classOf(char c) {
        for (String members : CLASSES) {
            if (members.indexOf(c) >= 0) {
                return members;
            }
        }
        return String.valueOf(c);
    }

    private static String deleteAt(String text, int index) {
        return text.substring(0, index) + text.substring(index + 1);
    }

    /** Textbook Levenshtein; with {@code freeConfusions}, substituting within a class costs nothing. */
    private static int levenshtein(String a, String b, boolean freeConfusions) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                char x = a.charAt(i - 1);
                char y = b.charAt(j - 1);
                boolean same = x == y || freeConfusions && classOf(x).indexOf(y) >= 0;
                d[i][j] = Math.min(d[i - 1][j - 1] + (same ? 0 : 1), Math.min(d[i - 1][j], d[i][j - 1]) + 1);
            }
        }
        return d[a.length()][b.length()];
    }
}
