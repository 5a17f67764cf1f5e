package org.openanpr.access;

import org.openanpr.db.Sql;
import org.openanpr.db.Tx;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * People who log in. After {@link #MAX_FAILURES} wrong passwords in a row an account locks for
 * {@link #LOCK_TIME}; an administrator can unlock it earlier. A disabled account has every token revoked.
 */
public final class UserStore {
    public static final int MAX_FAILURES = 5;
    public static final Duration LOCK_TIME = Duration.ofMinutes(15);
    private static final String COLUMNS =
            "id, username, display_name, organisation, roles, disabled, locked_until, failed_logins, created_at";

    private final DataSource db;
    private final Passwords passwords;
    private final TokenStore tokens;
    private final Clock clock;

    public UserStore(DataSource db, Passwords passwords, TokenStore tokens, Clock clock) {
        this.db = db;
        this.passwords = passwords;
        this.tokens = tokens;
        this.clock = clock;
    }

    public record NewUser(String username, String displayName, String organisation, Set<Role> roles, String password) {
    }

    public UserView create(NewUser u) {
        try {
            return Tx.sql(db, c -> {
                try (PreparedStatement ps = c.prepareStatement("insert into app_user (organisation, username, display_name, "
                        + "password_hash, roles) values (?, ?, ?, ?, ?) returning " + COLUMNS)) {
                    ps.setString(1, u.organisation());
                    ps.setString(2, u.username());
                    ps.setString(3, u.displayName());
                    ps.setString(4, passwords.hash(u.password()));
                    ps.setArray(5, roles(c, u.roles()));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return view(rs);
                    }
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException("storing user " + u.username() + " failed", e);
        }
    }

    public boolean exists(String username) {
        return findByUsername(username).isPresent();
    }

    public Optional<UserView> find(long id) {
        return query("where id = ?", id).stream().findFirst();
    }

    public Optional<UserView> findByUsername(String username) {
        return query("where username = ?", username).stream().findFirst();
    }

    /** Users of one organisation, or all with null. */
    public List<UserView> list(String organisation) {
        return organisation == null ? query("order by organisation, username") : query("where organisation = ? order by username", organisation);
    }

    public UserView update(long id, String displayName, Set<Role> roles, Boolean disabled, boolean unlock) {
        try {
            UserView updated = Tx.sql(db, c -> {
                try (PreparedStatement ps = c.prepareStatement("update app_user set display_name = coalesce(?, display_name), "
                        + "roles = coalesce(?, roles), disabled = coalesce(?, disabled), "
                        + "locked_until = case when ? then null else locked_until end, "
                        + "failed_logins = case when ? then 0 else failed_logins end where id = ? returning " + COLUMNS)) {
                    ps.setString(1, displayName);
                    ps.setArray(2, roles == null ? null : roles(c, roles));
                    ps.setObject(3, disabled);
                    ps.setBoolean(4, unlock);
                    ps.setBoolean(5, unlock);
                    ps.setLong(6, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) throw new java.util.NoSuchElementException("no user " + id);
                        return view(rs);
                    }
                }
            });
            if (updated.disabled()) tokens.revokeUser(id);
            else tokens.forgetCached();
            return updated;
        } catch (SQLException e) {
            throw new IllegalStateException("updating user " + id + " failed", e);
        }
    }

    /**
     * Sets a new password and ends every session of the user, and their API tokens unless they are kept on purpose:
     * a password is changed because someone else may know it, and what that someone opened with it must close too.
     */
    public void setPassword(long id, String password, boolean keepTokens) {
        execute("update app_user set password_hash = ?, password_changed_at = now(), failed_logins = 0, locked_until = null where id = ?",
                passwords.hash(password), id);
        tokens.revokeSessions(id);
        if (!keepTokens) tokens.revokeUserTokens(id);
    }

    public LoginResult authenticate(String username, String password) {
        // A wrong guess counts towards the lock even when the request it came with is refused and rolled back.
        return org.openanpr.db.RequestTransaction.apart(() -> check(username, password));
    }

    private LoginResult check(String username, String password) {
        Instant now = clock.instant();
        Optional<Stored> stored = stored(username);
        if (stored.isEmpty()) {
            passwords.burn(password);
            return new LoginResult.BadCredentials();
        }
        Stored s = stored.get();
        if (s.view.disabled()) {
            passwords.burn(password);
            return new LoginResult.Disabled();
        }
        if (s.view.lockedUntil() != null && s.view.lockedUntil().isAfter(now)) {
            passwords.burn(password);
            return new LoginResult.Locked(s.view.lockedUntil());
        }
        if (passwords.verify(password, s.hash)) {
            execute("update app_user set failed_logins = 0, locked_until = null where id = ?", s.view.id());
            return new LoginResult.Success(s.view);
        }
        // Counted in SQL so that parallel wrong guesses cannot each see the old count.
        Instant lockUntil = now.plus(LOCK_TIME);
        execute("update app_user set failed_logins = case when failed_logins + 1 >= ? then 0 else failed_logins + 1 end, "
                + "locked_until = case when failed_logins + 1 >= ? then ? else locked_until end where id = ?",
                MAX_FAILURES, MAX_FAILURES, lockUntil, s.view.id());
        return find(s.view.id()).map(UserView::lockedUntil).filter(u -> u.isAfter(now))
                .<LoginResult>map(LoginResult.Locked::new).orElse(new LoginResult.BadCredentials());
    }

    private record Stored(UserView view, String hash) {
    }

    private Optional<Stored> stored(String username) {
        return Sql.list(db, "select " + COLUMNS + ", password_hash from app_user where username = ?",
                rs -> new Stored(view(rs), rs.getString("password_hash")), username).stream().findFirst();
    }

    private List<UserView> query(String where, Object... args) {
        return Sql.list(db, "select " + COLUMNS + " from app_user " + where, UserStore::view, args);
    }

    private void execute(String sql, Object... args) {
        Sql.update(db, sql, args);
    }

    private static Array roles(Connection c, Set<Role> roles) throws SQLException {
        return c.createArrayOf("text", roles.stream().map(Role::name).sorted().toArray());
    }

    private static UserView view(ResultSet rs) throws SQLException {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String r : (String[]) rs.getArray("roles").getArray()) roles.add(Role.valueOf(r));
        Timestamp locked = rs.getTimestamp("locked_until");
        return new UserView(rs.getLong("id"), rs.getString("username"), rs.getString("display_name"),
                rs.getString("organisation"), roles, rs.getBoolean("disabled"), locked == null ? null : locked.toInstant(),
                rs.getInt("failed_logins"), rs.getTimestamp("created_at").toInstant());
    }
}
