package org.openanpr.access;

import at.favre.lib.crypto.bcrypt.BCrypt;

import java.nio.charset.StandardCharsets;

/** Password hashing with bcrypt (a library, not our own crypto). The cost is a setting so tests need not wait. */
public final class Passwords {
    public static final int DEFAULT_COST = 12;
    public static final int MIN_LENGTH = 10;
    /** bcrypt reads at most this many bytes; the library refuses more rather than cut them silently. */
    public static final int MAX_BYTES = 72;
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

    /** False for a password longer than any that can be set, which the library would refuse with an exception. */
    public boolean verify(String password, String hash) {
        if (tooLong(password)) return false;
        return BCrypt.verifyer().verify(password.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.UTF_8)).verified;
    }

    public void burn(String password) {
        verify(tooLong(password) ? "not-a-password-of-anyone" : password, dummy);
    }

    public static boolean tooLong(String password) {
        return password != null && password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES;
    }

    /** Null when acceptable, otherwise the reason. bcrypt reads at most 72 bytes. */
    public static String weakness(String password) {
        if (password == null || password.length() < MIN_LENGTH) return "password: at least " + MIN_LENGTH + " characters";
        if (tooLong(password)) return "password: at most " + MAX_BYTES + " bytes";
        if (password.isBlank()) return "password: not only spaces";
        return null;
    }
}
