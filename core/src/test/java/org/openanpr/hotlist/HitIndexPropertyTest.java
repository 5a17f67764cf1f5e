package org.openanpr.hotlist;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Assume;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.openanpr.plate.Country;
import org.openanpr.plate.InvalidPlateException;
import org.openanpr.plate.OcrConfusion;
import org.openanpr.plate.Plates;

class HitIndexPropertyTest {

    /** Rich in confusable characters and small, so that generated plates often come close to one another. */
    private static final String ALPHABET = "0ODQ1IL2Z5S8B6GAHK3";
    private static final List<String> CLASSES = List.of("0ODQ", "1IL", "2Z", "5S", "8B", "6G");
    private static final Instant NOW = Instant.parse("2026-03-06T11:00:00Z");
    private static final LongPredicate ALL = id -> true;
    private static final Map<Long, ListRules> ONE_EXACT_ONE_FUZZY = Map.of(
            1L, ListRules.of(1, false, 0), 2L, ListRules.of(2, true, 0));
    private static final Map<Long, ListRules> THREE_LISTS = Map.of(
            1L, ListRules.of(1, false, 0), 2L, ListRules.of(2, true, 0), 3L, ListRules.of(3, true, 1));

    @Property
    void everyEntryMatchesItselfExactly(@ForAll("entrySets") List<ListEntry> entries) {
        HitIndex index = HitIndex.build(entries, THREE_LISTS);

        for (ListEntry e : entries) {
            if (!e.hasWildcards()) {
                Instant whileValid = e.validFrom() == null ? NOW : e.validFrom();
                assertThat(index.match(Sighting.of(e.plate(), e.country(), whileValid), ALL))
                        .filteredOn(m -> m.entry() == e).singleElement()
                        .returns(MatchKind.EXACT, Match::kind).returns(0, Match::distance);
            }
        }
    }

    @Property
    void aConfusedCharacterIsFoundOnAFuzzyListAndNeverOnAnExactOne(@ForAll("plates") String plate,
            @ForAll @IntRange(max = 9) int at, @ForAll @IntRange(max = 3) int choice) {
        int index = at % plate.length();
        String members = classOf(plate.charAt(index));
        char confused = members.charAt(choice % members.length());
        String read = plate.substring(0, index) + confused + plate.substring(index + 1);
        Assume.that(isPlate(read));
        HitIndex hits = HitIndex.build(List.of(new ListEntry(1, 1, plate, null, null, null),
                new ListEntry(2, 2, plate, null, null, null)), ONE_EXACT_ONE_FUZZY);

        List<Match> matches = hits.match(Sighting.of(read, null, NOW), ALL);

        if (confused == plate.charAt(index)) {
            assertThat(matches).extracting(Match::kind).containsOnly(MatchKind.EXACT).hasSize(2);
        } else {
            assertThat(matches).singleElement().returns(2L, m -> m.entry().listId())
                    .returns(MatchKind.FUZZY, Match::kind).returns(0, Match::distance);
        }
    }

    @Property
    void aMissingCharacterIsFoundOnAFuzzyList(@ForAll("plates") String plate, @ForAll @IntRange(max = 9) int at) {
        int index = at % plate.length();
        String read = plate.substring(0, index) + plate.substring(index + 1);
        Assume.that(isPlate(read));
        HitIndex hits = HitIndex.build(List.of(new ListEntry(2, 2, plate, null, null, null)), ONE_EXACT_ONE_FUZZY);

        assertThat(hits.match(Sighting.of(read, null, NOW), ALL)).singleElement()
                .returns(1, Match::distance);
    }

    @Property(tries = 300)
    void agreesWithAScanOfEveryEntry(@ForAll("entrySets") List<ListEntry> entries, @ForAll("lists") Map<Long, ListRules> rules,
            @ForAll("reads") List<String> reads, @ForAll("countries") Country readCountry,
            @ForAll @IntRange(max = 3) int inactiveList) {
        HitIndex index = HitIndex.build(entries, rules);
        LongPredicate active = id -> id != inactiveList;
        List<String> probes = new ArrayList<>(reads);
        for (ListEntry e : entries) {
            probes.add(e.plate().replace(ListEntry.WILDCARD, 'K'));
        }

        for (String plate : probes) {
            Sighting read = Sighting.of(plate, readCountry, NOW);

            List<Match> expected = scan(entries, rules, read, active);
            List<Match> actual = index.match(read, active);

            assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(actual).isSortedAccordingTo(Comparator
                    .comparingInt((Match m) -> -rules.get(m.entry().listId()).priority()).thenComparing(Match::kind));
        }
    }

