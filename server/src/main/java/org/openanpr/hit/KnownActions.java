package org.openanpr.hit;

import org.openanpr.access.Visibility;

/**
 * The enforcement actions a hit filter may name. Owned here so that {@code hit} does not depend on {@code action},
 * which reports over hits; the action store answers it.
 */
public interface KnownActions {
    /** Whether an action with this id exists and is the caller's to see. */
    boolean visible(long id, Visibility v);
}
