package org.openanpr.hit;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/** The officer's report on a hit, as sent to {@code POST /api/v1/hits/{id}/outcome}. */
public record OutcomeInput(String outcome, BigDecimal amount, String note) {

    public Outcome validate() {
        if (outcome == null || outcome.isBlank())
            throw new IllegalArgumentException("outcome: required, one of " + List.of(Outcome.values()));
        Outcome o;
        try {
            o = Outcome.valueOf(outcome.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("outcome: '" + outcome + "' is not one of " + List.of(Outcome.values()));
        }
        if (o == Outcome.FINE_PAID && (amount == null || amount.signum() <= 0))
            throw new IllegalArgumentException("amount: FINE_PAID needs the amount collected");
        // the same bound as a list entry's amount: what numeric(12, 2) holds
        if (amount != null && (amount.signum() < 0 || amount.scale() > 2 || amount.precision() - amount.scale() > 10))
            throw new IllegalArgumentException("amount: a positive amount below 10,000,000,000 with at most 2 decimals");
        if (o == Outcome.NOT_STOPPED && (note == null || note.isBlank()))
            throw new IllegalArgumentException("note: NOT_STOPPED needs the reason why");
        if (note != null && note.length() > 2000) throw new IllegalArgumentException("note: longer than 2000 characters");
        return o;
    }
}
