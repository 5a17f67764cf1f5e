package org.openanpr.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Login attempts per client address in a sliding window. Account locking stops guessing one user's password;
 * this stops one address from trying many users.
 */
public final class LoginThrottle {
    public static final int MAX_ATTEMPTS = 20;
    public static final Duration WINDOW = Duration.ofMinutes(5);
    private final Clock clock;
    private final Map<String, Deque<Instant>> attempts = new ConcurrentHashMap<>();

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** Records an attempt; false when the address has used up its attempts for now. */
    public boolean tryAcquire(String address) {
        Instant now = clock.instant();
        Deque<Instant> times = attempts.computeIfAbsent(address, a -> new ArrayDeque<>());
        synchronized (times) {
            while (!times.isEmpty() && !times.peekFirst().isAfter(now.minus(WINDOW))) times.pollFirst();
            if (times.size() >= MAX_ATTEMPTS) return false;
            times.addLast(now);
            return true;
        }
    }

    /** Seconds until the oldest attempt in the window ages out, for Retry-After. */
    public long retryAfterSeconds(String address) {
        Deque<Instant> times = attempts.get(address);
        if (times == null) return 0;
        synchronized (times) {
            Instant oldest = times.peekFirst();
            return oldest == null ? 0 : Math.max(1, Duration.between(clock.instant(), oldest.plus(WINDOW)).toSeconds());
        }
    }
}
