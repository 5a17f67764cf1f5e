package org.openanpr.federation;

import org.postgresql.util.PSQLState;
import org.openanpr.access.Tokens;
import org.openanpr.db.Tx;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The subscriber nodes an organisation lets pull its published lists, each with a federation token of its own. Only
 * the token's SHA-256 is stored; the token is shown once, when the peer is created. A revoked peer's token opens
 * nothing.
 */
final class Peers {
    /** A subscriber node as the publishing node knows it. */
    record Peer(long id, String organisation, String name, Instant createdAt, Instant revokedAt) {
    }

    private final DataSource db;

    Peers(DataSource db) {
        this.db = db;
    }

    /** Creates a peer and returns its token (shown once). */
    String create(String organisation, String name, String by) {
        String token = Tokens.generate("fed");
        try {
            Tx.sql(db, c -> {
                try (PreparedStatement org = c.prepareStatement("insert into organisation (code, name) values (?, ?) on conflict (code) do nothing")) {
                    org.setString(1, organisation);
                    org.setString(2, organisation);
                    org.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "insert into federation_peer (organisation, name, token_hash, created_by) values (?, ?, ?, ?)")) {
                    ps.setString(1, organisation);
                    ps.setString(2, name);
                    ps.setBytes(3, hash(token));
                    ps.setString(4, by);
                    ps.executeUpdate();
                }
                return null;
            });
        } catch (SQLException e) {
            if (PSQLState.UNIQUE_VIOLATION.getState().equals(e.getSQLState())) throw new IllegalArgumentException("a peer named '" + name + "' exists already");
            throw new IllegalStateException("could not create the peer", e);
        }
        return token;
    }

    Optional<Peer> resolve(String token) {
        try (var c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select id, organisation, name, created_at, revoked_at from federation_peer where token_hash = ? and revoked_at is null")) {
            ps.setBytes(1, hash(token));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(peer(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not check a federation token", e);
        }
    }

    List<Peer> of(String organisation) {
        try (var c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select id, organisation, name, created_at, revoked_at from federation_peer where ?::text is null or organisation = ? order by id")) {
            ps.setString(1, organisation);
            ps.setString(2, organisation);
            List<Peer> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(peer(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the peers", e);
        }
    }

    /** Revokes a peer of the organisation (any, for null); false when there is none such. */
    boolean revoke(long id, String organisation) {
        try (var c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "update federation_peer set revoked_at = now() where id = ? and (?::text is null or organisation = ?) and revoked_at is null")) {
            ps.setLong(1, id);
            ps.setString(2, organisation);
            ps.setString(3, organisation);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("could not revoke the peer", e);
        }
    }

    private static Peer peer(ResultSet rs) throws SQLException {
        java.sql.Timestamp revoked = rs.getTimestamp(5);
        return new Peer(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(),
                revoked == null ? null : revoked.toInstant());
    }

    static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
