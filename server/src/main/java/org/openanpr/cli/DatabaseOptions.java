package org.openanpr.cli;

import org.openanpr.db.Database;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;

/** --db / --data, shared by every command that needs the database. */
final class DatabaseOptions {
    @Option(names = "--db", paramLabel = "JDBC_URL",
            description = "PostgreSQL server to use, e.g. jdbc:postgresql://db:5432/anpr. Default: embedded PostgreSQL under --data.")
    String url;

    @Option(names = "--db-user", description = "Database user (default: from the URL).")
    String user;

    @Option(names = "--db-password-env", defaultValue = "ANPR_DB_PASSWORD",
            description = "Environment variable holding the database password (default: ${DEFAULT-VALUE}).")
    String passwordEnv;

    @Option(names = "--data", defaultValue = "data", description = "Data directory for the embedded database (default: ./${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--db-statement-timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "The longest one database statement may run, list imports included (default: ${DEFAULT-VALUE}).")
    int statementTimeoutSeconds;

    Database open(int poolSize) {
        if (statementTimeoutSeconds < 1) throw new IllegalArgumentException("--db-statement-timeout must be at least 1 second");
        Duration statementTimeout = Duration.ofSeconds(statementTimeoutSeconds);
        if (url == null) return Database.embedded(data, poolSize, statementTimeout);
        if (!url.startsWith("jdbc:postgresql://"))
            throw new IllegalArgumentException("--db must be a jdbc:postgresql:// URL");
        return Database.external(url, user, System.getenv(passwordEnv), null, poolSize, statementTimeout);
    }
}
