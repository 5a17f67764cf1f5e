package org.openanpr.connector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The vendors' published payloads in {@code ../shared/data/connectors} (or {@code ANPR_CONNECTOR_SAMPLES}), read as
 * they are: never copied into the repository.
 */
public final class Samples {
    public static final String OPENALPR_GROUP = "openalpr-alpr_group-openalpr-doc-app_integration.json";
    static final String OPENALPR_RESULTS = "openalpr-alpr_results-openalpr-doc-app_integration.json";
    static final String OPENALPR_HEARTBEAT = "openalpr-heartbeat-openalpr-doc-app_integration.json";
    static final String PLATE_RECOGNIZER = "platerecognizer-snapshot-webhook-platerec-documentation.json";

    private Samples() {
    }

    static Path dir() {
        String env = System.getenv("ANPR_CONNECTOR_SAMPLES");
        if (env != null && !env.isBlank()) return Path.of(env);
        // Maven runs the tests in server/; the repository root is one up.
        Path fromModule = Path.of("../../shared/data/connectors");
        return Files.isDirectory(fromModule) ? fromModule : Path.of("../shared/data/connectors");
    }

    static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(dir().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("sample " + name + " not found under " + dir().toAbsolutePath(), e);
        }
    }

    public static String text(String name) {
        return new String(bytes(name), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A tiny valid JPEG's first bytes: enough for the checks that tell JPEG from anything else. */
    static byte[] jpeg(int size) {
        byte[] b = new byte[Math.max(size, 4)];
        b[0] = (byte) 0xFF;
        b[1] = (byte) 0xD8;
        b[2] = (byte) 0xFF;
        b[3] = (byte) 0xE0;
        for (int i = 4; i < b.length; i++) b[i] = (byte) (i * 31);
        return b;
    }
}
