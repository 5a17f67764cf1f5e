package org.openanpr.hotlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openanpr.plate.Country;

class HitIndexTest {

    private static final long EXACT_LIST = 1;
    private static final long FUZZY_LIST = 2;
    private static final LongPredicate ALL = id -> true;
    /** Friday 2026-03-06 12:00 in Amsterdam. */
    private static final Instant NOON = Instant.parse("2026-03-06T11:00:00Z");
    private static final Map<Long, ListRules> TWO_LISTS = rules(ListRules.of(EXACT_LIST, false, 0),
            ListRules.of(FUZZY_LIST, true, 0));

    @Test
    void findsAnExactPlateOnBothKindsOfList() {
        HitIndex index = HitIndex.build(List.of(entry(1, EXACT_LIST, "12-BDF-3"), entry(2, FUZZY_LIST, "12-BDF-3"),
                entry(3, EXACT_LIST, "99-XX-99")), TWO_LISTS);

        assertThat(index.match(read("12BDF3"), ALL))
                .extracting(m -> m.entry().entryId(), Match::kind, Match::distance)
                .containsExactlyInAnyOrder(tuple(1L, MatchKind.EXACT, 0), tuple(2L, MatchKind.EXACT, 0));
    }

    @Test
    void changesLaidOverAnIndexHitAsIfItWereBuiltWithThem() {
        HitIndex base = HitIndex.build(List.of(entry(1, EXACT_LIST, "12-BDF-3"), entry(2, FUZZY_LIST, "GB-123-X"),
                entry(3, EXACT_LIST, "99-XX-99")), TWO_LISTS);

        HitIndex changed = base.withChanges(List.of(entry(4, FUZZY_LIST, "12-BDF-3"), entry(5, EXACT_LIST, "34-GHJ-5")),
                Set.of(1L, 2L), TWO_LISTS);
        assertThat(changed.match(read("12BDF3"), ALL)).extracting(m -> m.entry().entryId()).containsExactly(4L);
        assertThat(changed.match(read("34GHJ5"), ALL)).extracting(m -> m.entry().entryId()).containsExactly(5L);
        assertThat(changed.match(read("68IZ3X"), ALL)).as("removed from the base").isEmpty();
        assertThat(changed.match(read("99XX99"), ALL)).extracting(m -> m.entry().entryId()).containsExactly(3L);
        assertThat(base.match(read("12BDF3"), ALL)).as("the index changed from is untouched")
                .extracting(m -> m.entry().entryId()).containsExactly(1L);

        HitIndex again = changed.withChanges(List.of(entry(6, EXACT_LIST, "G?-123-X")), Set.of(5L), TWO_LISTS);
        assertThat(again.match(read("34GHJ5"), ALL)).as("removed from the layer").isEmpty();
        assertThat(again.match(read("GB123X"), ALL)).extracting(m -> m.entry().entryId(), Match::kind)
                .containsExactly(tuple(6L, MatchKind.WILDCARD));
        assertThat(again.changedEntries()).isEqualTo(5);
        assertThat(again.match(read("12BDF3"), ALL)).extracting(m -> m.entry().entryId()).containsExactly(4L);
    }

    @Test
    void aReadOnNoListMatchesNothing() {
        HitIndex index = HitIndex.build(List.of(entry(1, EXACT_LIST, "12-BDF-3"), entry(2, FUZZY_LIST, "12-BDF-3")),
                TWO_LISTS);

        assertThat(index.match(read("34GHJ5"), ALL)).isEmpty();
    }

    @Test
    void confusionsAndOneEditHitOnlyAFuzzyList() {
        HitIndex index = HitIndex.build(List.of(entry(1, EXACT_LIST, "GB-123-X"), entry(2, FUZZY_LIST, "GB-123-X")),
                TWO_LISTS);

        assertThat(index.match(read("68IZ3X"), ALL)).singleElement()
                .returns(2L, m -> m.entry().entryId()).returns(MatchKind.FUZZY, Match::kind).returns(0, Match::distance);
        assertThat(index.match(read("GB12X"), ALL)).singleElement()
                .returns(MatchKind.FUZZY, Match::kind).returns(1, Match::distance);
        assertThat(index.match(read("GB123XK"), ALL)).singleElement().returns(1, Match::distance);
        assertThat(index.match(read("GB124X"), ALL)).as("a plainly different character is another car").isEmpty();
    }

