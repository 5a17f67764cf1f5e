package org.openanpr.hotlist;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TimeWindowTest {

    private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
    /** 2026-03-06 is a Friday. */
    private static final LocalDateTime FRIDAY_NOON = LocalDateTime.of(2026, 3, 6, 12, 0);

    @Test
    void aDaytimeWindowHoldsItsHoursOnItsDays() {
        TimeWindow office = new TimeWindow(Set.of(DayOfWeek.FRIDAY), LocalTime.of(9, 0), LocalTime.of(17, 0), AMSTERDAM);

        assertThat(office.contains(at(FRIDAY_NOON.withHour(9)))).isTrue();
        assertThat(office.contains(at(FRIDAY_NOON.withHour(16).withMinute(59)))).isTrue();
        assertThat(office.contains(at(FRIDAY_NOON.withHour(17)))).isFalse();
        assertThat(office.contains(at(FRIDAY_NOON.withHour(8).withMinute(59)))).isFalse();
        assertThat(office.contains(at(FRIDAY_NOON.plusDays(1)))).isFalse();
    }

    @Test
    void aWindowOverMidnightBelongsToTheDayItOpens() {
        TimeWindow fridayNight = new TimeWindow(Set.of(DayOfWeek.FRIDAY), LocalTime.of(22, 0), LocalTime.of(6, 0),
                AMSTERDAM);

        assertThat(fridayNight.contains(at(FRIDAY_NOON.withHour(23)))).isTrue();
        assertThat(fridayNight.contains(at(FRIDAY_NOON.plusDays(1).withHour(3)))).isTrue();
        assertThat(fridayNight.contains(at(FRIDAY_NOON.plusDays(1).withHour(6)))).isFalse();
        assertThat(fridayNight.contains(at(FRIDAY_NOON.withHour(3)))).isFalse();
        assertThat(fridayNight.contains(at(FRIDAY_NOON.plusDays(1).withHour(23)))).isFalse();
        assertThat(fridayNight.contains(at(FRIDAY_NOON))).isFalse();
    }

    @Test
    void equalTimesMakeAWholeDayFromThatTime() {
        TimeWindow day = new TimeWindow(Set.of(DayOfWeek.FRIDAY), LocalTime.of(6, 0), LocalTime.of(6, 0), AMSTERDAM);

        assertThat(day.contains(at(FRIDAY_NOON.withHour(6)))).isTrue();
        assertThat(day.contains(at(FRIDAY_NOON.plusDays(1).withHour(5)))).isTrue();
        assertThat(day.contains(at(FRIDAY_NOON.plusDays(1).withHour(6)))).isFalse();
        assertThat(day.contains(at(FRIDAY_NOON.withHour(5)))).isFalse();
    }

    @Test
    void noDaysMeansEveryDay() {
        TimeWindow mornings = new TimeWindow(Set.of(), LocalTime.of(7, 0), LocalTime.of(9, 0), AMSTERDAM);

        assertThat(mornings.days()).hasSize(7);
        for (int d = 0; d < 7; d++) {
            assertThat(mornings.contains(at(FRIDAY_NOON.plusDays(d).withHour(8)))).isTrue();
        }
    }

    @Test
    void hoursAreLocalToTheWindowsZone() {
        TimeWindow office = new TimeWindow(null, LocalTime.of(9, 0), LocalTime.of(17, 0), AMSTERDAM);

        // 08:30 UTC on a winter Friday is 09:30 in Amsterdam
        assertThat(office.contains(FRIDAY_NOON.withHour(8).withMinute(30).toInstant(java.time.ZoneOffset.UTC)))
                .isTrue();
        assertThat(office.contains(FRIDAY_NOON.withHour(16).withMinute(30).toInstant(java.time.ZoneOffset.UTC)))
                .isFalse();
    }

    private static java.time.Instant at(LocalDateTime local) {
        return local.atZone(AMSTERDAM).toInstant();
    }
}
