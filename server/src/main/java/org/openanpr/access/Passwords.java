package org.openanpr.access;

import at.favre.lib.crypto.bcrypt.BCrypt;

import java.nio.charset.StandardCharsets;

/** Password hashing with bcrypt (a library, not our own crypto). The cost is a setting so tests need not wait. */
public final class Passwords {
    public static final int DEFAULT_COST = 12;
    public static final int MIN_LENGTH = 10;
    private final int cost;
    // Verified against when the user does not exist, so an unknown name takes as long as a wrong password.
    private final String dummy;

    public Passwords(int cost) {
        this.cost = cost;
        this.dummy = hash("not-a-password-of-anyone");
    }

    public String hash(String password) {
        return BCrypt.withDefaults().hashToString(cost, password.toCharArray());
    }

    public boolean verify(String password, String hash) {
        return BCrypt.verifyer().verify(password.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.UTF_8)).verified;
    }

    public void burn(String password) {
        verify(password, dummy);
    }

    /** Null when acceptable, otherwise the reason. bcrypt reads at most 72 bytes. */
    public static String weakness(String password) {
        if (password == null || password.length() < MIN_LENGTH) return "password: at least " + MIN_LENGTH + " characters";
        if (password.getBytes(StandardCharsets.UTF_8).length > 72) return "password: at most 72 bytes";
        if (password.isBlank()) return "password: not only spaces";
        return null;
    }
}