    @Test
    void twoEditsBeyondConfusionsAreNoMatch() {
        HitIndex index = HitIndex.build(List.of(entry(2, FUZZY_LIST, "GB-123-X")), TWO_LISTS);

        assertThat(index.match(read("GB14X"), ALL)).isEmpty();
        assertThat(index.match(read("HB124X"), ALL)).isEmpty();
    }

    @Test
    void aWildcardStandsForAnyOneCharacter() {
        HitIndex index = HitIndex.build(List.of(entry(1, EXACT_LIST, "12-?BC-3")), TWO_LISTS);

        assertThat(index.match(read("12XBC3"), ALL)).singleElement()
                .returns(MatchKind.WILDCARD, Match::kind).returns(0, Match::distance);
        assertThat(index.match(read("127BC3"), ALL)).hasSize(1);
        assertThat(index.match(read("12BC3"), ALL)).isEmpty();
        assertThat(index.match(read("12XXBC3"), ALL)).isEmpty();
        assertThat(index.match(read("12X8C3"), ALL)).as("a confusion on an exact list").isEmpty();
    }

    @Test
    void aWildcardOnAFuzzyListForgivesConfusionsOfTheKnownCharacters() {
        HitIndex index = HitIndex.build(List.of(entry(1, FUZZY_LIST, "12-?BC-3")), TWO_LISTS);

        assertThat(index.match(read("IZX8C3"), ALL)).singleElement().returns(MatchKind.WILDCARD, Match::kind);
        assertThat(index.match(read("12XBD3"), ALL)).as("C and D are not confused").isEmpty();
    }

    @Test
    void anEntryWithACountryHitsReadsOfThatCountryOrOfNone() {
        HitIndex index = HitIndex.build(List.of(ListEntry.of(1, EXACT_LIST, "1-ABC-123", Country.BE, null, null)),
                TWO_LISTS);

        assertThat(index.match(read("1ABC123", Country.BE), ALL)).hasSize(1);
        assertThat(index.match(read("1ABC123", null), ALL)).hasSize(1);
        assertThat(index.match(read("1ABC123", Country.NL), ALL)).isEmpty();
    }

    @Test
    void anEntryWithoutCountryHitsReadsOfEveryCountry() {
        HitIndex index = HitIndex.build(List.of(entry(1, FUZZY_LIST, "1-ABC-123")), TWO_LISTS);

        assertThat(index.match(read("1ABC123", Country.DE), ALL)).hasSize(1);
        assertThat(index.match(read("1A8C123", Country.FR), ALL)).hasSize(1);
    }

    @Test
    void anEntryHitsOnlyWhileValid() {
        ListEntry week = ListEntry.of(1, FUZZY_LIST, "12-BDF-3", null, NOON, NOON.plusSeconds(7 * 86_400));
        HitIndex index = HitIndex.build(List.of(week), TWO_LISTS);

        assertThat(index.match(Sighting.of("12BDF3", null, NOON.minusSeconds(1)), ALL)).isEmpty();
        assertThat(index.match(Sighting.of("12BDF3", null, NOON), ALL)).hasSize(1);
        assertThat(index.match(Sighting.of("12BOF3", null, NOON.plusSeconds(86_400)), ALL)).hasSize(1);
        assertThat(index.match(Sighting.of("12BDF3", null, NOON.plusSeconds(7 * 86_400)), ALL)).isEmpty();
    }

    @Test
    void aListWithDirectionsHitsOnlyReadsInThoseDirections() {
        HitIndex index = HitIndex.build(List.of(entry(1, EXACT_LIST, "12-BDF-3")),
                rules(ListRules.of(EXACT_LIST, false, 0).withDirections("inbound", "N")));

        assertThat(index.match(heading("INBOUND"), ALL)).hasSize(1);
        assertThat(index.match(heading(" n "), ALL)).hasSize(1);
        assertThat(index.match(heading("S"), ALL)).isEmpty();
        assertThat(index.match(heading(null), ALL)).isEmpty();
    }

    @Test
    void aListWithAWindowOverMidnightHitsOnlyInsideIt() {
        TimeWindow fridayNight = new TimeWindow(Set.of(DayOfWeek.FRIDAY), LocalTime.of(22, 0), LocalTime.of(6, 0),
                ZoneId.of("Europe/Amsterdam"));
        HitIndex index = HitIndex.build(List.of(entry(1, EXACT_LIST, "12-BDF-3")),
                rules(ListRules.of(EXACT_LIST, false, 0).withWindow(fridayNight)));

        Instant saturday2am = Instant.parse("2026-03-07T01:00:00Z");
        assertThat(index.match(Sighting.of("12BDF3", null, saturday2am), ALL)).hasSize(1);
        assertThat(index.match(Sighting.of("12BDF3", null, NOON), ALL)).isEmpty();
        assertThat(index.match(Sighting.of("12BDF3", null, saturday2am.plusSeconds(86_400)), ALL)).isEmpty();
    }

