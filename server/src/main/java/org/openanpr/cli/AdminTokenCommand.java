package org.openanpr.cli;

import org.openanpr.access.TokenStore;
import org.openanpr.access.Tokens;
import org.openanpr.audit.AuditEntry;
import org.openanpr.audit.AuditLog;
import org.openanpr.db.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The system token's life: a new one replacing every other ({@code rotate}), or none at all ({@code revoke}).
 * Works on the database, so it needs no token of its own; a running server stops accepting the old one within
 * {@link TokenStore#CACHE_TIME}. Each run is on the audit record.
 */
@Command(name = "admin-token", mixinStandardHelpOptions = true, description = "The system token: rotate or revoke it.",
        subcommands = {AdminTokenCommand.Rotate.class, AdminTokenCommand.Revoke.class})
final class AdminTokenCommand implements Runnable {
    @Override
    public void run() {
        System.err.println("usage: anpr admin-token rotate|revoke [--db URL]");
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = {"Generates a new system token, prints it once and revokes every other one.",
                    "If serve gets its token from ANPR_ADMIN_TOKEN, put the new one there: the old one no longer starts it."})
    static final class Rotate implements Callable<Integer> {
        @Mixin
        DatabaseOptions database;

        @Override
        public Integer call() {
            try (Database db = database.open(2)) {
                TokenStore tokens = new TokenStore(db.dataSource(), Clock.systemUTC());
                String token = Tokens.generate("adm");
                tokens.registerAdmin(token, "admin (rotated on the command line)");
                int revoked = tokens.revokeAdminTokens(token);
                record(db, "rotate", revoked);
                System.out.println("New system token (shown once, stored hashed): " + token);
                System.out.println("Revoked " + revoked + " other system token(s).");
            }
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = {"Revokes every system token. The next serve without ANPR_ADMIN_TOKEN generates a new one and "
                    + "prints it once; with ANPR_ADMIN_TOKEN it needs a new value there."})
    static final class Revoke implements Callable<Integer> {
        @Mixin
        DatabaseOptions database;

        @Override
        public Integer call() {
            try (Database db = database.open(2)) {
                int revoked = new TokenStore(db.dataSource(), Clock.systemUTC()).revokeAdminTokens(null);
                record(db, "revoke", revoked);
                System.out.println("Revoked " + revoked + " system token(s).");
            }
            return 0;
        }
    }

    private static void record(Database db, String action, int revoked) {
        new AuditLog(db.dataSource(), Clock.systemUTC()).record(new AuditEntry(
                "anpr admin-token (OS user " + System.getProperty("user.name") + ")", null, AuditEntry.Action.ADMIN,
                "system token", null, null, null, null, Map.of("action", action, "revoked", revoked)));
    }
}
