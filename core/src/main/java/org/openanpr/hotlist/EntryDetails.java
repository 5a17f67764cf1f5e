package org.openanpr.hotlist;

import java.math.BigDecimal;
import java.util.Map;

/**
 * What a list says about one of its plates, beyond what matching needs: why it is listed, the amount owed, free
 * attributes, and the list version that added it. Many entries of one list say the same, so a loader shares one
 * instance among them.
 *
 * @param reason     why the plate is listed; {@code null} when not given
 * @param amount     the amount owed; {@code null} when not given
 * @param attributes free attributes, never {@code null}
 * @param addedIn    the list version that added the entry; 0 when unknown
 */
public record EntryDetails(String reason, BigDecimal amount, Map<String, String> attributes, int addedIn) {

    public static final EntryDetails NONE = new EntryDetails(null, null, Map.of(), 0);

    public EntryDetails {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}
