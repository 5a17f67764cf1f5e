package org.openanpr.connector;

import com.fasterxml.jackson.databind.JsonNode;
import org.openanpr.http.Json;

import java.time.Instant;

/**
 * A feed of one organisation: a vendor's equipment delivering to {@code POST /api/v1/ingest/{id}} with the
 * connector's token. {@code camera}, when set, is the one camera every read through it belongs to; otherwise the
 * vendor's camera ids are mapped to ours.
 */
public record Connector(String id, String organisation, ConnectorKind kind, String name, String camera,
                        Instant createdAt, JsonNode settings) {

    public Connector {
        settings = settings == null ? Json.MAPPER.createObjectNode() : settings;
    }

    public VendorFormat format() {
        return kind.format(settings);
    }

    /** The settings as the API shows them: a password is never given back. */
    public JsonNode publicSettings() {
        JsonNode copy = settings.deepCopy();
        if (copy instanceof com.fasterxml.jackson.databind.node.ObjectNode o && o.has("password")) o.put("password", "********");
        return copy;
    }
}
