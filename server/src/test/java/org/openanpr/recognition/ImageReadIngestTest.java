package org.openanpr.recognition;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.testing.TestServer;

import java.awt.image.BufferedImage;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16, Must show 3: a read posted to the ingest API as an image without a plate becomes a read (the plate and
 * confidence from recognition, the box kept, the image stored), matches a list and raises a hit. Text reads in the
 * same batch go through as ever; an image without a readable plate is refused with its reason.
 */
class ImageReadIngestTest {
    static TestServer server;
    static long list;

    @BeforeAll
    static void start() {
        server = TestServer.start(ImageReadIngestTest.class, Clock.systemUTC());
        assertThat(server.post("/api/v1/cameras", "application/json", """
                {"id":"IMG-01","name":"Drop folder camera","lat":52.09,"lon":5.12,"organisation":"utrecht"}""").status())
                .isEqualTo(201);
        list = server.post("/api/v1/lists", "application/json", """
                {"name":"Stolen","category":"STOLEN_VEHICLE","purpose":"find stolen vehicles","legalBasis":"Politiewet art. 3",
                 "organisation":"utrecht","source":"SIS"}""").json().path("id").asLong();
        assertThat(server.post("/api/v1/lists/" + list + "/entries", "text/csv", "plate\n52-HKL-9\n").status()).isEqualTo(200);
        assertThat(server.post("/api/v1/lists/" + list + "/activations", "application/json",
                "{\"scope\":\"CAMERA\",\"target\":\"IMG-01\"}").status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String imageRead(UUID id, BufferedImage image) {
        return """
                {"id":"%s","camera":"IMG-01","time":"%s","overviewImage":"%s"}"""
                .formatted(id, Instant.now().minusSeconds(5), Base64.getEncoder().encodeToString(SyntheticPlates.jpeg(image)));
    }

    @Test
    void anImageWithoutAPlateBecomesAReadThatRaisesAHit() throws Exception {
        UUID id = UUID.randomUUID();
        UUID text = UUID.randomUUID();
        TestServer.Response res = server.post("/api/v1/reads", "application/json", "[" + imageRead(id, SyntheticPlates.scene(SyntheticPlates.NL, 0, null))
                + ",{\"id\":\"%s\",\"camera\":\"IMG-01\",\"plate\":\"34-KLN-5\",\"confidence\":0.9,\"time\":\"%s\"}]"
                .formatted(text, Instant.now().minusSeconds(5)));
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        assertThat(res.json().path("items").get(0).path("status").asText()).as(res.body()).isEqualTo("accepted");
        assertThat(res.json().path("items").get(1).path("status").asText()).as("a text read in the same batch").isEqualTo("accepted");

        JsonNode hits = server.get("/api/v1/hits?list=" + list).json();
        assertThat(hits).as("hits on the list").hasSize(1);
        assertThat(hits.get(0).toString()).contains("52HKL9").contains(id.toString());

        try (Connection c = server.db().dataSource().getConnection();
             var ps = c.prepareStatement("""
                     select p.plate, p.country, p.confidence, p.plate_box, p.has_images,
                            (select count(*) from passage_image i where i.passage_id = p.id) as images
                     from passage p where p.id = ?""")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("plate")).isEqualTo("52HKL9");
                assertThat(rs.getString("country")).isEqualTo("NL");
                assertThat(rs.getFloat("confidence")).as("the recognition's confidence").isBetween(0.3f, 1f);
                Integer[] box = (Integer[]) rs.getArray("plate_box").getArray();
                assertThat(new Box(box[0], box[1], box[2], box[3]).iou(new Box(190, 328, 260, 56))).as("box kept").isGreaterThan(0.4);
                assertThat(rs.getBoolean("has_images")).isTrue();
                assertThat(rs.getInt("images")).as("the image is stored").isEqualTo(1);
            }
        }
        JsonNode passage = server.get("/api/v1/passages?plate=52-HKL-9&from=" + Instant.now().minusSeconds(3600) + "&"
                + TestServer.LEGAL_BASIS).json().path("passages").get(0);
        assertThat(passage.path("id").asText()).isEqualTo(id.toString());
        assertThat(passage.path("plateBox").path("w").asInt()).as("the box is shown with the passage").isPositive();
        JsonNode textRead = server.get("/api/v1/passages?plate=34-KLN-5&from=" + Instant.now().minusSeconds(3600) + "&"
                + TestServer.LEGAL_BASIS).json().path("passages").get(0);
        assertThat(textRead.path("plateBox").isNull()).as("a camera's text read has no box").isTrue();
        String csv = server.get("/api/v1/passages?plate=52-HKL-9&format=csv&from=" + Instant.now().minusSeconds(3600) + "&"
                + TestServer.LEGAL_BASIS).body();
        assertThat(csv.lines().skip(1).findFirst().orElseThrow()).as("the box in the export: x y w h")
                .endsWith("," + passage.path("plateBox").path("x").asInt() + " " + passage.path("plateBox").path("y").asInt() + " "
                        + passage.path("plateBox").path("w").asInt() + " " + passage.path("plateBox").path("h").asInt());
    }

    @Test
    void anImageWithoutAReadablePlateOrNotAnImageIsRefusedWithItsReason() {
        UUID blank = UUID.randomUUID();
        UUID notJpeg = UUID.randomUUID();
        TestServer.Response res = server.post("/api/v1/reads", "application/json", "[" + imageRead(blank, new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB))
                + ",{\"id\":\"%s\",\"camera\":\"IMG-01\",\"time\":\"%s\",\"overviewImage\":\"%s\"}]"
                .formatted(notJpeg, Instant.now().minusSeconds(5), Base64.getEncoder().encodeToString("<html>no image</html>".getBytes())));
        assertThat(res.status()).as("nothing accepted").isEqualTo(422);
        assertThat(res.json().path("items").get(0).path("status").asText()).isEqualTo("rejected");
        assertThat(res.json().path("items").get(0).path("reason").asText()).isEqualTo("plate: none given and none found in the image");
        assertThat(res.json().path("items").get(1).path("status").asText()).isEqualTo("rejected");
        assertThat(res.json().path("items").get(1).path("reason").asText()).contains("not a JPEG");
    }

    @Test
    void aReadWithNeitherPlateNorImageStillNeedsAPlate() {
        TestServer.Response res = server.post("/api/v1/reads", "application/json", """
                [{"id":"%s","camera":"IMG-01","confidence":0.9,"time":"%s"}]""".formatted(UUID.randomUUID(), Instant.now()));
        assertThat(res.json().path("items").get(0).path("reason").asText()).startsWith("plate: required");
    }
}
