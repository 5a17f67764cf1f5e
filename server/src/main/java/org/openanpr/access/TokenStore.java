package org.openanpr.access;

import org.openanpr.db.RequestTransaction;
import org.openanpr.db.Sql;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves bearer tokens and session cookies to principals. Every kind is a 256-bit random token kept only as
 * SHA-256: the system token, camera tokens, a person's API tokens and web sessions. Lookups are cached because every
 * request needs one; any revocation or user change in this process clears the cache so it takes effect at once,
 * expiry is checked on every use, and an entry is looked up again after {@link #CACHE_TIME} so that a revocation
 * by another process (the {@code anpr admin-token} command) also ends the token within seconds.
 */
public final class TokenStore {
    public static final Duration SESSION_TIME = Duration.ofHours(12);
    public static final Duration CACHE_TIME = Duration.ofSeconds(5);

    // 64 bits of the SHA-256 name a token in its owner's list: unique enough among one person's, and no secret.
    private static final int ID_LENGTH = 16;

    private final DataSource db;
    private final Clock clock;
    // Live tokens only: caching every unknown token sent would let anyone grow this map without bound.
    private final Map<String, Resolved> cache = new ConcurrentHashMap<>();

    private record Resolved(Principal principal, Instant expiresAt, long loadedNanos) {
        boolean stale() {
            return System.nanoTime() - loadedNanos > CACHE_TIME.toNanos();
        }

        boolean liveAt(Instant now) {
            return expiresAt == null || expiresAt.isAfter(now);
        }
    }

    /** A person's live token or session as they see it in their list: never the token, only a short id of its hash. */
    public record TokenView(String id, String kind, String label, Instant createdAt, Instant expiresAt) {
    }

    /** What the store knows of a system token that is given at start. */
    public enum AdminTokenState { LIVE, REVOKED, UNKNOWN }

    public TokenStore(DataSource db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public Optional<Principal> resolve(String token) {
        byte[] hash = Tokens.hash(token);
        String key = HexFormat.of().formatHex(hash);
        Resolved r = cache.compute(key, (k, cached) -> cached != null && !cached.stale() ? cached : load(hash).orElse(null));
        return Optional.ofNullable(r).filter(live -> live.liveAt(clock.instant())).map(Resolved::principal);
    }

    /**
     * Like {@link #resolve}, but from the database every time, bypassing the cache: for streams that outlive their
     * request and must see a revocation, expiry or disabled user however it was made.
     */
    public Optional<Principal> resolveFresh(String token) {
        return load(Tokens.hash(token)).filter(r -> r.liveAt(clock.instant())).map(Resolved::principal);
    }

    private Optional<Resolved> load(byte[] hash) {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     select t.kind, t.camera_id, t.label, t.expires_at, cam.organisation,
                            u.id, u.username, u.display_name, u.organisation, u.roles, u.disabled
                     from api_token t
                     left join camera cam on cam.id = t.camera_id
                     left join app_user u on u.id = t.user_id
                     where t.token_hash = ? and t.revoked_at is null""")) {
            ps.setBytes(1, hash);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                Timestamp expires = rs.getTimestamp(4);
                Principal p = switch (rs.getString(1)) {
                    case "ADMIN" -> new Principal.SystemAdmin(rs.getString(3));
                    case "CAMERA" -> new Principal.CameraDevice(rs.getString(2), rs.getString(5), rs.getString(3));
                    case "USER", "SESSION" -> {
                        if (rs.getBoolean(11)) yield null;
                        Set<Role> roles = EnumSet.noneOf(Role.class);
                        for (String role : (String[]) rs.getArray(10).getArray()) roles.add(Role.valueOf(role));
                        yield new Principal.User(rs.getLong(6), rs.getString(7), rs.getString(8), rs.getString(9), roles);
                    }
                    default -> throw new IllegalStateException("unknown token kind " + rs.getString(1));
                };
                return p == null ? Optional.empty()
                        : Optional.of(new Resolved(p, expires == null ? null : expires.toInstant(), System.nanoTime()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("token lookup failed", e);
        }
    }

    public boolean anyAdminToken() {
        return !Sql.list(db, "select 1 from api_token where kind = 'ADMIN' and revoked_at is null limit 1", rs -> 1).isEmpty();
    }

    /**
     * Registers a known system token (e.g. from ANPR_ADMIN_TOKEN); idempotent, and a revoked one stays revoked.
     * Refuses one too short to resist guessing (see {@link SystemToken}).
     */
    public void registerAdmin(String token, String label) {
        SystemToken.check(token);
        update("insert into api_token (token_hash, kind, label) values (?, 'ADMIN', ?) on conflict (token_hash) do nothing",
                Tokens.hash(token), label);
    }

    public AdminTokenState adminTokenState(String token) {
        List<Boolean> revoked = Sql.list(db, "select revoked_at is not null from api_token where token_hash = ? and kind = 'ADMIN'",
                rs -> rs.getBoolean(1), Tokens.hash(token));
        return revoked.isEmpty() ? AdminTokenState.UNKNOWN : revoked.getFirst() ? AdminTokenState.REVOKED : AdminTokenState.LIVE;
    }

    /** Revokes every system token except the one given (null: all of them); returns how many. */
    public int revokeAdminTokens(String except) {
        int n = update("update api_token set revoked_at = now() where kind = 'ADMIN' and revoked_at is null and token_hash <> ?",
                except == null ? new byte[0] : Tokens.hash(except));
        clearCache();
        return n;
    }

    public String issueCameraToken(String cameraId) {
        String token = Tokens.generate("cam");
        update("insert into api_token (token_hash, kind, camera_id, label) values (?, 'CAMERA', ?, ?)",
                Tokens.hash(token), cameraId, "camera " + cameraId);
        return token;
    }

    /** A web session for a user who just logged in; sent back as a cookie. */
    public String issueSession(UserView user) {
        String token = Tokens.generate("ses");
        update("insert into api_token (token_hash, kind, user_id, label, expires_at) values (?, 'SESSION', ?, ?, ?)",
                Tokens.hash(token), user.id(), "session of " + user.username(), clock.instant().plus(SESSION_TIME));
        return token;
    }

    /** A person's own API token; it always ends (the caller caps how far ahead). */
    public String issueUserToken(UserView user, String label, Instant expiresAt) {
        java.util.Objects.requireNonNull(expiresAt, "a person's token needs an end");
        String token = Tokens.generate("usr");
        update("insert into api_token (token_hash, kind, user_id, label, expires_at) values (?, 'USER', ?, ?, ?)",
                Tokens.hash(token), user.id(), label, expiresAt);
        return token;
    }

    /** Ends one token (logout); true when it was live. */
    public boolean revoke(String token) {
        int n = update("update api_token set revoked_at = now() where token_hash = ? and revoked_at is null", Tokens.hash(token));
        clearCache();
        return n > 0;
    }

    /** Revokes every token of a camera; returns how many. */
    public int revokeCameraTokens(String cameraId) {
        int n = update("update api_token set revoked_at = now() where camera_id = ? and revoked_at is null", cameraId);
        clearCache();
        return n;
    }

    /** Revokes every session and API token of a user; returns how many. */
    public int revokeUser(long userId) {
        int n = update("update api_token set revoked_at = now() where user_id = ? and revoked_at is null", userId);
        clearCache();
        return n;
    }

    /** The id a token has in its owner's list. */
    public static String idOf(String token) {
        return HexFormat.of().formatHex(Tokens.hash(token)).substring(0, ID_LENGTH);
    }

    /** A user's live API tokens and sessions, newest first. */
    public List<TokenView> listOfUser(long userId) {
        return Sql.list(db, "select substr(encode(token_hash, 'hex'), 1, " + ID_LENGTH + "), kind, label, created_at, expires_at "
                        + "from api_token where user_id = ? and revoked_at is null and (expires_at is null or expires_at > ?) "
                        + "order by created_at desc",
                rs -> new TokenView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(),
                        Sql.instant(rs.getTimestamp(5))), userId, clock.instant());
    }

    /** Ends one of a user's tokens or sessions by the id in their list; false when they have no such live token. */
    public boolean revokeOfUser(long userId, String id) {
        if (id == null || !id.matches("[0-9a-f]{" + ID_LENGTH + "}")) return false;
        int n = update("update api_token set revoked_at = now() where user_id = ? and revoked_at is null "
                + "and substr(encode(token_hash, 'hex'), 1, " + ID_LENGTH + ") = ?", userId, id);
        clearCache();
        return n > 0;
    }

    /** Revokes a user's API tokens (not their sessions); returns how many. */
    public int revokeUserTokens(long userId) {
        int n = update("update api_token set revoked_at = now() where user_id = ? and kind = 'USER' and revoked_at is null", userId);
        clearCache();
        return n;
    }

    public int revokeSessions(long userId) {
        int n = update("update api_token set revoked_at = now() where user_id = ? and kind = 'SESSION' and revoked_at is null", userId);
        clearCache();
        return n;
    }

    /**
     * Now, and again when a change request's transaction ends: in between, another request could cache what the
     * database still shows before the commit.
     */
    private void clearCache() {
        cache.clear();
        RequestTransaction.againAtEnd(cache::clear);
    }

    /** After a change to a user's roles: principals are cached with their roles. */
    public void forgetCached() {
        clearCache();
    }

    private int update(String sql, Object... args) {
        return Sql.update(db, sql, args);
    }
}
