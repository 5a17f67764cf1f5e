package org.openanpr.exchange;

import org.postgresql.util.PSQLState;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.openanpr.audit.AuditEntry;
import org.openanpr.audit.AuditLog;
import org.openanpr.db.Sql;
import org.openanpr.db.Tx;
import org.openanpr.http.Json;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The documents an organisation sent abroad and received, each kept whole with what it was exchanged under, and
 * stored in the same transaction as the {@code EXCHANGE} audit record of the exchange.
 */
final class Documents {
    private static final String COLUMNS = "id, document_id, organisation, direction, agreement_id, kind, sender, recipient, "
            + "legal_basis, purpose, items, list_id, by_whom, at";

    /** A document as listed (without its content). */
    record Summary(long id, UUID documentId, String organisation, String direction, long agreementId, String kind, String sender,
                   String recipient, String legalBasis, String purpose, int items, Long listId, String by, Instant at) {
    }

    record Stored(long id, UUID documentId, String organisation, String direction, String kind, String sender, String recipient,
                  String legalBasis, String purpose, int items, JsonNode content) {
    }

    private final DataSource db;
    private final AuditLog audit;

    Documents(DataSource db, AuditLog audit) {
        this.db = db;
        this.audit = audit;
    }

    /** Keeps a document sent or received and audits the exchange, in one transaction. */
    void store(ExchangeAgreement a, String direction, ExchangeDocument.Incoming doc, Long listId, String by, String what) {
        try {
            Tx.sql(db, c -> {
                try (PreparedStatement ps = c.prepareStatement("""
                        insert into exchange_document (document_id, organisation, direction, agreement_id, kind, sender, recipient,
                            legal_basis, purpose, items, list_id, content, by_whom)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)""")) {
                    Sql.bind(c, ps, doc.id(), a.organisation(), direction, a.id(), doc.kind().name(), doc.sender(), doc.recipient(),
                            doc.legalBasis(), doc.purpose(), doc.items(), listId, Json.MAPPER.writeValueAsString(doc.content()), by);
                    ps.executeUpdate();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("action", what);
                details.put("document", doc.id().toString());
                details.put("kind", doc.kind().name());
                details.put("agreement", a.id());
                details.put("sender", doc.sender());
                details.put("recipient", doc.recipient());
                if (listId != null) details.put("list", listId);
                audit.record(c, new AuditEntry(by, a.organisation(), AuditEntry.Action.EXCHANGE, "exchange document " + doc.id(),
                        doc.legalBasis(), doc.content().path("reference").asText(null), doc.purpose(), doc.items(), details));
                return null;
            });
        } catch (SQLException e) {
            if (PSQLState.UNIQUE_VIOLATION.getState().equals(e.getSQLState())) throw new org.openanpr.http.ApiException(409, "document " + doc.id() + " is known already");
            throw new IllegalStateException("could not keep the exchange document", e);
        }
    }

    /** Removes the documents exchanged before {@code before}, with a record per organisation of how many. */
    int purge(Instant before) {
        List<Object[]> gone = Sql.list(db, "delete from exchange_document where at < ? returning organisation",
                rs -> new Object[] {rs.getString(1)}, before);
        Map<String, Integer> perOrganisation = new LinkedHashMap<>();
        for (Object[] g : gone) perOrganisation.merge((String) g[0], 1, Integer::sum);
        perOrganisation.forEach((organisation, n) -> audit.record(new AuditEntry("retention", organisation, AuditEntry.Action.EXCHANGE,
                "exchange documents", null, null, "exchange documents past their retention removed", n,
                Map.of("action", "purged", "before", before.toString()))));
        return gone.size();
    }

    boolean received(String organisation, UUID documentId) {
        return !Sql.list(db, "select 1 from exchange_document where organisation = ? and direction = 'RECEIVED' and document_id = ?",
                rs -> 1, organisation, documentId).isEmpty();
    }

    /** The organisation's documents (every one, for null) of the given kinds, newest first. */
    List<Summary> of(String organisation, Set<String> kinds, int limit) {
        return Sql.list(db, "select " + COLUMNS + " from exchange_document where (?::text is null or organisation = ?) "
                        + "and kind = any(?) order by at desc, id desc limit ?",
                rs -> new Summary(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4), rs.getLong(5),
                        rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getInt(11),
                        (Long) rs.getObject(12), rs.getString(13), rs.getTimestamp(14).toInstant()),
                organisation, organisation, kinds.toArray(String[]::new), limit);
    }

    Optional<Stored> find(long id) {
        return Sql.list(db, "select id, document_id, organisation, direction, kind, sender, recipient, legal_basis, purpose, items, "
                        + "content::text from exchange_document where id = ?",
                rs -> {
                    try {
                        return new Stored(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4), rs.getString(5),
                                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getInt(10),
                                Json.MAPPER.readTree(rs.getString(11)));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, id).stream().findFirst();
    }

    /** A list's entries as a list file's JSON (only the given plates, when given), at most {@code limit}. */
    ArrayNode entries(long listId, Set<String> plates, int limit) {
        List<String> rows = Sql.list(db, """
                select jsonb_strip_nulls(jsonb_build_object('plate', plate, 'country', nullif(country, ''), 'reason', reason,
                    'amount', amount, 'validFrom', valid_from, 'validUntil', valid_until, 'attributes', attributes))::text
                from list_entry where list_id = ? and (?::text[] is null or plate = any(?)) order by plate limit ?""",
                rs -> rs.getString(1), listId, plates == null ? null : plates.toArray(String[]::new),
                plates == null ? null : plates.toArray(String[]::new), limit);
        ArrayNode out = Json.MAPPER.createArrayNode();
        try {
            for (String r : rows) out.add(Json.MAPPER.readTree(r));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
