package org.openanpr.hit;

import java.math.BigDecimal;

/**
 * The figures a region reports about an action, a list, a camera or a day. {@code stopped} counts hits whose outcome
 * involved stopping the vehicle; rates are fractions (0..1) and 0 when there is nothing to divide by.
 */
public record StatsRow(String key, long scanned, long hits, long open, double hitRate, long stopped, long checked,
                       long finesPaid, BigDecimal amountCollected, long arrests, long seizures, long notStopped,
                       long misreads, double misreadRate) {
}
