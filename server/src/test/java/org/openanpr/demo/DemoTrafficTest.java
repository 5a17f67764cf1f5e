package org.openanpr.demo;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.camera.Camera;
import org.openanpr.camera.Camera.CameraType;
import org.openanpr.passage.IncomingRead;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class DemoTrafficTest {
    private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
    /** A plain Wednesday: no daylight-saving switch, so the day has 24 hours. */
    private static final LocalDate DAY = LocalDate.of(2025, 3, 12);
    private static final double RATE = 5;

    private static final DemoRegion REGION = DemoRegion.utrecht();
    private static DemoTraffic traffic;
    private static List<GeneratedRead> day;

    @BeforeAll
    static void simulateOneDay() {
        traffic = new DemoTraffic(REGION, RATE, 42);
        day = new ArrayList<>();
        Instant t = DAY.atStartOfDay(AMSTERDAM).toInstant();
        Instant end = DAY.plusDays(1).atStartOfDay(AMSTERDAM).toInstant();
        while (t.isBefore(end)) {
            Instant next = t.plus(Duration.ofMinutes(10));
            day.addAll(traffic.generateBetween(t, next));
            t = next;
        }
    }

    @Test
    void aDayAveragesTheRequestedRate() {
        assertThat((double) day.size()).isBetween(RATE * 86_400 * 0.85, RATE * 86_400 * 1.15);
    }

    @Test
    void morningRushIsFarBusierThanTheNight() {
        Map<Integer, Long> perHour = day.stream().collect(Collectors.groupingBy(
                r -> r.read().time().atZoneSameInstant(AMSTERDAM).getHour(), TreeMap::new, Collectors.counting()));
        assertThat(perHour.get(8)).isGreaterThan(3 * perHour.get(3));
        assertThat(perHour.get(17)).isGreaterThan(3 * perHour.get(3));
        // ... yet the night is never silent.
        assertThat(perHour).hasSize(24);
        assertThat(perHour.get(3)).isGreaterThan((long) (RATE * 3600 * 0.05));
    }

    @Test
    void aboutEightPercentOfReadsAreMisreads() {
        long wrong = day.stream().filter(GeneratedRead::misread).count();
        assertThat((double) wrong / day.size()).isBetween(0.06, 0.10);
    }

    @Test
    void misreadsAreOcrLikeAndLessConfidentOnAverage() {
        List<GeneratedRead> wrong = day.stream().filter(GeneratedRead::misread).toList();
        for (GeneratedRead r : wrong.subList(0, 2000)) {
            String truth = r.vehicle().wirePlate();
            String read = r.read().plate();
            assertThat(Math.abs(truth.length() - read.length())).isLessThanOrEqualTo(1);
            if (truth.length() == read.length()) assertThat(differences(truth, read)).isEqualTo(1);
        }
        double correctMean = day.stream().filter(r -> !r.misread()).mapToDouble(r -> r.read().confidence()).average().orElseThrow();
        double wrongMean = wrong.stream().mapToDouble(r -> r.read().confidence()).average().orElseThrow();
        assertThat(correctMean).isGreaterThan(wrongMean + 0.1);
        long confidentCorrect = day.stream().filter(r -> !r.misread())
                .filter(r -> r.read().confidence() >= 0.85 && r.read().confidence() <= 0.995).count();
        assertThat((double) confidentCorrect / day.stream().filter(r -> !r.misread()).count()).isGreaterThan(0.9);
        assertThat(day).allSatisfy(r -> assertThat(r.read().confidence()).isBetween(0.0, 1.0));
    }

    @Test
    void readsCarryWirePlatesAndMostlyACountry() {
        assertThat(day).allSatisfy(r -> assertThat(r.read().plate()).matches("[A-Z0-9]+"));
        long unknownCountry = day.stream().filter(r -> r.read().country() == null).count();
        assertThat((double) unknownCountry / day.size()).isBetween(0.08, 0.12);
        assertThat(day.stream().map(r -> r.read().country()).filter(c -> c != null).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("NL", "BE", "DE", "FR", "GB");
    }

    @Test
    void readsHaveIdsTimesInAmsterdamAndNoImagesYet() {
        assertThat(day).extracting(r -> r.read().id()).doesNotHaveDuplicates();
        for (GeneratedRead r : day.subList(0, 1000)) {
            IncomingRead read = r.read();
            assertThat(read.time().getOffset()).isEqualTo(AMSTERDAM.getRules().getOffset(read.time().toInstant()));
            assertThat(read.plateImage()).isNull();
            assertThat(read.overviewImage()).isNull();
        }
        assertThat(day).isSortedAccordingTo(GeneratedRead.CHRONOLOGICAL);
    }

    @Test
    void tripsPassSeveralCamerasInOrderAtPlausibleSpeeds() {
        Map<Long, List<GeneratedRead>> trips = day.stream().filter(r -> r.tripId() > 0)
                .collect(Collectors.groupingBy(GeneratedRead::tripId));
        long multiCamera = trips.values().stream().filter(t -> t.size() >= 2).count();
        assertThat(multiCamera).isGreaterThan(trips.size() / 3);
        RoadNetwork roads = new RoadNetwork(REGION);
        for (List<GeneratedRead> trip : trips.values()) {
            for (int i = 1; i < trip.size(); i++) {
                GeneratedRead a = trip.get(i - 1);
                GeneratedRead b = trip.get(i);
                assertThat(b.vehicle()).isSameAs(a.vehicle());
                assertThat(b.read().camera()).isNotEqualTo(a.read().camera());
                double km = roads.position(a.read().camera()).distanceKm(roads.position(b.read().camera()));
                double hours = Duration.between(a.at(), b.at()).toMillis() / 3_600_000.0;
                assertThat(hours).isPositive();
                assertThat(km / hours).as("%s -> %s", a.read().camera(), b.read().camera()).isLessThan(150);
                // Successive cameras are minutes apart, not hours.
                assertThat(hours).isLessThan(0.5);
            }
        }
    }

    @Test
    void aVehicleIsNeverInTwoPlacesAtOnce() {
        Map<Integer, List<GeneratedRead>> byVehicle = day.stream()
                .collect(Collectors.groupingBy(r -> r.vehicle().id()));
        RoadNetwork roads = new RoadNetwork(REGION);
        for (List<GeneratedRead> seen : byVehicle.values()) {
            for (int i = 1; i < seen.size(); i++) {
                GeneratedRead a = seen.get(i - 1);
                GeneratedRead b = seen.get(i);
                GeoPoint pa = position(a, roads);
                GeoPoint pb = position(b, roads);
                double hours = Math.max(Duration.between(a.at(), b.at()).toMillis(), 1) / 3_600_000.0;
                assertThat(pa.distanceKm(pb) / hours).as("vehicle %s %s -> %s", a.vehicle().plate(),
                        a.read().camera(), b.read().camera()).isLessThan(150);
            }
        }
    }

    @Test
    void mobileCamerasReportTheirMovingPosition() {
        Set<String> mobile = REGION.cameras().stream().filter(c -> c.type() == CameraType.MOBILE)
                .map(Camera::id).collect(Collectors.toSet());
        List<IncomingRead> mobileReads = day.stream().map(GeneratedRead::read)
                .filter(r -> mobile.contains(r.camera())).toList();
        assertThat(mobileReads).extracting(IncomingRead::camera).containsAll(mobile);
        assertThat(mobileReads).allSatisfy(r -> {
            assertThat(r.lat()).isBetween(52.0, 52.2);
            assertThat(r.lon()).isBetween(4.95, 5.25);
        });
        assertThat(mobileReads.stream().map(r -> r.lat() + "," + r.lon()).distinct().count()).isGreaterThan(100);
        // The scan car works paid-parking hours only.
        assertThat(mobileReads).filteredOn(r -> r.camera().equals("UT-SCAN-01"))
                .allSatisfy(r -> assertThat(r.time().atZoneSameInstant(AMSTERDAM).getHour()).isBetween(9, 20));
        assertThat(day.stream().map(GeneratedRead::read).filter(r -> !mobile.contains(r.camera())))
                .allSatisfy(r -> assertThat(r.lat()).isNull());
    }

    @Test
    void dutchPlatesFollowTheSidecodes() {
        List<Pattern> sidecodes = List.of(
                Pattern.compile("[A-Z]{2}-\\d{2}-\\d{2}"), Pattern.compile("\\d{2}-\\d{2}-[A-Z]{2}"),
                Pattern.compile("\\d{2}-[A-Z]{2}-\\d{2}"), Pattern.compile("[A-Z]{2}-\\d{2}-[A-Z]{2}"),
                Pattern.compile("[A-Z]{2}-[A-Z]{2}-\\d{2}"), Pattern.compile("\\d{2}-[A-Z]{2}-[A-Z]{2}"),
                Pattern.compile("\\d{2}-[A-Z]{3}-\\d"), Pattern.compile("\\d-[A-Z]{3}-\\d{2}"),
                Pattern.compile("[A-Z]{2}-\\d{3}-[A-Z]"), Pattern.compile("[A-Z]-\\d{3}-[A-Z]{2}"),
                Pattern.compile("[A-Z]{3}-\\d{2}-[A-Z]"), Pattern.compile("[A-Z]-\\d{2}-[A-Z]{3}"),
                Pattern.compile("\\d-[A-Z]{2}-\\d{3}"), Pattern.compile("\\d{3}-[A-Z]{2}-\\d"));
        List<Vehicle> dutch = traffic.vehicles().stream().filter(v -> v.country().equals("NL")).toList();
        assertThat(dutch).allSatisfy(v -> {
            assertThat(sidecodes.get(v.sidecode() - 1).matcher(v.plate()).matches()).as(v.plate()).isTrue();
            assertThat(v.plate()).doesNotContainPattern("[AEIOUCQ]");
        });
        // Sidecodes 4-11 dominate the car park; the newest ones are present but fewer.
        long midAge = dutch.stream().filter(v -> v.sidecode() >= 4 && v.sidecode() <= 11).count();
        assertThat((double) midAge / dutch.size()).isGreaterThan(0.6);
        assertThat(dutch).extracting(Vehicle::sidecode).contains(12, 13, 14);
    }

    @Test
    void populationIsMostlyDutchWithNeighbouringCountries() {
        List<Vehicle> all = traffic.vehicles();
        assertThat(all.size()).isGreaterThanOrEqualTo(DemoTraffic.MIN_POPULATION);
        assertThat(all).extracting(Vehicle::wirePlate).doesNotHaveDuplicates();
        Map<String, Long> byCountry = all.stream().collect(Collectors.groupingBy(Vehicle::country, Collectors.counting()));
        assertThat((double) byCountry.get("BE") / all.size()).isBetween(0.03, 0.05);
        assertThat((double) byCountry.get("DE") / all.size()).isBetween(0.02, 0.04);
        assertThat((double) byCountry.get("NL") / all.size()).isBetween(0.88, 0.94);
        assertThat(all).filteredOn(v -> v.country().equals("BE"))
                .allSatisfy(v -> assertThat(v.plate()).matches("[12]-[A-Z]{3}-\\d{3}"));
        assertThat(all).filteredOn(v -> v.country().equals("DE"))
                .allSatisfy(v -> assertThat(v.plate()).matches("[A-Z]{1,3} [A-Z]{1,2} [1-9]\\d{0,3}"));
    }

    @Test
    void commutersDriveTheirRouteEveryDay() {
        DemoTraffic t = new DemoTraffic(REGION, 1, 7);
        Commuter c = t.commuters().getFirst();
        Instant start = DAY.atTime(5, 0).atZone(AMSTERDAM).toInstant();
        List<GeneratedRead> twoDays = new ArrayList<>();
        for (Instant at = start; at.isBefore(start.plus(Duration.ofHours(48))); at = at.plus(Duration.ofHours(1))) {
            twoDays.addAll(t.generateBetween(at, at.plus(Duration.ofHours(1))));
        }
        for (LocalDate d : List.of(DAY, DAY.plusDays(1))) {
            List<String> morning = twoDays.stream()
                    .filter(r -> r.vehicle() == c.vehicle())
                    .filter(r -> r.read().time().atZoneSameInstant(AMSTERDAM).toLocalDate().equals(d))
                    .filter(r -> r.read().time().atZoneSameInstant(AMSTERDAM).toLocalTime().isBefore(LocalTime.NOON))
                    .map(r -> r.read().camera()).toList();
            assertThat(morning).as("morning of %s", d).isEqualTo(c.morningRoute());
        }
    }

    @Test
    void sameSeedSameReads() {
        Instant start = DAY.atTime(7, 30).atZone(AMSTERDAM).toInstant();
        List<IncomingRead> a = new ArrayList<>();
        List<IncomingRead> b = new ArrayList<>();
        DemoTraffic first = new DemoTraffic(REGION, 3, 99);
        DemoTraffic second = new DemoTraffic(REGION, 3, 99);
        for (int i = 0; i < 6; i++) {
            Instant from = start.plus(Duration.ofMinutes(5L * i));
            a.addAll(first.readsBetween(from, from.plus(Duration.ofMinutes(5))));
            b.addAll(second.readsBetween(from, from.plus(Duration.ofMinutes(5))));
        }
        assertThat(a).isNotEmpty().isEqualTo(b);

        // Chopping time differently does not change the traffic either.
        DemoTraffic coarse = new DemoTraffic(REGION, 3, 99);
        assertThat(coarse.readsBetween(start, start.plus(Duration.ofMinutes(30)))).isEqualTo(a);

        List<IncomingRead> other = new DemoTraffic(REGION, 3, 100).readsBetween(start, start.plus(Duration.ofMinutes(30)));
        assertThat(other).isNotEqualTo(a);
    }

    @Test
    void readsBetweenReturnsOnlyTheHalfOpenIntervalInOrder() {
        DemoTraffic t = new DemoTraffic(REGION, 20, 5);
        Instant from = DAY.atTime(12, 0).atZone(AMSTERDAM).toInstant();
        Instant to = from.plusSeconds(60);
        List<IncomingRead> reads = t.readsBetween(from, to);
        assertThat(reads).isNotEmpty();
        assertThat(reads).allSatisfy(r -> {
            assertThat(r.time().toInstant()).isAfterOrEqualTo(from);
            assertThat(r.time().toInstant()).isBefore(to);
        });
        assertThat(reads).extracting(r -> r.time().toInstant()).isSorted();
        assertThat(t.readsBetween(to, to)).isEmpty();
        // Traffic already on the road when the demo starts shows up at once: no empty first minutes.
        assertThat(reads).extracting(IncomingRead::camera).hasSizeGreaterThan(10);
    }

    private static int differences(String a, String b) {
        int n = 0;
        for (int i = 0; i < a.length(); i++) if (a.charAt(i) != b.charAt(i)) n++;
        return n;
    }

    private static GeoPoint position(GeneratedRead r, RoadNetwork roads) {
        return r.read().lat() != null ? new GeoPoint(r.read().lat(), r.read().lon()) : roads.position(r.read().camera());
    }
}
