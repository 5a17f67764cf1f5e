package org.openanpr.hotlist;

/** A list change that clashes with what exists: a name taken, or a list still referred to by hits or actions. */
public final class ListConflict extends RuntimeException {
    public ListConflict(String reason) {
        super(reason);
    }
}
