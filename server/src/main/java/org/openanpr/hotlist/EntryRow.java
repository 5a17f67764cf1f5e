package org.openanpr.hotlist;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * One entry of a reference list as imported. {@code plate} is normalised with {@code ?} for an unknown character;
 * {@code country} is an ISO code or empty for any country.
 */
public record EntryRow(long line, String plate, String country, String reason, BigDecimal amount,
                       Instant validFrom, Instant validUntil, Map<String, String> attributes) {

    /** The key that makes an entry unique within a list. */
    public String identity() {
        return plate + "/" + country;
    }
}
