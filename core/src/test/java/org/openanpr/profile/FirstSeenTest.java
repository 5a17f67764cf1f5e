package org.openanpr.profile;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.openanpr.profile.PatternRuleTest.AMSTERDAM;
import static org.openanpr.profile.PatternRuleTest.at;

/** "First seen in a residential area at unusual hours" on hand-built passages: midnight, the DST nights, the look-back. */
class FirstSeenTest {
    /** 23:00–05:00 local: across midnight. */
    static final FirstSeen NIGHT = new FirstSeen(Set.of("residential"), new LocalHours(LocalTime.of(23, 0), LocalTime.of(5, 0)),
            Duration.ofDays(28), 1);
    static final Instant WINDOW = Instant.parse("2026-11-20T00:00:00Z");

    @Test
    void aVehicleNewToTheAreaAtNightIsACandidateOnEitherSideOfMidnight() {
        // 23:30 local (22:30 UTC) and 00:30 local (23:30 UTC): both in the night's hours
        for (String utc : List.of("2026-11-21T22:30:00Z", "2026-11-21T23:30:00Z")) {
            var found = NIGHT.evaluate("NEW1", List.of(at("OUD-1", "Oudwijk", Instant.parse(utc))), AMSTERDAM, WINDOW).orElseThrow();
            assertThat(found.score()).isEqualTo(1.0);
            assertThat(found.evidence()).hasSize(1);
            assertThat(found.reason()).startsWith("first seen 2026-11-2").contains("at Oudwijk", "not in the 28 days before");
        }
        // 22:59 and 05:00 local are outside; the hours are from inclusive, to exclusive
        assertThat(NIGHT.evaluate("DAY1", List.of(at("OUD-1", "Oudwijk", Instant.parse("2026-11-21T21:59:00Z"))), AMSTERDAM, WINDOW)).isEmpty();
        assertThat(NIGHT.evaluate("DAY2", List.of(at("OUD-1", "Oudwijk", Instant.parse("2026-11-22T04:00:00Z"))), AMSTERDAM, WINDOW)).isEmpty();
    }

    @Test
    void whatCountsIsTheFirstPassageAndMoreNightPassagesRaiseTheScore() {
        List<PlaceSighting> seen = new ArrayList<>();
        seen.add(at("OUD-2", "Oudwijk", Instant.parse("2026-11-22T01:10:00Z"))); // 02:10 local
        seen.add(at("OUD-1", "Oudwijk", Instant.parse("2026-11-21T15:00:00Z"))); // 16:00 local, the day before: the first
        assertThat(NIGHT.evaluate("RES1", seen, AMSTERDAM, WINDOW)).isEmpty();
        List<PlaceSighting> nights = new ArrayList<>();
        nights.add(at("OUD-1", "Oudwijk", Instant.parse("2026-11-22T01:10:00Z")));
        nights.add(at("OUD-2", "Oudwijk", Instant.parse("2026-11-22T12:00:00Z"))); // by day: no evidence
        nights.add(at("OUD-2", "Oudwijk", Instant.parse("2026-11-23T02:00:00Z")));
        var found = NIGHT.evaluate("NEW2", nights, AMSTERDAM, WINDOW).orElseThrow();
        assertThat(found.score()).isEqualTo(2.0);
        assertThat(found.evidence()).extracting(s -> s.sighting().time().toString())
                .containsExactly("2026-11-22T01:10:00Z", "2026-11-23T02:00:00Z");
        assertThat(new FirstSeen(Set.of("residential"), NIGHT.hours(), Duration.ofDays(28), 3).evaluate("NEW2", nights, AMSTERDAM, WINDOW)).isEmpty();
    }

