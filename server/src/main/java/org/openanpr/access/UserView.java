package org.openanpr.access;

import java.time.Instant;
import java.util.Set;

/** A user as the administration pages show it; never the password hash. */
public record UserView(long id, String username, String displayName, String organisation, Set<Role> roles,
                       boolean disabled, Instant lockedUntil, int failedLogins, Instant createdAt) {
    public Principal.User principal() {
        return new Principal.User(id, username, displayName, organisation, roles);
    }
}
