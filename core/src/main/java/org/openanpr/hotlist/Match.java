package org.openanpr.hotlist;

import java.util.Objects;

/**
 * A read that matched a list entry.
 *
 * @param distance edits between read and entry beyond OCR confusions, which cost nothing
 *                 ({@link org.openanpr.plate.OcrConfusion#distance}): 0 for exact and wildcard matches, 0 or 1 for
 *                 fuzzy ones
 */
public record Match(ListEntry entry, MatchKind kind, int distance) {

    public Match {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(kind, "kind");
        if (distance < 0) {
            throw new IllegalArgumentException("distance must not be negative");
        }
    }
}
