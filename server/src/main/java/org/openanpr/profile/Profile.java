package org.openanpr.profile;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/** A stored pattern profile: an organisation's, with the purpose and legal basis it was switched on for. */
public record Profile(long id, String organisation, String name, String purpose, String legalBasis, JsonNode definition,
                      boolean active, String createdBy, Instant createdAt) {
    public PatternRule rule() {
        return ProfileDefinition.parse(definition);
    }
}
