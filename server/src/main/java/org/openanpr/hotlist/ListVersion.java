package org.openanpr.hotlist;

import java.time.Instant;

/** One import of a list: a full replace or a delta, with what it changed. */
public record ListVersion(long listId, int version, Kind kind, int added, int removed, int total, String importedBy,
                          Instant importedAt) {
    public enum Kind { REPLACE, DELTA }
}
