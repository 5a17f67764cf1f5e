package org.openanpr.profile;

import org.junit.jupiter.api.Test;
import org.openanpr.investigation.Sighting;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The two profile rules on hand-built passages: midnight, a DST change, a clock minutes off, two cameras at one place. */
class PatternRuleTest {
    static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
    static final DistinctPlaces HOPPER = new DistinctPlaces(Set.of("carpool", "parking"), 3, Duration.ofHours(4), Duration.ofMinutes(30), null);
    static final RepeatedNights SHUTTLE = new RepeatedNights(Set.of("border"), new LocalHours(LocalTime.of(22, 0), LocalTime.of(6, 0)), 3, 7, 2, 1);

    static PlaceSighting at(String camera, String place, Instant t) {
        return new PlaceSighting(new Sighting(UUID.randomUUID(), t, camera, 52.0, 5.0), place);
    }

    /** Entry and exit cameras of a place, {@code stay} apart. */
    static List<PlaceSighting> visit(String place, Instant in, Duration stay) {
        return List.of(at(place + "-IN", place, in), at(place + "-OUT", place, in.plus(stay)));
    }

    @Test
    void threeCarParksInAnHourAcrossMidnightWithShortStaysIsAHopperWithItsPassages() {
        Instant t = Instant.parse("2026-11-22T22:40:00Z"); // 23:40 in Amsterdam: the third visit is after midnight
        List<PlaceSighting> seen = new ArrayList<>();
        seen.addAll(visit("Carpool Bunnik", t, Duration.ofMinutes(8)));
        seen.addAll(visit("P+R Papendorp", t.plus(Duration.ofMinutes(25)), Duration.ofMinutes(12)));
        seen.addAll(visit("Carpool Houten", t.plus(Duration.ofMinutes(55)), Duration.ofMinutes(5)));
        var found = HOPPER.evaluate("HOP1", seen, AMSTERDAM).orElseThrow();
        assertThat(found.score()).isEqualTo(1.0);
        assertThat(found.evidence()).hasSize(6);
        assertThat(found.reason()).startsWith("3 distinct places in 60 minutes");
        // a fourth place raises the score
        seen.addAll(visit("Carpool Vianen", t.plus(Duration.ofMinutes(90)), Duration.ofMinutes(5)));
        assertThat(HOPPER.evaluate("HOP1", seen, AMSTERDAM).orElseThrow().score()).isCloseTo(4 / 3.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void twoCamerasAtOnePlaceAreOneVisitAndAClockMinutesOffDoesNotSplitIt() {
        Instant t = Instant.parse("2026-06-10T09:00:00Z");
        List<PlaceSighting> seen = new ArrayList<>();
        // the exit camera's clock runs 4 minutes behind: its sighting comes "before" the entry
        seen.add(at("BUN-IN", "Carpool Bunnik", t));
        seen.add(at("BUN-OUT", "Carpool Bunnik", t.minus(Duration.ofMinutes(4)).plus(Duration.ofMinutes(3))));
        seen.addAll(visit("P+R Papendorp", t.plus(Duration.ofMinutes(30)), Duration.ofMinutes(10)));
        // two places only, however many cameras saw them
        assertThat(HOPPER.evaluate("TWO1", seen, AMSTERDAM)).isEmpty();
        seen.addAll(visit("Carpool Houten", t.plus(Duration.ofMinutes(70)), Duration.ofMinutes(10)));
        assertThat(HOPPER.evaluate("TWO1", seen, AMSTERDAM).orElseThrow().score()).isEqualTo(1.0);
    }

    @Test
    void driveBysAreNoVisits() {
        Instant t = Instant.parse("2026-06-10T09:00:00Z");
        List<PlaceSighting> seen = new ArrayList<>();
        seen.add(at("BUN-IN", "Carpool Bunnik", t));
        seen.add(at("PAP-1", "P+R Papendorp", t.plus(Duration.ofMinutes(20))));
        seen.add(at("HOU-1", "Carpool Houten", t.plus(Duration.ofMinutes(40))));
        assertThat(HOPPER.evaluate("DRV1", seen, AMSTERDAM)).isEmpty();
        // one camera at a place sees the car in and out
        seen.add(at("HOU-1", "Carpool Houten", t.plus(Duration.ofMinutes(50))));
        seen.add(at("PAP-1", "P+R Papendorp", t.plus(Duration.ofMinutes(21))));
        seen.add(at("BUN-IN", "Carpool Bunnik", t.plus(Duration.ofMinutes(9))));
        assertThat(HOPPER.evaluate("DRV1", seen, AMSTERDAM).orElseThrow().evidence()).hasSize(6);
    }

    @Test
    void aCommuterParkingAllDayAndPlacesSpreadOverADayAreNoHoppers() {
        Instant t = Instant.parse("2026-06-10T06:30:00Z");
        List<PlaceSighting> commuter = new ArrayList<>();
        for (int day = 0; day < 5; day++) commuter.addAll(visit("Carpool Bunnik", t.plus(Duration.ofDays(day)), Duration.ofHours(9)));
        assertThat(HOPPER.evaluate("COM1", commuter, AMSTERDAM)).isEmpty();
        List<PlaceSighting> spread = new ArrayList<>();
        spread.addAll(visit("A", t, Duration.ofMinutes(5)));
        spread.addAll(visit("B", t.plus(Duration.ofHours(3)), Duration.ofMinutes(5)));
        spread.addAll(visit("C", t.plus(Duration.ofHours(6)), Duration.ofMinutes(5)));
        assertThat(HOPPER.evaluate("SPR1", spread, AMSTERDAM)).isEmpty();
        List<PlaceSighting> longStays = new ArrayList<>();
        longStays.addAll(visit("A", t, Duration.ofMinutes(45)));
        longStays.addAll(visit("B", t.plus(Duration.ofMinutes(50)), Duration.ofMinutes(40)));
        longStays.addAll(visit("C", t.plus(Duration.ofMinutes(100)), Duration.ofMinutes(5)));
        assertThat(HOPPER.evaluate("LNG1", longStays, AMSTERDAM)).isEmpty();
    }

    @Test
    void aBorderShuttleOnThreeNightsOfAWeekCountsAfterMidnightToTheNightBefore() {
        List<PlaceSighting> seen = new ArrayList<>();
        for (String night : List.of("2026-11-16", "2026-11-18", "2026-11-20")) {
            Instant out = Instant.parse(night + "T22:50:00Z"); // 23:50 local, out
            seen.add(at("HAZ-1", "Hazeldonk", out));
            seen.add(at("MEE-1", "Meer", out.plus(Duration.ofMinutes(95)))); // 01:25 local, back: the same night
        }
        var found = SHUTTLE.evaluate("SHU1", seen, AMSTERDAM).orElseThrow();
        assertThat(found.score()).isEqualTo(1.0);
        assertThat(found.reason()).contains("3 nights within 7 days (from 2026-11-16)");
        assertThat(found.evidence()).hasSize(6);
        // one crossing a night (never back, or back by day) is not the shuttle
        assertThat(SHUTTLE.evaluate("SHU1", seen.stream().filter(s -> s.place().equals("Hazeldonk")).toList(), AMSTERDAM)).isEmpty();
    }

    @Test
    void daytimeCrossingsAndNightsTooFarApartAreNoShuttle() {
        List<PlaceSighting> commuter = new ArrayList<>();
        for (int d = 16; d <= 20; d++) {
            Instant morning = Instant.parse("2026-11-" + d + "T06:30:00Z"); // 07:30 local
            commuter.add(at("HAZ-1", "Hazeldonk", morning));
            commuter.add(at("HAZ-1", "Hazeldonk", morning.plus(Duration.ofHours(10))));
        }
        assertThat(SHUTTLE.evaluate("DAY1", commuter, AMSTERDAM)).isEmpty();
        List<PlaceSighting> sparse = new ArrayList<>();
        for (String night : List.of("2026-11-01", "2026-11-06", "2026-11-12")) {
            sparse.add(at("HAZ-1", "Hazeldonk", Instant.parse(night + "T23:00:00Z")));
            sparse.add(at("HAZ-1", "Hazeldonk", Instant.parse(night + "T23:40:00Z")));
        }
        assertThat(SHUTTLE.evaluate("SPA1", sparse, AMSTERDAM)).isEmpty();
    }

    @Test
    void theNightOfTheDstChangeKeepsItsLocalHours() {
        // 25 October 2026: clocks go back at 03:00 local; 02:30 local happens twice; the night is 9 hours long
        List<PlaceSighting> seen = new ArrayList<>();
        seen.add(at("HAZ-1", "Hazeldonk", Instant.parse("2026-10-24T20:30:00Z"))); // 22:30 CEST
        seen.add(at("HAZ-1", "Hazeldonk", Instant.parse("2026-10-25T01:30:00Z"))); // 02:30 CET, the second one
        seen.add(at("HAZ-1", "Hazeldonk", Instant.parse("2026-10-25T04:45:00Z"))); // 05:45 CET: still the night of the 24th
        seen.add(at("HAZ-1", "Hazeldonk", Instant.parse("2026-10-25T05:15:00Z"))); // 06:15 CET: morning, not night
        RepeatedNights once = new RepeatedNights(Set.of("border"), SHUTTLE.hours(), 1, 7, 3, 1);
        var found = once.evaluate("DST1", seen, AMSTERDAM).orElseThrow();
        assertThat(found.evidence()).hasSize(3);
        assertThat(found.reason()).contains("from 2026-10-24");
        // in UTC the same night would split at midnight and end at 06:00 UTC: the local clock is what the profile means
        assertThat(new LocalHours(LocalTime.of(22, 0), LocalTime.of(6, 0)).dayOf(Instant.parse("2026-10-25T04:45:00Z"), AMSTERDAM))
                .isEqualTo(java.time.LocalDate.parse("2026-10-24"));
    }

    @Test
    void absurdNumbersAreRefusedWithTheFieldsName() {
        assertThatThrownBy(() -> new DistinctPlaces(Set.of("carpool"), 0, Duration.ofHours(4), Duration.ofMinutes(30), null))
                .hasMessageContaining("minPlaces");
        assertThatThrownBy(() -> new DistinctPlaces(Set.of("carpool"), 3, Duration.ofDays(400), Duration.ofMinutes(30), null))
                .hasMessageContaining("withinHours");
        assertThatThrownBy(() -> new RepeatedNights(Set.of("border"), SHUTTLE.hours(), 9, 7, 2, 1)).hasMessageContaining("minNights");
        assertThatThrownBy(() -> new RepeatedNights(Set.of(), SHUTTLE.hours(), 3, 7, 2, 1)).hasMessageContaining("placeTags");
    }
}
