package org.openanpr.profile;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a pattern profile looks for in one plate's passages at tagged places. The rules are few and general; a profile
 * is data that picks a rule and sets its numbers (see {@code docs/investigations.md}).
 */
public sealed interface PatternRule permits DistinctPlaces, RepeatedNights, FirstSeen {
    /** The place tags whose cameras' passages the rule reads (any of them). */
    Set<String> placeTags();

    /**
     * @param seen one plate's passages at places with any of {@link #placeTags()}, in any order
     * @param zone the organisation's time zone, for hours of the day
     */
    Optional<Candidate> evaluate(String plate, List<PlaceSighting> seen, ZoneId zone);

    /**
     * How far before the run's window the rule must also read, to know what was there before (zero for most rules).
     */
    default Duration lookBack() {
        return Duration.ZERO;
    }

    /**
     * @param seen        one plate's passages at the places from {@code windowStart} minus {@link #lookBack()} on
     * @param windowStart where the run's own window begins; only a rule with a look-back tells the two apart
     */
    default Optional<Candidate> evaluate(String plate, List<PlaceSighting> seen, ZoneId zone, Instant windowStart) {
        return evaluate(plate, seen, zone);
    }
}
