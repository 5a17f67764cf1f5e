package org.openanpr.profile;

import org.openanpr.passage.LegalBasis;

import java.time.Duration;
import java.time.Instant;

/**
 * A standing approval ("staande toestemming") for a profile to run on a schedule: every {@code every} over the
 * {@code window} before each run, on the legal basis the analyst gave, for at most {@link #MAX_DAYS} days from the
 * privacy officer's approval. Runs while {@link Status#APPROVED}, before {@code validUntil} and while the profile is
 * switched on; refused, revoked or expired, it never runs again.
 */
public record ProfileSchedule(long id, String organisation, long profileId, String profileName, Duration every, Duration window,
                              LegalBasis legalBasis, String requestedBy, int requestedDays, Status status, String decidedBy,
                              Instant decidedAt, String decisionNote, Instant validUntil, String revokedBy, Instant revokedAt,
                              Instant nextRunAt, Instant createdAt) {
    /** The longest a privacy officer may approve a schedule for; a longer need is a new request, decided again. */
    public static final int MAX_DAYS = 28;

    public enum Status { PENDING, APPROVED, REFUSED, REVOKED }

    /** Approved, not revoked and not past its end at {@code now}. */
    public boolean standing(Instant now) {
        return status == Status.APPROVED && validUntil != null && now.isBefore(validUntil);
    }
}
