package org.openanpr.hit;

import org.openanpr.access.Visibility;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where the alert stream finds the findings other than hits (clone suspects) that a reconnecting listener missed: a
 * {@code Last-Event-ID} may name one of them as well as a hit, and either way both kinds are sent again from there.
 */
public interface MissedFindings {
    MissedFindings NONE = new MissedFindings() {
        @Override
        public Optional<Instant> storedAt(String eventId) {
            return Optional.empty();
        }

        @Override
        public List<FindingAlert> since(Instant since, String except, AlertFilter f, Visibility v, int limit) {
            return List.of();
        }
    };

    /** When the finding with this event id was stored (its transaction's start); empty when there is no such finding. */
    Optional<Instant> storedAt(String eventId);

    /**
     * The findings stored since {@code since} that the caller may see and its filter takes, the one {@code except} (an
     * event id, or null) left out, the newest {@code limit}, oldest first.
     */
    List<FindingAlert> since(Instant since, String except, AlertFilter f, Visibility v, int limit);
}
