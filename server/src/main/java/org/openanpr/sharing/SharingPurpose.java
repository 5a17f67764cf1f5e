package org.openanpr.sharing;

/** What a shared camera's data may be used for: only the hits of the owner's lists, or every passage as well. */
public enum SharingPurpose {
    HITS, PASSAGES
}
