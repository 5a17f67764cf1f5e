package org.openanpr.hotlist;

import java.util.List;

/**
 * What matching found for one read: its hits, and which lists and actions it was scanned for (the statistics count a
 * read as scanned for a list even when it did not hit).
 */
public record ReadMatch(List<Candidate> hits, long[] scannedLists, long[] scannedActions) {
    public static final ReadMatch NONE = new ReadMatch(List.of(), new long[0], new long[0]);
}
