package org.openanpr.hotlist;

import java.time.Instant;
import java.util.List;

/**
 * A reference list (referentielijst): why it exists, on what legal basis, who owns it, what the officer must do on
 * a hit and how long its hits are kept. Its entries live apart, versioned by import.
 */
public record ReferenceList(
        long id,
        String name,
        ListCategory category,
        String purpose,
        String legalBasis,
        String organisation,
        String source,
        String instruction,
        int priority,
        boolean fuzzy,
        int hitRetentionDays,
        boolean historicalSearch,
        ListConditions conditions,
        int currentVersion,
        Instant createdAt) {

    public ReferenceList withId(long newId, Instant created) {
        return new ReferenceList(newId, name, category, purpose, legalBasis, organisation, source, instruction,
                priority, fuzzy, hitRetentionDays, historicalSearch, conditions, currentVersion, created);
    }
}
