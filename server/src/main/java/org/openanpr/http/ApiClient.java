package org.openanpr.http;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Calls this server's own API as a user would, for the demo's set-up and the benchmarks; anything but a 2xx is an
 * error naming the call and the server's reason.
 */
public final class ApiClient {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String baseUrl;
    private final String token;

    public ApiClient(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    public JsonNode get(String path) throws Exception {
        return Json.MAPPER.readTree(send(request(path).GET()));
    }

    public JsonNode post(String path, String contentType, String body) throws Exception {
        return Json.MAPPER.readTree(send(request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body))));
    }

    public JsonNode post(String path, String contentType, byte[] body) throws Exception {
        return Json.MAPPER.readTree(send(request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))));
    }

    public JsonNode put(String path, String contentType, String body) throws Exception {
        return Json.MAPPER.readTree(send(request(path).header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofString(body))));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Authorization", "Bearer " + token);
    }

    private String send(HttpRequest.Builder request) throws Exception {
        HttpRequest built = request.build();
        HttpResponse<String> res = http.send(built, HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() / 100 != 2)
            throw new IllegalStateException(built.method() + " " + built.uri().getPath() + " answered " + res.statusCode()
                    + ": " + res.body());
        return res.body();
    }
}
