package org.openanpr.connector;

/**
 * A vendor message that cannot be turned into reads; the message names what is wrong, for the 4xx answer and for
 * the administrator's list of rejected payloads. {@code status} is 400 (malformed) or 415 (a content type the
 * connector does not take).
 */
public final class UnreadablePayload extends Exception {
    private final int status;

    public UnreadablePayload(String reason) {
        this(400, reason);
    }

    public UnreadablePayload(int status, String reason) {
        super(reason);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
