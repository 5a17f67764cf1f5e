package org.openanpr.hotlist;

/** How a read matched an entry, from the most to the least certain; that order is the order of the constants. */
public enum MatchKind {
    /** The read text is the entry's text. */
    EXACT,
    /** The read fits a pattern with unknown characters, e.g. {@code 12?BC3}. */
    WILDCARD,
    /** The read differs from the entry by OCR confusions (0/O, 8/B, ...) and at most one other character. */
    FUZZY
}
