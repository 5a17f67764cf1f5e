package org.openanpr.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL the server runs on: an embedded one under a data directory, or a server named by a JDBC URL.
 * Either way callers get a pooled {@link DataSource} whose schema is migrated by {@link #migrate()}.
 */
public final class Database implements AutoCloseable {
    /** How long a caller waits for a connection before it is told the database is away (HikariCP's default: 30 s). */
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);
    /** The longest one statement may run unless configured: generous, for list imports and benchmarks. */
    public static final Duration STATEMENT_TIMEOUT = Duration.ofMinutes(2);
    /** Embedded PostgreSQL restarts tried in a row before the process gives up and exits for its supervisor. */
    static final int RESTARTS = 3;
    /** The exit status then: EX_UNAVAILABLE. */
    public static final int EXIT_DATABASE_GONE = 69;
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource pool;
    private final EmbeddedPostgresServer embedded;
    private final String displayUrl;
    private final String schema;
    private final ScheduledExecutorService watchdog;
    private int failedRestarts;

    private Database(HikariDataSource pool, EmbeddedPostgresServer embedded, String displayUrl, String schema) {
        this.pool = pool;
        this.embedded = embedded;
        this.displayUrl = displayUrl;
        this.schema = schema;
        if (embedded == null) {
            watchdog = null; // a server of its own is restarted by whoever runs it; the pool reconnects when it is back
        } else {
            watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "embedded-postgres-watchdog");
                t.setDaemon(true);
                return t;
            });
            watchdog.scheduleWithFixedDelay(this::watch, 1, 1, TimeUnit.SECONDS);
        }
    }

    /** Starts (or restarts, after a crash) the embedded PostgreSQL whose files live under {@code dataDir}. */
    public static Database embedded(Path dataDir, int poolSize) {
        return embedded(dataDir, poolSize, STATEMENT_TIMEOUT);
    }

    public static Database embedded(Path dataDir, int poolSize, Duration statementTimeout) {
        EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dataDir.resolve("pg"));
        try {
            return new Database(pool(pg.jdbcUrl(), EmbeddedPostgresServer.USER, pg.password(), null, poolSize,
                    statementTimeout), pg, pg.jdbcUrl() + " (embedded, data in " + dataDir.resolve("pg") + ")", "public");
        } catch (RuntimeException e) {
            pg.close();
            throw e;
        }
    }

    /** Uses a PostgreSQL server; user and password may also be given in the URL. */
    public static Database external(String jdbcUrl, String user, String password, String schema, int poolSize) {
        return external(jdbcUrl, user, password, schema, poolSize, STATEMENT_TIMEOUT);
    }

    public static Database external(String jdbcUrl, String user, String password, String schema, int poolSize,
                                    Duration statementTimeout) {
        return new Database(pool(jdbcUrl, user, password, schema, poolSize, statementTimeout), null, redact(jdbcUrl),
                schema == null ? "public" : schema);
    }

    /**
     * Restarts the embedded postmaster when it died (killed, out of memory): nobody else would, and until then every
     * request fails. After {@value #RESTARTS} failed restarts in a row the process exits with
     * {@value #EXIT_DATABASE_GONE}, for its supervisor (systemd, Docker) to start it afresh.
     */
    private void watch() {
        if (embedded.running()) {
            failedRestarts = 0;
            return;
        }
        log.error("the embedded PostgreSQL is not running; restarting it");
        try {
            embedded.restart();
            failedRestarts = 0;
            log.info("embedded PostgreSQL restarted on port {}", embedded.port());
        } catch (Exception e) {
            if (++failedRestarts < RESTARTS) {
                log.error("restarting the embedded PostgreSQL failed ({} of {}): {}", failedRestarts, RESTARTS, e.getMessage());
                return;
            }
            log.error("the embedded PostgreSQL cannot be restarted; exiting ({}) for a supervisor to restart OpenANPR",
                    EXIT_DATABASE_GONE, e);
            System.exit(EXIT_DATABASE_GONE);
        }
    }

    private static HikariDataSource pool(String url, String user, String password, String schema, int size,
                                         Duration statementTimeout) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (user != null) config.setUsername(user);
        if (password != null) config.setPassword(password);
        if (schema != null) config.setSchema(schema);
        config.setMaximumPoolSize(size);
        config.setPoolName("anpr-db");
        config.setInitializationFailTimeout(30_000);
        // With the database away a request fails within seconds rather than holding a thread for 30 s.
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        config.setValidationTimeout(1_000);
        // Passages are only acknowledged once durable; never let a server's default weaken that. No statement runs
        // for ever, and a server that stops answering (stalled, its network gone) is given up on the client side too.
        config.setConnectionInitSql("select set_config('synchronous_commit', 'on', false), set_config('statement_timeout', '"
                + statementTimeout.toMillis() + "', false)");
        config.addDataSourceProperty("connectTimeout", Long.toString(CONNECTION_TIMEOUT.toSeconds()));
        config.addDataSourceProperty("socketTimeout", Long.toString(statementTimeout.plusSeconds(30).toSeconds()));
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("ApplicationName", "openanpr");
        return new HikariDataSource(config);
    }

    private static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    /**
     * Brings the schema up to date. Each capability numbers its migrations in a range of its own (V20s investigations,
     * V30s zones, V40s connectors, V50s federation, V60s recognition), so a release can add V22 to a database that
     * already has V60: such migrations are applied out of order (they touch only their capability's tables) instead of
     * failing validation. Only then: Flyway warns at every start in that mode.
     */
    public Database migrate() {
        org.flywaydb.core.api.configuration.FluentConfiguration config = Flyway.configure()
                .dataSource(pool)
                .schemas(schema)
                .locations("classpath:db/migration");
        Flyway flyway = config.load();
        boolean behind = java.util.Arrays.stream(flyway.info().all())
                .anyMatch(m -> m.getState() == org.flywaydb.core.api.MigrationState.IGNORED);
        // A second Flyway (it scans the migrations again) only for a database that is behind in a lower range.
        (behind ? config.outOfOrder(true).load() : flyway).migrate();
        return this;
    }

    public DataSource dataSource() {
        return pool;
    }

    /** The schema the tables are in (public unless a test or an operator chose another). */
    public String schema() {
        return schema;
    }

    public String displayUrl() {
        return displayUrl;
    }

    @Override
    public void close() {
        if (watchdog != null) watchdog.shutdownNow();
        pool.close();
        if (embedded != null) embedded.close();
    }
}
