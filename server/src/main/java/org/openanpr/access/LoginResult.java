package org.openanpr.access;

import java.time.Instant;

/** What a password login came to. */
public sealed interface LoginResult {
    record Success(UserView user) implements LoginResult {
    }

    /** Unknown user or wrong password: the caller is not told which. */
    record BadCredentials() implements LoginResult {
    }

    record Locked(Instant until) implements LoginResult {
    }

    record Disabled() implements LoginResult {
    }
}
