package org.openanpr.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.access.AccessFilter;
import org.openanpr.testing.TestServer;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The served OpenAPI document describes exactly the routes the server registers: none missing, none that is not
 * there. Also: its references resolve, path parameters are declared, and public routes say {@code security: []}.
 */
class OpenApiTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
    private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}/]+)}");
    static TestServer server;
    static JsonNode document;

    @BeforeAll
    static void start() {
        server = TestServer.start(OpenApiTest.class, Clock.systemUTC());
        TestServer.Response res = server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/openapi.json")).GET());
        assertThat(res.status()).as("GET /api/openapi.json without a token").isEqualTo(200);
        assertThat(res.contentType()).startsWith("application/json");
        document = res.json();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    /** Every operation in the document as "METHOD /path". */
    private static Set<String> documented() {
        Set<String> ops = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<String> keys = path.getValue().fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (METHODS.contains(key)) ops.add(key.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
            }
        }
        return ops;
    }

    @Test
    void documentsExactlyTheRegisteredRoutes() {
        Set<String> registered = new TreeSet<>(server.server().routes());
        Set<String> documented = documented();
        assertThat(registered).as("routes registered by the server").isNotEmpty().contains("GET /api/openapi.json");

        Set<String> missing = new TreeSet<>(registered);
        missing.removeAll(documented);
        Set<String> extra = new TreeSet<>(documented);
        extra.removeAll(registered);
        List<String> problems = new ArrayList<>();
        missing.forEach(r -> problems.add("registered but missing from openapi.json: " + r));
        extra.forEach(r -> problems.add("in openapi.json but not registered: " + r));
        assertThat(problems).as("openapi.json against the server's routes\n  " + String.join("\n  ", problems)).isEmpty();
    }

    @Test
    void isOpenApi3WithBothWaysToAuthenticate() {
        assertThat(document.path("openapi").asText()).startsWith("3.");
        assertThat(document.path("info").path("title").asText()).isNotBlank();
        JsonNode schemes = document.path("components").path("securitySchemes");
        assertThat(schemes.path("bearerAuth").path("scheme").asText()).isEqualTo("bearer");
        assertThat(schemes.path("cookieAuth").path("in").asText()).isEqualTo("cookie");
        assertThat(schemes.path("cookieAuth").path("name").asText()).isEqualTo(AccessFilter.SESSION_COOKIE);
    }

    @Test
    void everyOperationIsWellFormed() {
        List<String> problems = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            Set<String> templated = new TreeSet<>();
            Matcher m = PATH_PARAM.matcher(path.getKey());
            while (m.find()) templated.add(m.group(1));
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!METHODS.contains(op.getKey())) continue;
                String name = op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey();
                JsonNode operation = op.getValue();
                if (operation.path("summary").asText().isBlank()) problems.add(name + ": no summary");
                if (!operation.path("responses").isObject() || operation.path("responses").isEmpty())
                    problems.add(name + ": no responses");
                Set<String> declared = new TreeSet<>();
                for (JsonNode p : List.of(path.getValue().path("parameters"), operation.path("parameters")))
                    for (JsonNode param : p) if (param.path("in").asText().equals("path")) declared.add(param.path("name").asText());
                if (!declared.equals(templated))
                    problems.add(name + ": path parameters declared " + declared + ", in the path " + templated);
                JsonNode security = operation.get("security");
                // Past the access filter but guarded by a token of their own (a connector's, another node's): they
                // document that token's scheme, not "no caller".
                boolean ownToken = security != null && security.toString().matches(".*\"(connectorToken|federationToken)\".*");
                boolean isPublic = templated.isEmpty() && AccessFilter.isPublic(path.getKey()) && !ownToken;
                boolean saysPublic = security != null && security.isArray() && security.isEmpty();
                if (isPublic != saysPublic)
                    problems.add(name + (isPublic ? ": is public but does not say 'security: []'" : ": needs a caller but says 'security: []'"));
                if (!isPublic && !operation.path("responses").has("401"))
                    problems.add(name + ": needs a caller but documents no 401");
            }
        }
        collectRefs(document, problems);
        assertThat(problems).as("\n  " + String.join("\n  ", problems)).isEmpty();
    }

    private static void collectRefs(JsonNode node, List<String> problems) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual()) {
                String pointer = ref.asText();
                if (!pointer.startsWith("#/") || document.at(pointer.substring(1)).isMissingNode())
                    problems.add("unresolved $ref " + pointer);
            }
            node.forEach(child -> collectRefs(child, problems));
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, problems));
        }
    }
}
