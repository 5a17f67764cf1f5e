package org.openanpr.federation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.openanpr.audit.AuditEntry;
import org.openanpr.audit.AuditLog;
import org.openanpr.db.Sql;
import org.openanpr.db.Tx;
import org.openanpr.http.Json;
import org.openanpr.kafka.FederationTopic;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The publishing side over Kafka: every published version, once made, goes to the topic of the list's organisation
 * as the same document the HTTP feed serves ({@code {"list": …, "versions": [one version]}}), keyed by list id. A
 * version of more than {@link #ENTRIES_PER_RECORD} entries goes as several records ({@code part} of {@code parts}),
 * so that a FULL version of a million entries stays within Kafka's record size. Each record is signed (Ed25519) with
 * the installation's federation key, whose public half the subscriber took from the HTTP list description when it
 * subscribed: anyone else who can write to the topic cannot make a subscriber apply a list.
 *
 * <p>The versions table is the outbox: a version is marked sent once Kafka acknowledged all its records, in version
 * order per list, so a failed send is repeated (a subscriber skips a version it runs already).
 */
final class KafkaPublisher {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(KafkaPublisher.class);
    static final int ENTRIES_PER_RECORD = 5000;
    static final String SIGNATURE = "openanpr-signature";
    static final String PUBLISHER = "openanpr-publisher";

    private final DataSource db;
    private final AuditLog audit;
    private final FederationTopic topic;
    private final LongFunction<Map<String, Object>> describe;
    private final KeyPair key;

    KafkaPublisher(DataSource db, AuditLog audit, FederationTopic topic, LongFunction<Map<String, Object>> describe) {
        this.db = db;
        this.audit = audit;
        this.topic = topic;
        this.describe = describe;
        this.key = loadOrCreateKey(db);
    }

    /** The public key subscribers check records with, base64 of its X.509 encoding. */
    String publicKey() {
        return Base64.getEncoder().encodeToString(key.getPublic().getEncoded());
    }

    String topicOf(String organisation) {
        return topic.topicOf(organisation);
    }

    /** Sends every version not yet on Kafka, list by list in version order; a list whose send fails waits for the next round. */
    void sendPending() {
        List<Long> due = Sql.list(db, "select distinct list_id from federation_version where kafka_sent_at is null", rs -> rs.getLong(1));
        for (long listId : due) {
            try {
                sendList(listId);
            } catch (RuntimeException e) {
                log.warn("list {}: its versions wait for Kafka: {}", listId, e.getMessage());
            }
        }
    }

    private void sendList(long listId) {
        try {
            Tx.sql(db, c -> {
                String organisation;
                // One serve node at a time sends a list, so that its versions reach the topic in order.
                try (PreparedStatement lock = c.prepareStatement("""
                        select l.organisation from federation_publication p join reference_list l on l.id = p.list_id
                        where p.list_id = ? for update of p skip locked""")) {
                    lock.setLong(1, listId);
                    try (ResultSet rs = lock.executeQuery()) {
                        if (!rs.next()) return null;
                        organisation = rs.getString(1);
                    }
                }
                Map<String, Object> list = describe.apply(listId);
                String name = topic.topicOf(organisation);
                List<Integer> sent = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("""
                        select version, kind, added::text, removed::text, created_at from federation_version
                        where list_id = ? and kafka_sent_at is null order by version""")) {
                    ps.setLong(1, listId);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            int version = rs.getInt(1);
                            topic.send(name, Long.toString(listId), records(list, organisation, version, rs.getString(2),
                                    Json.MAPPER.readTree(rs.getString(3)), Json.MAPPER.readTree(rs.getString(4)),
                                    rs.getTimestamp(5).toInstant().toString()));
                            try (PreparedStatement mark = c.prepareStatement(
                                    "update federation_version set kafka_sent_at = now() where list_id = ? and version = ?")) {
                                mark.setLong(1, listId);
                                mark.setInt(2, version);
                                mark.executeUpdate();
                            }
                            sent.add(version);
                        }
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                if (!sent.isEmpty())
                    audit.record(c, new AuditEntry("federation", organisation, AuditEntry.Action.FEDERATION, "list " + listId, null, null,
                            "list versions published on Kafka", sent.size(), Map.of("topic", name, "from", sent.getFirst(), "to", sent.getLast())));
                return null;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("could not publish list " + listId + " on Kafka", e);
        }
    }

    /** One version as feed documents of at most {@link #ENTRIES_PER_RECORD} entries each, signed. */
    private List<FederationTopic.Outgoing> records(Map<String, Object> list, String organisation, int version, String kind,
                                                   JsonNode added, JsonNode removed, String createdAt) throws IOException {
        int total = added.size() + removed.size();
        int parts = Math.max(1, (total + ENTRIES_PER_RECORD - 1) / ENTRIES_PER_RECORD);
        List<FederationTopic.Outgoing> out = new ArrayList<>(parts);
        int i = 0;
        for (int part = 1; part <= parts; part++) {
            ArrayNode a = Json.MAPPER.createArrayNode();
            ArrayNode r = Json.MAPPER.createArrayNode();
            for (int n = 0; n < ENTRIES_PER_RECORD && i < total; n++, i++) {
                if (i < added.size()) a.add(added.get(i));
                else r.add(removed.get(i - added.size()));
            }
            ObjectNode v = Json.MAPPER.createObjectNode();
            v.put("version", version);
            v.put("kind", kind);
            v.set("added", a);
            v.set("removed", r);
            v.put("createdAt", createdAt);
            v.put("part", part);
            v.put("parts", parts);
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("list", list);
            doc.put("versions", List.of(v));
            byte[] value = Json.MAPPER.writeValueAsBytes(doc);
            out.add(new FederationTopic.Outgoing(value, Map.of(SIGNATURE, sign(value), PUBLISHER,
                    organisation.getBytes(StandardCharsets.UTF_8))));
        }
        return out;
    }

    private byte[] sign(byte[] value) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key.getPrivate());
            s.update(value);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True when {@code signature} is the publisher's (its base64 X.509 public key) over {@code value}. */
    static boolean verify(byte[] publicKey, byte[] value, byte[] signature) {
        if (publicKey == null || signature == null) return false;
        try {
            PublicKey k = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(publicKey));
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(k);
            s.update(value);
            return s.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static KeyPair loadOrCreateKey(DataSource db) {
        try (Connection c = db.getConnection()) {
            KeyPair fresh = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into federation_signing_key (id, private_key, public_key) values (1, ?, ?) on conflict (id) do nothing")) {
                ps.setBytes(1, fresh.getPrivate().getEncoded());
                ps.setBytes(2, fresh.getPublic().getEncoded());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("select private_key, public_key from federation_signing_key where id = 1");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                KeyFactory f = KeyFactory.getInstance("Ed25519");
                PrivateKey priv = f.generatePrivate(new PKCS8EncodedKeySpec(rs.getBytes(1)));
                PublicKey pub = f.generatePublic(new X509EncodedKeySpec(rs.getBytes(2)));
                return new KeyPair(pub, priv);
            }
        } catch (SQLException | GeneralSecurityException e) {
            throw new IllegalStateException("could not load the federation signing key", e);
        }
    }
}
