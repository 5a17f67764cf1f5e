package org.openanpr.investigation;

import io.javalin.http.Context;
import org.openanpr.http.Params;
import org.openanpr.passage.SearchScope;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** The passages an analysis reads, from the request: one plate (or every plate), {@code from}–{@code to}, by default the last day. */
public final class AnalysisScope {
    static final Duration DEFAULT_WINDOW = Duration.ofDays(1);

    private AnalysisScope() {
    }

    /** @param plate normalised, or null for every plate */
    public static SearchScope of(Context ctx, String plate, Clock clock) {
        Instant given = Params.instant(ctx, "to");
        Instant to = given == null ? clock.instant() : given;
        Instant from = Params.instant(ctx, "from");
        Instant start = from == null ? to.minus(DEFAULT_WINDOW) : from;
        return Params.valid(() -> new SearchScope(plate, false, null, start, to));
    }
}
