package org.openanpr.hotlist;

/**
 * A read that matched an entry of an active list. {@code actionId} names the running enforcement action that switched
 * the list on at that camera, or is null when the list is on there anyway.
 */
public record Candidate(ReferenceList list, long entryId, String entryPlate, MatchKind kind, int distance, Long actionId) {
}
