package org.openanpr.hit;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.openanpr.plate.Plates;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A read that matched a list entry, with what the officer needs on the road (the list's instruction, the entry's
 * reason and amount) and, once recorded, what happened. An open hit has no outcome yet.
 */
public record Hit(
        UUID id,
        UUID passageId,
        Instant time,
        String camera,
        String plate,
        String country,
        float confidence,
        Double lat,
        Double lon,
        long listId,
        String listName,
        String category,
        String organisation,
        Long entryId,
        String entryPlate,
        String entryReason,
        BigDecimal entryAmount,
        String matchKind,
        int distance,
        String instruction,
        int priority,
        Long actionId,
        boolean historical,
        boolean hasImages,
        Instant createdAt,
        String acknowledgedBy,
        Instant acknowledgedAt,
        Outcome outcome,
        BigDecimal outcomeAmount,
        String outcomeNote,
        String outcomeBy,
        Instant outcomeAt,
        boolean hasOverview) {

    public boolean open() {
        return outcome == null;
    }

    /** The plate as written on it ({@code 12-BDF-3}); {@code plate} stays the normalised text that queries take. */
    @JsonProperty("display")
    public String display() {
        return Plates.display(plate, country);
    }

    /** The listed plate as written on a plate, for a fuzzy or wildcard match that differs from the read. */
    @JsonProperty("entryDisplay")
    public String entryDisplay() {
        return Plates.display(entryPlate, country);
    }
}
