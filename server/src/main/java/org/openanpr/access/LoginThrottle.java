package org.openanpr.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Login attempts per account and client address, in a sliding window. Keyed by the pair, not the address alone: a
 * throttle per address lets one outsider behind the shared reverse proxy (or a NAT) lock everyone out, correct
 * passwords included. Guessing one account's password from many addresses is stopped by the account lock
 * ({@link UserStore#MAX_FAILURES}). At most {@link #MAX_TRACKED} pairs are remembered, so that a flood of made-up
 * names cannot grow the memory without bound; past that the least recently tried pair is forgotten.
 */
public final class LoginThrottle {
    public static final int MAX_ATTEMPTS = 20;
    public static final Duration WINDOW = Duration.ofMinutes(5);
    public static final int MAX_TRACKED = 10_000;
    private final Clock clock;
    private final int maxTracked;
    // Access order: the eldest entry is the pair least recently tried, dropped first when the map is full.
    private final Map<Pair, Deque<Instant>> attempts;

    private record Pair(String account, String address) {
    }

    public LoginThrottle(Clock clock) {
        this(clock, MAX_TRACKED);
    }

    LoginThrottle(Clock clock, int maxTracked) {
        this.clock = clock;
        this.maxTracked = maxTracked;
        this.attempts = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Pair, Deque<Instant>> eldest) {
                return size() > LoginThrottle.this.maxTracked;
            }
        };
    }

    /** Records an attempt; false when this address has used up its attempts on this account for now. */
    public synchronized boolean tryAcquire(String account, String address) {
        Instant now = clock.instant();
        Deque<Instant> times = attempts.computeIfAbsent(new Pair(account, address), p -> new ArrayDeque<>());
        while (!times.isEmpty() && !times.peekFirst().isAfter(now.minus(WINDOW))) times.pollFirst();
        if (times.size() >= MAX_ATTEMPTS) return false;
        times.addLast(now);
        return true;
    }

    /** Seconds until the oldest attempt in the window ages out, for Retry-After. */
    public synchronized long retryAfterSeconds(String account, String address) {
        Deque<Instant> times = attempts.get(new Pair(account, address));
        Instant oldest = times == null ? null : times.peekFirst();
        return oldest == null ? 0 : Math.max(1, Duration.between(clock.instant(), oldest.plus(WINDOW)).toSeconds());
    }

    /** How many pairs are remembered now. */
    synchronized int tracked() {
        return attempts.size();
    }
}
