package org.openanpr.testing;

import org.openanpr.db.Database;
import org.openanpr.db.EmbeddedPostgresServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL per test run: the embedded one, started once, or the server named by ANPR_TEST_DB_URL
 * (user and password from ANPR_TEST_DB_USER / ANPR_TEST_DB_PASSWORD). Each test class gets a schema of its own.
 */
public final class TestDatabase {
    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static String url;
    private static String user;
    private static String password;

    private TestDatabase() {
    }

    private static synchronized void start() {
        if (url != null) return;
        if (!embedded()) {
            url = System.getenv("ANPR_TEST_DB_URL");
            user = System.getenv("ANPR_TEST_DB_USER");
            password = System.getenv("ANPR_TEST_DB_PASSWORD");
            return;
        }
        try {
            // Owner-only, and the password file, binaries and lock next to the data directory inside it.
            Path dir = Files.createTempDirectory("anpr-test-pg");
            EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir.resolve("pg"));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                pg.close();
                deleteTree(dir); // data and unpacked binaries: ~100 MB a run
            }));
            url = pg.jdbcUrl();
            user = EmbeddedPostgresServer.USER;
            password = pg.password();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the tests run on the embedded PostgreSQL (no ANPR_TEST_DB_URL). */
    public static boolean embedded() {
        String external = System.getenv("ANPR_TEST_DB_URL");
        return external == null || external.isBlank();
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // a leftover temporary directory is no failure
        }
    }

    /** A migrated, empty schema for the given test class. */
    public static Database freshSchema(Class<?> owner) {
        return freshSchema(owner, 8);
    }

    /** A migrated, empty schema for the given test class, over a pool of {@code poolSize} connections. */
    public static Database freshSchema(Class<?> owner, int poolSize) {
        start();
        String schema = "t" + SCHEMAS.incrementAndGet() + "_" + owner.getSimpleName().toLowerCase(Locale.ROOT);
        Database db = Database.external(url, user, password, schema, poolSize);
        try (var c = db.dataSource().getConnection(); var st = c.createStatement()) {
            st.execute("drop schema if exists " + schema + " cascade");
            st.execute("create schema " + schema);
        } catch (Exception e) {
            db.close();
            throw new IllegalStateException(e);
        }
        return db.migrate();
    }

    public static String url() {
        start();
        return url;
    }

    /** {@code --db URL} for a command run in-process against {@code schema}, the credentials in the URL. */
    public static java.util.List<String> commandLine(String schema) {
        start();
        StringBuilder u = new StringBuilder(url).append(url.contains("?") ? "&" : "?").append("currentSchema=").append(schema);
        if (user != null && !user.isBlank()) u.append("&user=").append(java.net.URLEncoder.encode(user, java.nio.charset.StandardCharsets.UTF_8));
        if (password != null) u.append("&password=").append(java.net.URLEncoder.encode(password, java.nio.charset.StandardCharsets.UTF_8));
        return java.util.List.of("--db", u.toString());
    }
}
