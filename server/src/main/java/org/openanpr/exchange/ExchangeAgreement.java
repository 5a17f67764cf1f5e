package org.openanpr.exchange;

import java.time.Instant;
import java.util.List;

/**
 * An organisation's agreement with one authority abroad: which kinds of data may go which way, on which legal basis,
 * from when until when. Without a valid one nothing is sent or taken in. With a {@code sharedKey} (agreed with the
 * partner) every document under it is signed, and one that comes in must be.
 */
public record ExchangeAgreement(long id, String organisation, String ownAuthority, String ownCountry, String partnerAuthority,
                                String partnerName, String partnerCountry, Direction direction, List<Kind> kinds,
                                String legalBasis, Instant validFrom, Instant validUntil, String createdBy, Instant createdAt,
                                Instant revokedAt, String revokedBy, String sharedKey) {

    /** Without the key, which stays in the database. */
    @Override
    public String toString() {
        return "ExchangeAgreement[" + id + ", " + organisation + " as " + ownAuthority + " with " + partnerAuthority + ", " + direction
                + " " + kinds + ", " + legalBasis + ", " + validFrom + " to " + validUntil + (sharedKey == null ? "" : ", signed") + "]";
    }

    /** What is exchanged. */
    public enum Kind { HITS, LIST_ENTRIES }

    /** Which way data may go under the agreement, seen from the organisation. */
    public enum Direction {
        SEND, RECEIVE, BOTH;

        boolean sends() {
            return this != RECEIVE;
        }

        boolean receives() {
            return this != SEND;
        }
    }

    public enum Status { PLANNED, ACTIVE, EXPIRED, REVOKED }

    public Status status(Instant now) {
        if (revokedAt != null) return Status.REVOKED;
        if (now.isBefore(validFrom)) return Status.PLANNED;
        return now.isBefore(validUntil) ? Status.ACTIVE : Status.EXPIRED;
    }

    /**
     * Why this agreement does not allow exchanging {@code kind} in the given direction now, or null when it does.
     * The reasons name the agreement and its dates: the people on both sides need them to put it right.
     */
    String refusal(Kind kind, boolean sending, Instant now) {
        String which = "exchange agreement " + id + " with " + partnerAuthority;
        return switch (status(now)) {
            case REVOKED -> which + " was revoked on " + revokedAt;
            case PLANNED -> which + " is valid only from " + validFrom;
            case EXPIRED -> which + " expired on " + validUntil;
            case ACTIVE -> {
                if (sending && !direction.sends()) yield which + " allows receiving only, not sending";
                if (!sending && !direction.receives()) yield which + " allows sending only, not receiving";
                if (!kinds.contains(kind)) yield which + " covers " + kinds + ", not " + kind;
                yield null;
            }
        };
    }
}
