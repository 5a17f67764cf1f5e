package org.openanpr.profile;

import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a pattern profile looks for in one plate's passages at tagged places. The rules are few and general; a profile
 * is data that picks a rule and sets its numbers (see {@code docs/investigations.md}).
 */
public sealed interface PatternRule permits DistinctPlaces, RepeatedNights {
    /** The place tags whose cameras' passages the rule reads (any of them). */
    Set<String> placeTags();

    /**
     * @param seen one plate's passages at places with any of {@link #placeTags()}, in any order
     * @param zone the organisation's time zone, for hours of the day
     */
    Optional<Candidate> evaluate(String plate, List<PlaceSighting> seen, ZoneId zone);
}
