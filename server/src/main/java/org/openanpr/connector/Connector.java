package org.openanpr.connector;

import java.time.Instant;

/**
 * A feed of one organisation: a vendor's equipment delivering to {@code POST /api/v1/ingest/{id}} with the
 * connector's token. {@code camera}, when set, is the one camera every read through it belongs to; otherwise the
 * vendor's camera ids are mapped to ours.
 */
public record Connector(String id, String organisation, ConnectorKind kind, String name, String camera,
                        Instant createdAt) {
}
