package org.openanpr.hotlist;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.openanpr.plate.Plates;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/** An entry as stored, for the list manager's search and for a hit's details. */
public record StoredEntry(long id, String plate, String country, String reason, BigDecimal amount, Instant validFrom,
                          Instant validUntil, Map<String, String> attributes, int addedIn) {

    /** The entry as the matcher holds it, details included. */
    public static StoredEntry of(ListEntry e) {
        EntryDetails d = e.details();
        return new StoredEntry(e.entryId(), e.plate(), e.country() == null ? "" : e.country().code(), d.reason(),
                d.amount(), e.validFrom(), e.validUntil(), d.attributes(), d.addedIn());
    }

    /** The plate as written on it ({@code 12-BDF-3}); a wildcard entry ({@code 12?BC3}) is shown as stored. */
    @JsonProperty("display")
    public String display() {
        return Plates.display(plate, country);
    }
}
