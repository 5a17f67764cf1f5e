package org.openanpr.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code serve} in a JVM of its own, on its own embedded PostgreSQL under {@code data}, its output in {@code log}: for
 * tests of what only a whole process shows (a crash, a stop, a heap limit). Started when {@code /health} answers.
 */
public record ServeProcess(Process process, int port, Path data, Path log) {
    public static final String ADMIN_TOKEN = "adm_serve-process-test-token-of-at-least-32-characters";

    /** @param jvmOptions before the class path (heap size and the like); {@code serveOptions} after {@code serve} */
    public static ServeProcess start(Path data, Path log, List<String> jvmOptions, List<String> serveOptions) throws Exception {
        return start(freePort(), data, log, jvmOptions, serveOptions);
    }

    /** On a given port: a restart on the same data where the test's clients keep their address. */
    public static ServeProcess start(int port, Path data, Path log, List<String> jvmOptions, List<String> serveOptions)
            throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "org.openanpr.cli.Main", "serve", "--host", "127.0.0.1", "--port", String.valueOf(port), "--data", data.toString()));
        command.addAll(serveOptions);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("ANPR_ADMIN_TOKEN", ADMIN_TOKEN);
        Process p = pb.start();
        ServeProcess serve = new ServeProcess(p, port, data, log);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            if (!p.isAlive()) throw new AssertionError("serve exited: " + serve.output());
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(serve.baseUrl() + "/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return serve;
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        p.destroyForcibly();
        throw new AssertionError("serve did not come up: " + serve.output());
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** A request to this serve as its administrator (the token it was started with). */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).timeout(Duration.ofSeconds(30));
    }

    public String output() throws IOException {
        return Files.readString(log);
    }

    /** SIGTERM, as systemd or docker stop it; returns its exit status. */
    public int stop() throws Exception {
        process.destroy();
        if (process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) return process.exitValue();
        process.destroyForcibly();
        throw new AssertionError("serve did not stop within 60 s of SIGTERM: " + output());
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
