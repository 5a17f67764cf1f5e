package org.openanpr.passage;

/**
 * The reads of a request could not be stored. {@code maybeStored} is false when the transaction was rolled back
 * (nothing of the request was stored), true when the database did not confirm the commit (it may or may not have
 * happened): either way a resend is safe, since the read ids make it idempotent.
 */
public final class NotStored extends RuntimeException {
    private final boolean maybeStored;

    NotStored(boolean maybeStored, Throwable cause) {
        super(maybeStored
                ? "the database did not confirm the commit; the reads may or may not be stored: resend them (a resend is recognised as a duplicate)"
                : "could not store the reads; nothing was stored", cause);
        this.maybeStored = maybeStored;
    }

    public boolean maybeStored() {
        return maybeStored;
    }
}
