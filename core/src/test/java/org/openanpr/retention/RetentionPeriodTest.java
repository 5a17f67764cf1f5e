package org.openanpr.retention;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetentionPeriodTest {
    @Test
    void aDayExpiresOnlyWhenItsLastMomentIsPastTheCutoff() {
        RetentionPeriod p = new RetentionPeriod(28);
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        assertThat(p.cutoff(now)).isEqualTo(Instant.parse("2026-10-26T10:00:00Z"));
        assertThat(p.wholeDayExpired(LocalDate.parse("2026-10-25"), now)).isTrue();
        assertThat(p.wholeDayExpired(LocalDate.parse("2026-10-26"), now)).as("partly younger than the cutoff").isFalse();
    }

    @Test
    void onlyOneToTwentyEightDaysAreLawful() {
        assertThatThrownBy(() -> new RetentionPeriod(29)).hasMessageContaining("1..28");
        assertThatThrownBy(() -> new RetentionPeriod(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void anExpiredDayHoldsNothingYoungerThanTheCutoff(@ForAll @IntRange(min = 1, max = 28) int days,
                                                      @ForAll @LongRange(min = 1_700_000_000L, max = 1_900_000_000L) long epoch,
                                                      @ForAll @IntRange(min = 0, max = 60) int daysBack) {
        RetentionPeriod p = new RetentionPeriod(days);
        Instant now = Instant.ofEpochSecond(epoch);
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(daysBack);
        Instant lastMoment = day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusNanos(1);
        assertThat(p.wholeDayExpired(day, now)).isEqualTo(lastMoment.isBefore(p.cutoff(now)));
    }
}
