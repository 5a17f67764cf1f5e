package org.openanpr.recognition;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.testing.WebpImages;
import org.openanpr.testing.TestServer;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/v1/recognize}: the plates of an uploaded image for a role with the right; refused without one, and
 * for hostile input (no image, a wrong type, a decompression bomb, a body too large) with a 4xx and its reason. Each
 * recognition is audited; its queue and timings are in /metrics.
 */
class RecognitionApiTest {
    static TestServer server;
    static String officer;
    static String privacyOfficer;

    @BeforeAll
    static void start() {
        server = TestServer.start(RecognitionApiTest.class, Clock.systemUTC());
        assertThat(server.post("/api/v1/organisations", "application/json", """
                {"code":"rec-org","name":"Police rec","kind":"POLICE"}""").status()).isEqualTo(201);
        officer = server.userToken("r.officer", "rec-org", "OFFICER");
        privacyOfficer = server.userToken("r.privacy", "rec-org", "PRIVACY_OFFICER");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static TestServer.Response upload(byte[] body, String contentType, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/recognize"))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return server.send(b);
    }

    @Test
    void anOfficerGetsThePlateItsBoxAndTheCandidates() {
        TestServer.Response r = upload(SyntheticPlates.jpeg(SyntheticPlates.scene(SyntheticPlates.GB, 0, null)), "image/jpeg", officer);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode json = r.json();
        assertThat(json.path("plate").path("plate").asText()).isEqualTo("BD51SMR");
        assertThat(json.path("plate").path("display").asText()).isEqualTo("BD51 SMR");
        assertThat(json.path("plate").path("country").asText()).isEqualTo("GB");
        assertThat(json.path("plate").path("box").path("w").asInt()).isPositive();
        assertThat(json.path("candidates").size()).isBetween(1, 5);
        assertThat(json.path("plates").size()).isPositive();
        assertThat(json.path("width").asInt()).isEqualTo(640);

        JsonNode audit = server.get("/api/v1/audit?action=IMAGE_RECOGNITION").json();
        assertThat(audit.toString()).contains("r.officer").contains("plate BD51SMR");
        String metrics = server.get("/metrics").body();
        assertThat(metrics).contains("anpr_recognition_queue").contains("anpr_recognition_seconds_bucket{stage=\"detect\",le=\"0.1\"}")
                .contains("anpr_recognition_images_total{outcome=\"plate\"}");
    }

    @Test
    void aWebpImageIsRead() {
        TestServer.Response r = upload(WebpImages.lossy(), "image/webp", officer);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("width").asInt()).isEqualTo(32);
        assertThat(r.json().path("height").asInt()).isEqualTo(16);
    }

    @Test
    void withoutTheRightTheImageIsNotRead() {
        byte[] jpeg = SyntheticPlates.jpeg(SyntheticPlates.scene(SyntheticPlates.NL, 0, null));
        assertThat(upload(jpeg, "image/jpeg", null).status()).isEqualTo(401);
        assertThat(upload(jpeg, "image/jpeg", privacyOfficer).status()).isEqualTo(403);
    }

    @Test
    void hostileInputIsRefusedWithA4xxAndItsReason() {
        TestServer.Response text = upload("hello".getBytes(), "text/plain", officer);
        assertThat(text.status()).isEqualTo(415);
        TestServer.Response notImage = upload("<html>not an image</html>".getBytes(), "image/jpeg", officer);
        assertThat(notImage.status()).isEqualTo(400);
        assertThat(notImage.reason()).contains("not an image");
        TestServer.Response truncated = upload(java.util.Arrays.copyOf(SyntheticPlates.jpeg(SyntheticPlates.scene(SyntheticPlates.NL, 0, null)), 40),
                "image/jpeg", officer);
        assertThat(truncated.status()).as(truncated.body()).isEqualTo(400);
        TestServer.Response bomb = upload(pngClaiming(50_000, 50_000), "image/png", officer);
        assertThat(bomb.status()).as(bomb.body()).isEqualTo(413);
        assertThat(bomb.reason()).contains("50000x50000");
        TestServer.Response webpBomb = upload(WebpImages.claiming(20_000, 20_000), "image/webp", officer);
        assertThat(webpBomb.status()).as(webpBomb.body()).isEqualTo(413);
        assertThat(webpBomb.reason()).contains("20000x20000");
        TestServer.Response huge = upload(new byte[RecognitionResult.MAX_IMAGE_BYTES + 1], "image/jpeg", officer);
        assertThat(huge.status()).isEqualTo(413);
        assertThat(upload(SyntheticPlates.jpeg(SyntheticPlates.scene(SyntheticPlates.NL, 0, null)), "image/jpeg", officer).status())
                .as("still serving after all that").isEqualTo(200);
    }

    /** A small PNG whose header claims {@code w x h} pixels: a decompression bomb, refused before decoding. */
    static byte[] pngClaiming(int w, int h) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0).array());
        Deflater deflater = new Deflater();
        deflater.setInput(new byte[4096]);
        deflater.finish();
        byte[] idat = new byte[8192];
        int n = deflater.deflate(idat);
        chunk(out, "IDAT", java.util.Arrays.copyOf(idat, n));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] t = type.getBytes();
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
