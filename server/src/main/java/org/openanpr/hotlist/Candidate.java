package org.openanpr.hotlist;

/**
 * A read that matched an entry of an active list. {@code entry} is the entry as it was when matched, details
 * included, so a hit keeps its reason and amount even when the list has been replaced since. {@code actionId} names
 * the running enforcement action that switched the list on at that camera, or is null when the list is on there
 * anyway.
 */
public record Candidate(ReferenceList list, StoredEntry entry, MatchKind kind, int distance, Long actionId) {

    public long entryId() {
        return entry.id();
    }

    public String entryPlate() {
        return entry.plate();
    }
}
