package org.openanpr.access;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves bearer tokens to principals. Lookups are cached in memory because every request needs one;
 * revocation clears the cache so it takes effect at once.
 */
public final class TokenStore {
    private final DataSource db;
    private final Map<String, Optional<Principal>> cache = new ConcurrentHashMap<>();

    public TokenStore(DataSource db) {
        this.db = db;
    }

    public Optional<Principal> resolve(String token) {
        byte[] hash = Tokens.hash(token);
        return cache.computeIfAbsent(HexFormat.of().formatHex(hash), k -> load(hash));
    }

    private Optional<Principal> load(byte[] hash) {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "select kind, camera_id, label from api_token where token_hash = ? and revoked_at is null")) {
            ps.setBytes(1, hash);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                return Optional.of(switch (rs.getString(1)) {
                    case "ADMIN" -> new Principal.Admin(rs.getString(3));
                    case "CAMERA" -> new Principal.CameraDevice(rs.getString(2), rs.getString(3));
                    default -> throw new IllegalStateException("unknown token kind " + rs.getString(1));
                });
            }
        } catch (SQLException e) {
            throw new IllegalStateException("token lookup failed", e);
        }
    }

    public boolean anyAdminToken() {
        return exists("select 1 from api_token where kind = 'ADMIN' and revoked_at is null");
    }

    /** Registers a known admin token (e.g. from ANPR_ADMIN_TOKEN); idempotent. */
    public void registerAdmin(String token, String label) {
        update("insert into api_token (token_hash, kind, label) values (?, 'ADMIN', ?) on conflict (token_hash) do nothing",
                Tokens.hash(token), label);
    }

    public String issueCameraToken(String cameraId) {
        String token = Tokens.generate("cam");
        update("insert into api_token (token_hash, kind, camera_id, label) values (?, 'CAMERA', ?, ?)",
                Tokens.hash(token), cameraId, "camera " + cameraId);
        return token;
    }

    /** Revokes every token of a camera; returns how many. */
    public int revokeCameraTokens(String cameraId) {
        int n = update("update api_token set revoked_at = now() where camera_id = ? and revoked_at is null", cameraId);
        cache.clear();
        return n;
    }

    private boolean exists(String sql) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            return rs.next();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private int update(String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
