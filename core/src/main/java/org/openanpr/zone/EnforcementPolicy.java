package org.openanpr.zone;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * The enforcement chain of a zone, as its enforcement plan sets it: until the end of the tolerance period
 * (gedoogperiode) a violation gives a warning letter; after it, a vehicle's first violation gives a warning and later
 * ones a fine, the n-th fine within the recidivist term taking the n-th amount (the last amount repeats). A vehicle
 * with no sanction in this zone for a whole recidivist term starts again with a warning. Tolerance-period warnings do
 * not count afterwards: the rules only bite once the period is over.
 *
 * @param toleranceUntil        first day after the tolerance period (null: none)
 * @param warningFirst          whether a first violation after the tolerance period gives a warning
 * @param recidivistTermDays    how far back earlier sanctions count
 * @param fineAmounts           the fine for the 1st, 2nd, … fine within the term
 */
public record EnforcementPolicy(LocalDate toleranceUntil, boolean warningFirst, int recidivistTermDays,
                                List<BigDecimal> fineAmounts) {

    public enum Kind { WARNING, FINE }

    /** A sanction issued earlier to the same vehicle in the same zone, by the day of its violation. */
    public record Prior(LocalDate day, Kind kind) {
    }

    /** The sanction for a violation: a warning, or the n-th fine and its amount. */
    public record Sanction(Kind kind, int ordinal, BigDecimal amount) {
    }

    public EnforcementPolicy {
        if (recidivistTermDays < 1 || recidivistTermDays > 3660) throw new IllegalArgumentException("recidivistTermDays: 1 to 3660");
        if (fineAmounts == null || fineAmounts.isEmpty()) throw new IllegalArgumentException("fineAmounts: at least one");
        for (BigDecimal a : fineAmounts)
            if (a == null || a.signum() <= 0 || a.scale() > 2 || a.compareTo(new BigDecimal("100000")) >= 0)
                throw new IllegalArgumentException("fineAmounts: positive, at most 2 decimals, below 100000");
        fineAmounts = List.copyOf(fineAmounts);
    }

    public boolean inTolerance(LocalDate day) {
        return toleranceUntil != null && day.isBefore(toleranceUntil);
    }

    /**
     * The sanction for a violation on {@code day}, given the sanctions already issued to this vehicle in this zone for
     * earlier days (later or same-day ones are ignored: one sanction per vehicle per zone per day).
     */
    public Sanction sanction(LocalDate day, List<Prior> issued) {
        if (inTolerance(day)) return new Sanction(Kind.WARNING, 0, null);
        LocalDate termStart = day.minusDays(recidivistTermDays);
        int inTerm = 0;
        int finesInTerm = 0;
        for (Prior p : issued) {
            if (!p.day().isBefore(day) || p.day().isBefore(termStart) || inTolerance(p.day())) continue;
            inTerm++;
            if (p.kind() == Kind.FINE) finesInTerm++;
        }
        if (warningFirst && inTerm == 0) return new Sanction(Kind.WARNING, 0, null);
        int n = finesInTerm + 1;
        return new Sanction(Kind.FINE, n, fineAmounts.get(Math.min(n, fineAmounts.size()) - 1));
    }
}