    /** What the index promises, written as plainly as possible: every entry checked against the read. */
    private static List<Match> scan(List<ListEntry> entries, Map<Long, ListRules> rules, Sighting read,
                                    LongPredicate active) {
        List<Match> matches = new ArrayList<>();
        for (ListEntry e : entries) {
            ListRules r = rules.get(e.listId());
            if (!active.test(e.listId()) || !e.fitsCountry(read.country()) || !e.validAt(read.time())
                    || !r.admits(read)) {
                continue;
            }
            String p = e.plate();
            String text = read.plate();
            if (e.hasWildcards()) {
                boolean fits = p.length() == text.length();
                for (int i = 0; fits && i < p.length(); i++) {
                    char c = p.charAt(i);
                    fits = c == ListEntry.WILDCARD || c == text.charAt(i)
                            || r.fuzzy() && OcrConfusion.classOf(c) == OcrConfusion.classOf(text.charAt(i));
                }
                if (fits) {
                    matches.add(new Match(e, MatchKind.WILDCARD, 0));
                }
            } else if (p.equals(text)) {
                matches.add(new Match(e, MatchKind.EXACT, 0));
            } else if (r.fuzzy() && OcrConfusion.misread(p, text)) {
                matches.add(new Match(e, MatchKind.FUZZY, OcrConfusion.distance(p, text)));
            }
        }
        return matches;
    }

    @Provide
    Arbitrary<String> plates() {
        return Arbitraries.strings().withChars(ALPHABET).ofMinLength(2).ofMaxLength(10).filter(HitIndexPropertyTest::isPlate);
    }

    /** Variants of a few base plates, some with wildcards, on lists 1-3, some with a country or a validity. */
    @Provide
    Arbitrary<List<ListEntry>> entrySets() {
        return plates().list().ofMinSize(1).ofMaxSize(3).flatMap(bases -> {
            Arbitrary<String> plate = Arbitraries.of(bases).flatMap(HitIndexPropertyTest::variant);
            Arbitrary<Instant> from = Arbitraries.of(-1, 0, 1).map(d -> d == 0 ? null : NOW.plusSeconds(d * 3600L));
            Arbitrary<Object[]> entry = Combinators.combine(plate, Arbitraries.longs().between(1, 3), countries(), from)
                    .as((p, list, country, validFrom) -> new Object[] {p, list, country, validFrom});
            return entry.list().ofMinSize(1).ofMaxSize(25).map(rows -> {
                List<ListEntry> entries = new ArrayList<>();
                Set<String> seen = new HashSet<>();
                for (int i = 0; i < rows.size(); i++) {
                    Object[] row = rows.get(i);
                    String p = (String) row[0];
                    try {
                        p = ListEntry.pattern(p);
                    } catch (IllegalArgumentException tooFewKnown) {
                        continue;
                    }
                    if (seen.add(p + row[1] + row[2])) {
                        entries.add(new ListEntry(i, (Long) row[1], p, (Country) row[2], (Instant) row[3], null));
                    }
                }
                return entries;
            });
        });
    }

    @Provide
    Arbitrary<Map<Long, ListRules>> lists() {
        Arbitrary<ListRules> rules = Combinators.combine(Arbitraries.of(true, false), Arbitraries.integers().between(0, 2))
                .as((fuzzy, priority) -> ListRules.of(0, fuzzy, priority));
        return rules.list().ofSize(3).map(three -> {
            Map<Long, ListRules> byId = new HashMap<>();
            for (int i = 0; i < 3; i++) {
                byId.put(i + 1L, new ListRules(i + 1L, three.get(i).fuzzy(), three.get(i).priority(), Set.of(), null, null));
            }
            return byId;
        });
    }

    @Provide
    Arbitrary<List<String>> reads() {
        return plates().flatMap(HitIndexPropertyTest::variant).filter(HitIndexPropertyTest::isPlate).list().ofMaxSize(5);
    }

    @Provide
    Arbitrary<Country> countries() {
        return Arbitraries.of(Country.NL, Country.BE).injectNull(0.5);
    }

    /** {@code text} after up to two edits: insertions, deletions, substitutions, confusions or wildcards. */
    private static Arbitrary<String> variant(String text) {
        Arbitrary<int[]> edit = Combinators.combine(Arbitraries.integers().between(0, 4),
                        Arbitraries.integers().between(0, 10), Arbitraries.integers().between(0, ALPHABET.length() - 1))
                .as((kind, at, c) -> new int[] {kind, at, c});
        return edit.list().ofMaxSize(2).map(edits -> {
            StringBuilder s = new StringBuilder(text);
            for (int[] e : edits) {
                int at = e[1] % s.length();
                char c = ALPHABET.charAt(e[2]);
                switch (e[0]) {
                    case 0 -> s.insert(at, c);
                    case 1 -> s.deleteCharAt(at);
                    case 2 -> s.setCharAt(at, c);
                    case 3 -> s.setCharAt(at, ListEntry.WILDCARD);
                    default -> {
                        String members = classOf(s.charAt(at));
                        s.setCharAt(at, members.charAt(e[2] % members.length()));
                    }
                }
                if (s.length() < 2) {
                    s.append('3');
                }
            }
            return s.length() > 10 ? s.substring(0, 10) : s.toString();
        });
    }

    private static boolean isPlate(String text) {
        try {
            return Plates.normalise(text).equals(text);
        } catch (InvalidPlateException e) {
            return false;
        }
    }

    private static String classOf(char c) {
        for (String members : CLASSES) {
            if (members.indexOf(c) >= 0) {
                return members;
            }
        }
        return String.valueOf(c);
    }
}
