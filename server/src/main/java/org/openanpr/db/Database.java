package org.openanpr.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.nio.file.Path;

/**
 * The PostgreSQL the server runs on: an embedded one under a data directory, or a server named by a JDBC URL.
 * Either way callers get a pooled {@link DataSource} whose schema is migrated by {@link #migrate()}.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource pool;
    private final EmbeddedPostgresServer embedded;
    private final String displayUrl;
    private final String schema;

    private Database(HikariDataSource pool, EmbeddedPostgresServer embedded, String displayUrl, String schema) {
        this.pool = pool;
        this.embedded = embedded;
        this.displayUrl = displayUrl;
        this.schema = schema;
    }

    /** Starts (or restarts, after a crash) the embedded PostgreSQL whose files live under {@code dataDir}. */
    public static Database embedded(Path dataDir, int poolSize) {
        EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dataDir.resolve("pg"));
        try {
            return new Database(pool(pg.jdbcUrl(), EmbeddedPostgresServer.USER, pg.password(), null, poolSize), pg,
                    pg.jdbcUrl() + " (embedded, data in " + dataDir.resolve("pg") + ")", "public");
        } catch (RuntimeException e) {
            pg.close();
            throw e;
        }
    }

    /** Uses a PostgreSQL server; user and password may also be given in the URL. */
    public static Database external(String jdbcUrl, String user, String password, String schema, int poolSize) {
        return new Database(pool(jdbcUrl, user, password, schema, poolSize), null, redact(jdbcUrl),
                schema == null ? "public" : schema);
    }

    private static HikariDataSource pool(String url, String user, String password, String schema, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (user != null) config.setUsername(user);
        if (password != null) config.setPassword(password);
        if (schema != null) config.setSchema(schema);
        config.setMaximumPoolSize(size);
        config.setPoolName("anpr-db");
        config.setInitializationFailTimeout(30_000);
        // Passages are only acknowledged once durable; never let a server's default weaken that.
        config.setConnectionInitSql("set synchronous_commit = on");
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("ApplicationName", "openanpr");
        return new HikariDataSource(config);
    }

    private static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    public Database migrate() {
        Flyway.configure()
                .dataSource(pool)
                .schemas(schema)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        return this;
    }

    public DataSource dataSource() {
        return pool;
    }

    public String displayUrl() {
        return displayUrl;
    }

    @Override
    public void close() {
        pool.close();
        if (embedded != null) embedded.close();
    }
}
