package org.openanpr.hotlist;

import java.time.Instant;
import java.util.List;

/**
 * Lists switched on at some cameras for a time window by something outside this package: an enforcement action.
 * The matcher needs only this much of one; owning the type here keeps {@code hotlist} from depending on
 * {@code action}, which depends on it.
 */
public interface TimedActivation {
    /** The id a hit found under this activation carries (the enforcement action's). */
    long id();

    /** Lists only of this organisation are switched on, and only at its own cameras. */
    String organisation();

    List<String> cameras();

    List<Long> lists();

    boolean runsAt(Instant t);

    /** Where the matcher reads every timed activation from when it remakes where lists are on. */
    interface Source {
        List<? extends TimedActivation> all();
    }
}