    @Test
    void aListWithAnAreaHitsOnlyReadsInsideIt() {
        Area utrecht = Area.of(List.of(new double[] {52.0, 5.0}, new double[] {52.0, 5.2}, new double[] {52.2, 5.2},
                new double[] {52.2, 5.0}));
        HitIndex index = HitIndex.build(List.of(entry(1, FUZZY_LIST, "12-BDF-3")),
                rules(ListRules.of(FUZZY_LIST, true, 0).withArea(utrecht)));

        assertThat(index.match(at(52.1, 5.1), ALL)).hasSize(1);
        assertThat(index.match(at(52.4, 4.9), ALL)).isEmpty();
        assertThat(index.match(Sighting.of("12BDF3", null, NOON), ALL)).as("no position").isEmpty();
    }

    @Test
    void anInactiveListHitsNothing() {
        HitIndex index = HitIndex.build(List.of(entry(1, EXACT_LIST, "12-BDF-3"), entry(2, FUZZY_LIST, "12-BDF-3"),
                entry(3, FUZZY_LIST, "12-?DF-3")), TWO_LISTS);

        assertThat(index.match(read("12BDF3"), id -> id == EXACT_LIST))
                .extracting(m -> m.entry().entryId()).containsExactly(1L);
        assertThat(index.match(read("12B0F3"), id -> id == EXACT_LIST)).isEmpty();
        assertThat(index.match(read("12BDF3"), id -> false)).isEmpty();
    }

    @Test
    void matchesComeInPriorityOrderThenByKind() {
        Map<Long, ListRules> ranked = rules(ListRules.of(10, true, 1), ListRules.of(20, true, 5),
                ListRules.of(30, false, 1));
        HitIndex index = HitIndex.build(List.of(
                entry(1, 10, "12-BDF-3"), entry(2, 10, "12-BDF-?"), entry(3, 10, "I2-BDF-3"),
                entry(4, 20, "I2-BDF-3"), entry(5, 30, "12-BDF-3")), ranked);

        assertThat(index.match(read("12BDF3"), ALL))
                .extracting(m -> m.entry().entryId(), Match::kind)
                .containsExactly(tuple(4L, MatchKind.FUZZY), tuple(1L, MatchKind.EXACT), tuple(5L, MatchKind.EXACT),
                        tuple(2L, MatchKind.WILDCARD), tuple(3L, MatchKind.FUZZY));
    }

    @Test
    void anEntryComesOnceThoughFoundUnderSeveralKeys() {
        HitIndex index = HitIndex.build(List.of(entry(1, FUZZY_LIST, "OO-OO-11")), TWO_LISTS);

        assertThat(index.match(read("0D0Q1L"), ALL)).hasSize(1);
    }

    @Test
    void entriesOfAListWithoutRulesAreRefused() {
        assertThatThrownBy(() -> HitIndex.build(List.of(entry(7, 99, "12-BDF-3")), TWO_LISTS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("list 99");
    }

    @Test
    void anEmptyIndexMatchesNothing() {
        HitIndex index = HitIndex.build(List.of(), Map.of());

        assertThat(index.size()).isZero();
        assertThat(index.match(read("12BDF3"), ALL)).isEmpty();
    }

    private static ListEntry entry(long id, long list, String raw) {
        return ListEntry.of(id, list, raw, null, null, null);
    }

    private static Sighting read(String plate) {
        return read(plate, Country.NL);
    }

    private static Sighting read(String plate, Country country) {
        return Sighting.of(plate, country, NOON);
    }

    private static Sighting heading(String direction) {
        return new Sighting("12BDF3", Country.NL, NOON, direction, null, null);
    }

    private static Sighting at(double lat, double lon) {
        return new Sighting("12BDF3", Country.NL, NOON, null, lat, lon);
    }

    private static Map<Long, ListRules> rules(ListRules... rules) {
        return java.util.Arrays.stream(rules).collect(Collectors.toMap(ListRules::listId, r -> r));
    }
}