    @Test
    void aVehicleSeenInTheLookBackIsNotNewButOneSeenLongerAgoIs() {
        Instant night = Instant.parse("2026-11-22T01:10:00Z");
        List<PlaceSighting> resident = List.of(at("OUD-1", "Oudwijk", WINDOW.minus(Duration.ofDays(10))), at("OUD-1", "Oudwijk", night));
        assertThat(NIGHT.evaluate("RES2", resident, AMSTERDAM, WINDOW)).isEmpty();
        // the look-back ends where the window begins: 10 days is within 28, 3 days is within a 7-day look-back
        FirstSeen week = new FirstSeen(Set.of("residential"), NIGHT.hours(), Duration.ofDays(7), 1);
        assertThat(week.lookBack()).isEqualTo(Duration.ofDays(7));
        assertThat(week.evaluate("RES3", List.of(at("OUD-1", "Oudwijk", WINDOW.minus(Duration.ofDays(3))), at("OUD-1", "Oudwijk", night)),
                AMSTERDAM, WINDOW)).isEmpty();
        // without a window start, every passage handed over is in the window
        assertThat(NIGHT.evaluate("NEW3", List.of(at("OUD-1", "Oudwijk", night)), AMSTERDAM)).isPresent();
    }

    @Test
    void theDstNightsKeepTheLocalHours() {
        FirstSeen early = new FirstSeen(Set.of("residential"), new LocalHours(LocalTime.of(1, 0), LocalTime.of(5, 0)), Duration.ofDays(28), 1);
        Instant autumn = Instant.parse("2026-10-20T00:00:00Z");
        // 25 October 2026, clocks back at 03:00 CEST: 03:59 UTC is 04:59 CET (in), 04:00 UTC is 05:00 CET (out);
        // on a summer-time clock both would have been after 05:00
        assertThat(early.evaluate("AUT1", List.of(at("OUD-1", "Oudwijk", Instant.parse("2026-10-25T03:59:00Z"))), AMSTERDAM, autumn)).isPresent();
        assertThat(early.evaluate("AUT2", List.of(at("OUD-1", "Oudwijk", Instant.parse("2026-10-25T04:00:00Z"))), AMSTERDAM, autumn)).isEmpty();
        // 02:30 local happens twice that night; both are in
        assertThat(early.evaluate("AUT3", List.of(at("OUD-1", "Oudwijk", Instant.parse("2026-10-25T00:30:00Z"))), AMSTERDAM, autumn)).isPresent();
        assertThat(early.evaluate("AUT4", List.of(at("OUD-1", "Oudwijk", Instant.parse("2026-10-25T01:30:00Z"))), AMSTERDAM, autumn)).isPresent();
        // 29 March 2026, clocks forward at 02:00 CET: 23:30 UTC on the 28th is 00:30 CET (out), 03:30 UTC is 05:30 CEST (out),
        // 02:30 UTC is 04:30 CEST (in)
        Instant spring = Instant.parse("2026-03-20T00:00:00Z");
        assertThat(early.evaluate("SPR1", List.of(at("OUD-1", "Oudwijk", Instant.parse("2026-03-28T23:30:00Z"))), AMSTERDAM, spring)).isEmpty();
        assertThat(early.evaluate("SPR2", List.of(at("OUD-1", "Oudwijk", Instant.parse("2026-03-29T03:30:00Z"))), AMSTERDAM, spring)).isEmpty();
        assertThat(early.evaluate("SPR3", List.of(at("OUD-1", "Oudwijk", Instant.parse("2026-03-29T02:30:00Z"))), AMSTERDAM, spring)).isPresent();
    }

    @Test
    void absurdNumbersAreRefused() {
        assertThatThrownBy(() -> new FirstSeen(Set.of("residential"), LocalHours.ALL_DAY, Duration.ofDays(28), 1)).hasMessageContaining("hours");
        assertThatThrownBy(() -> new FirstSeen(Set.of("residential"), NIGHT.hours(), Duration.ofDays(29), 1)).hasMessageContaining("lookBackDays");
        assertThatThrownBy(() -> new FirstSeen(Set.of("residential"), NIGHT.hours(), Duration.ofDays(28), 0)).hasMessageContaining("minSightings");
        assertThatThrownBy(() -> new FirstSeen(Set.of(), NIGHT.hours(), Duration.ofDays(28), 1)).hasMessageContaining("placeTags");
    }
}
