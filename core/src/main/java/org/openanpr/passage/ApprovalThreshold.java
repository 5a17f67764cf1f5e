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

    /**
     * The reasons an aggregate statistic over every vehicle (counts, never a plate) needs approval: only how far back it
     * reaches and how long it spans, as for any search. "Every vehicle at every camera" is left out on purpose: what
     * makes that search need a second person is the list of vehicles it returns, and a statistic returns none.
     */
    public List<String> aggregateReasons(SearchScope s, Instant now) {
        List<String> reasons = new ArrayList<>();
        if (s.from().isBefore(now.minus(maxAge)))
            reasons.add("reaches back more than " + maxAge.toDays() + " days (from " + s.from() + ")");
        if (Duration.between(s.from(), s.to()).compareTo(maxWindow) > 0) reasons.add("spans more than " + maxWindow.toDays() + " days");
        return reasons;
    }

    /**
     * How far back the searches of one person under one case are added up: as far as a search may reach without
     * approval, so that what could be searched in one request is also the most that many requests may reach.
     */
    public Duration usageWindow() {
        return maxAge;
    }

    /**
     * The reasons this search needs approval, taking into account what the same person already searched under the
     * same case within {@link #usageWindow()} ({@code earlier}, searches that ran without approval): the time every
     * vehicle was searched at cameras, and the time fuzzy searches covered, add up, so that 168 searches of an hour
     * reach no further than one of a week. The same hour searched twice (a next page, a repeat) counts once.
     */
    public List<String> reasons(SearchScope s, Instant now, List<SearchScope> earlier) {
        List<String> reasons = reasons(s, now);
        if (!reasons.isEmpty()) return reasons;
        if (s.plate() == null && s.camera() != null) {
            Duration total = covered(s, earlier, x -> x.plate() == null && x.camera() != null, SearchScope::camera);
            if (total.compareTo(maxAreaWindow) > 0)
                reasons.add("every vehicle at cameras for more than " + maxAreaWindow.toMinutes() + " minutes in all under this "
                        + "case in the last " + usageWindow().toDays() + " days (" + total.toMinutes() + " minutes with this search)");
        }
        if (s.fuzzy()) {
            Duration total = covered(s, earlier, SearchScope::fuzzy, SearchScope::plate);
            if (total.compareTo(maxFuzzyWindow) > 0)
                reasons.add("fuzzy searches over more than " + maxFuzzyWindow.toHours() + " hours in all under this case in the "
                        + "last " + usageWindow().toDays() + " days (" + total.toHours() + " hours with this search)");
        }
        return reasons;
    }

    /** The time covered by {@code s} and the earlier searches of its kind, per key (camera or plate), overlaps once. */
    private static Duration covered(SearchScope s, List<SearchScope> earlier, java.util.function.Predicate<SearchScope> kind,
                                    java.util.function.Function<SearchScope, String> key) {
        java.util.Map<String, List<SearchScope>> byKey = new java.util.HashMap<>();
        byKey.computeIfAbsent(key.apply(s), k -> new ArrayList<>()).add(s);
        for (SearchScope e : earlier)
            if (kind.test(e)) byKey.computeIfAbsent(key.apply(e), k -> new ArrayList<>()).add(e);
        Duration total = Duration.ZERO;
        for (List<SearchScope> scopes : byKey.values()) {
            scopes.sort(java.util.Comparator.comparing(SearchScope::from));
            Instant start = null;
            Instant end = null;
            for (SearchScope x : scopes) {
                if (end == null || x.from().isAfter(end)) {
                    if (end != null) total = total.plus(Duration.between(start, end));
                    start = x.from();
                    end = x.to();
                } else if (x.to().isAfter(end)) {
                    end = x.to();
                }
            }
            total = total.plus(Duration.between(start, end));
        }
        return total;
    }
}
