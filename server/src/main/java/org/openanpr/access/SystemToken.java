package org.openanpr.access;

/**
 * Rules for the system token, which can do nearly everything: long enough that guessing is hopeless. A generated one
 * has 43 random characters; one chosen by an operator (ANPR_ADMIN_TOKEN) must have at least {@link #MIN_LENGTH}.
 */
public final class SystemToken {
    public static final int MIN_LENGTH = 32;

    private SystemToken() {
    }

    /** Refuses a token that is too short or only spaces, with the reason for the operator. */
    public static void check(String token) {
        if (token == null || token.isBlank() || token.strip().length() < MIN_LENGTH)
            throw new IllegalArgumentException("the system token must have at least " + MIN_LENGTH
                    + " characters; generate one with: openssl rand -base64 32");
        if (!token.equals(token.strip()))
            throw new IllegalArgumentException("the system token must not start or end with spaces");
    }
}
