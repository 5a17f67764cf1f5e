package org.openanpr.passage;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A read's time parses exactly as {@link OffsetDateTime#parse} would: same value, or the same refusal. */
class IsoTimeTest {

    @Test
    void theFormsCamerasSend() {
        assertThat(IsoTime.parse("2026-03-29T01:59:59Z")).isEqualTo(OffsetDateTime.parse("2026-03-29T01:59:59Z"));
        assertThat(IsoTime.parse("2026-10-25T02:30:00.5+02:00")).isEqualTo(OffsetDateTime.parse("2026-10-25T02:30:00.500+02:00"));
        assertThat(IsoTime.parse("2026-10-25T02:30:00.123456789-03:30").getNano()).isEqualTo(123_456_789);
        assertThat(IsoTime.parse("2026-12-01t08:00z")).isEqualTo(OffsetDateTime.parse("2026-12-01T08:00Z")); // the JDK's leniency
        assertThat(IsoTime.parse("+12026-12-01T08:00:00+01")).isEqualTo(OffsetDateTime.parse("+12026-12-01T08:00:00+01:00"));
    }

    @Test
    void invalidTimesAreRefusedAsTheJdkRefusesThem() {
        for (String bad : new String[] {"2026-02-29T10:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T10:60:00Z", "2026-01-01T10:00:00",
                "2026-01-01T10:00:00+19:00", "2026-01-01T10:00:00.1234567891Z", "2026-1-01T10:00:00Z", ""})
            assertThatThrownBy(() -> IsoTime.parse(bad)).as(bad).isInstanceOf(DateTimeParseException.class);
    }

    @Property(tries = 3000)
    void sameAsTheJdk(@ForAll("times") String text) {
        Object expected;
        try {
            expected = OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            expected = DateTimeParseException.class;
        }
        Object actual;
        try {
            actual = IsoTime.parse(text);
        } catch (DateTimeParseException e) {
            actual = DateTimeParseException.class;
        }
        assertThat(actual).as(text).isEqualTo(expected);
    }

    /** Canonical times with field values around and past their ranges, and now and then one character changed. */
    @Provide
    Arbitrary<String> times() {
        Arbitrary<String> fraction = Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(11).map(f -> f.isEmpty() ? "" : "." + f);
        Arbitrary<String> offset = Arbitraries.oneOf(Arbitraries.of("Z", "z", "+00:00", "-00:00", "+18:00", "-18:01", "+1:00", "+0100"),
                Combinators.combine(Arbitraries.of("+", "-"), Arbitraries.integers().between(0, 19), Arbitraries.integers().between(0, 61))
                        .as((s, h, m) -> "%s%02d:%02d".formatted(s, h, m)));
        Arbitrary<String> canonical = Combinators.combine(Arbitraries.integers().between(0, 9999), Arbitraries.integers().between(0, 13),
                Arbitraries.integers().between(0, 32), Arbitraries.integers().between(0, 24), Arbitraries.integers().between(0, 60),
                Arbitraries.integers().between(0, 60), fraction, offset)
                .as((y, mo, d, h, mi, s, f, o) -> "%04d-%02d-%02dT%02d:%02d:%02d%s%s".formatted(y, mo, d, h, mi, s, f, o));
        return Combinators.combine(canonical, Arbitraries.integers().between(0, 40), Arbitraries.chars().with('0', '9', ':', '-', 'T', '.', 'x'),
                        Arbitraries.integers().between(0, 5))
                .as((t, at, c, mutate) -> mutate == 0 && at < t.length() ? t.substring(0, at) + c + t.substring(at + 1) : t);
    }
}
