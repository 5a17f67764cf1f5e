package org.openanpr.hotlist;

/**
 * Told when an import added entries to a list whose legal basis allows looking back, so earlier sightings still
 * within retention are reported as historical hits. Returns a summary for the import's answer.
 */
public interface EntriesAdded {
    Object entriesAdded(ReferenceList list, int version);
}
