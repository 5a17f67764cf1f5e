package org.openanpr.passage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * When a passage search needs a second person's approval, like a prosecutor's order: it reaches back further than
 * {@code maxAge}, spans more than {@code maxWindow}, looks for every vehicle (no plate) over more than
 * {@code maxAreaWindow} or at every camera, or searches fuzzily or with wildcards (many plates) over more than
 * {@code maxFuzzyWindow}.
 */
public record ApprovalThreshold(Duration maxAge, Duration maxWindow, Duration maxAreaWindow, Duration maxFuzzyWindow) {
    public static final ApprovalThreshold DEFAULT = new ApprovalThreshold(Duration.ofDays(7), Duration.ofDays(7),
            Duration.ofHours(1), Duration.ofHours(24));

    /** The reasons this search needs approval; empty when it does not. */
    public List<String> reasons(SearchScope s, Instant now) {
        List<String> reasons = new ArrayList<>();
        if (s.from().isBefore(now.minus(maxAge)))
            reasons.add("reaches back more than " + maxAge.toDays() + " days (from " + s.from() + ")");
        Duration window = Duration.between(s.from(), s.to());
        if (window.compareTo(maxWindow) > 0) reasons.add("spans more than " + maxWindow.toDays() + " days");
        if (s.plate() == null) {
            if (s.camera() == null) reasons.add("every vehicle at every camera");
            else if (window.compareTo(maxAreaWindow) > 0)
                reasons.add("every vehicle at a camera for more than " + maxAreaWindow.toMinutes() + " minutes");
        }
        if (s.fuzzy() && window.compareTo(maxFuzzyWindow) > 0)
            reasons.add("fuzzy search (many plates) over more than " + maxFuzzyWindow.toHours() + " hours");
        else if (s.wildcard() && window.compareTo(maxFuzzyWindow) > 0)
            reasons.add("wildcard search (many plates) over more than " + maxFuzzyWindow.toHours() + " hours");
        return reasons;
    }
}
