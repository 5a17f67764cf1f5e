package org.openanpr.audit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.openanpr.http.Json;
import org.openanpr.testing.TestClock;
import org.openanpr.testing.TestServer;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every changing route the OpenAPI document names, driven once with an empty object by the system token: none answers
 * 500 (a route that records outside its transaction would), each one that answers success left a record, and the
 * server's guard saw no change without one. A route added later is driven here without anyone listing it.
 */
class ChangeRecordCoverageTest {
    /** Changes that are not audited: a camera's reads (the read pipeline) and logging out. */
    private static final Set<String> NOT_RECORDED = Set.of("POST /api/v1/reads", "POST /api/v1/ingest/{connector}",
            "DELETE /api/v1/session");

    @Test
    void everyChangingRouteIsRecordedWhenItSucceedsAndNoneAnswers500() throws Exception {
        JsonNode doc;
        try (InputStream in = ChangeRecordCoverageTest.class.getResourceAsStream("/openapi.json")) {
            doc = Json.MAPPER.readTree(in);
        }
        List<String> driven = new ArrayList<>();
        List<String> succeeded = new ArrayList<>();
        try (TestServer server = TestServer.start(ChangeRecordCoverageTest.class, new TestClock(Instant.parse("2026-11-23T10:00:00Z")))) {
            for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
                Map.Entry<String, JsonNode> path = paths.next();
                for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                    String method = methods.next().toUpperCase(java.util.Locale.ROOT);
                    if (!Set.of("POST", "PUT", "PATCH", "DELETE").contains(method)) continue;
                    String route = method + " " + path.getKey();
                    String url = path.getKey().replaceAll("\\{id}", "1").replaceAll("\\{[^}]+}", "x");
                    long before = records(server);
                    TestServer.Response r = server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + url))
                            .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).header("Content-Type", "application/json")
                            .method(method, HttpRequest.BodyPublishers.ofString("{}")));
                    driven.add(route);
                    assertThat(r.status()).as(route + ": " + r.body()).isNotEqualTo(500);
                    if (r.status() < 400 && !NOT_RECORDED.contains(route)) {
                        succeeded.add(route);
                        assertThat(records(server)).as(route + " succeeded (" + r.status() + ") without a record").isGreaterThan(before);
                    }
                }
            }
            assertThat(server.server().unrecordedChanges()).isZero();
        }
        assertThat(driven).hasSizeGreaterThan(70);
        assertThat(succeeded).as("some succeed even with an empty body").isNotEmpty();
    }

    private static long records(TestServer server) throws Exception {
        try (Connection c = server.db().dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select count(*) from audit_log")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
