package org.openanpr.hotlist;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/** An entry as stored, for the list manager's search and for a hit's details. */
public record StoredEntry(long id, String plate, String country, String reason, BigDecimal amount, Instant validFrom,
                          Instant validUntil, Map<String, String> attributes, int addedIn) {
}
