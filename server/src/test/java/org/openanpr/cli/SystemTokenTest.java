package org.openanpr.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.openanpr.db.Database;
import org.openanpr.server.OpenAnprServer;
import org.openanpr.server.ServerConfig;
import org.openanpr.testing.TestDatabase;
import org.openanpr.testing.TestServer;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The system token: long enough, rotated and revoked by {@code anpr admin-token}, and that at once in a running server. */
class SystemTokenTest {
    record Run(int exit, String out) {
    }

    @Test
    void aShortSystemTokenIsRefusedAtStart() {
        try (Database db = TestDatabase.freshSchema(SystemTokenTest.class)) {
            for (String weak : List.of("secret", "adm_test-admin-token", " ".repeat(40)))
                assertThatThrownBy(() -> OpenAnprServer.start(db.dataSource(), ServerConfig.defaults(0).withAdminToken(weak)))
                        .as(weak).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 32 characters");
        }
    }

    @Test
    void rotatingTheSystemTokenEndsTheOldOneInTheRunningServerAndRevokingEndsAll() throws Exception {
        try (TestServer server = TestServer.start(SystemTokenTest.class, c -> c)) {
            assertThat(server.get("/api/v1/organisations").status()).isEqualTo(200);
            String schema = schemaOf(server.db());

            Run rotated = adminToken("rotate", schema);
            assertThat(rotated.exit()).as(rotated.out()).isZero();
            Matcher m = Pattern.compile("New system token \\(shown once, stored hashed\\): (\\S+)").matcher(rotated.out());
            assertThat(m.find()).as(rotated.out()).isTrue();
            String fresh = m.group(1);
            awaitStatus(server, TestServer.ADMIN_TOKEN, 401);
            assertThat(server.get("/api/v1/organisations", fresh).status()).isEqualTo(200);

            JsonNode records = server.get("/api/v1/audit?action=ADMIN&limit=100", fresh).json();
            assertThat(records.findValues("target").stream().map(JsonNode::asText)).contains("system token");

            // The old ANPR_ADMIN_TOKEN does not come back to life at the next start.
            assertThatThrownBy(() -> OpenAnprServer.start(server.db().dataSource(),
                    ServerConfig.defaults(0).withAdminToken(TestServer.ADMIN_TOKEN)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("revoked");

            Run revoked = adminToken("revoke", schema);
            assertThat(revoked.exit()).as(revoked.out()).isZero();
            assertThat(revoked.out()).contains("Revoked 1 system token(s)");
            awaitStatus(server, fresh, 401);
        }
    }

    @Test
    void aNewAnprAdminTokenAtRestartIsTheOnlySystemTokenFromThenOn() throws Exception {
        try (TestServer server = TestServer.start(SystemTokenTest.class, c -> c)) {
            String next = "adm_the-next-system-token-of-at-least-32-characters";
            OpenAnprServer restarted = OpenAnprServer.start(server.db().dataSource(), ServerConfig.defaults(0).withAdminToken(next));
            try {
                awaitStatus(server, TestServer.ADMIN_TOKEN, 401);
                assertThat(server.get("/api/v1/organisations", next).status()).isEqualTo(200);
                JsonNode records = server.get("/api/v1/audit?action=ADMIN&limit=100", next).json();
                assertThat(records.findValues("actor").stream().map(JsonNode::asText)).contains("anpr serve (ANPR_ADMIN_TOKEN)");
            } finally {
                restarted.close();
            }
        }
    }

    /** A revocation by another process reaches the server's token cache within its cache time. */
    static void awaitStatus(TestServer server, String token, int status) throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(15).toNanos(); // three times the cache time
        int last;
        do {
            last = server.get("/api/v1/organisations", token).status();
            if (last == status) return;
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        assertThat(last).isEqualTo(status);
    }

    static String schemaOf(Database db) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select current_schema()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** {@code anpr admin-token <what>} in-process against the test's schema, as AuditVerifyCommandTest runs its command. */
    static Run adminToken(String what, String schema) {
        List<String> args = new ArrayList<>(List.of("admin-token", what));
        args.addAll(TestDatabase.commandLine(schema));
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            int exit = Main.run(args.toArray(String[]::new));
            return new Run(exit, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
        }
    }
}
