package org.openanpr.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.openanpr.testing.TestServer;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Data for the browser tests, set up through the API as an administrator would: cameras, users, a list, reads. */
final class WebFixture {
    static final String PASSWORD = "a-long-test-password";
    static final String[] ALL_ROLES = {"OFFICER", "ANALYST", "LIST_MANAGER", "PRIVACY_OFFICER", "ADMINISTRATOR"};

    private WebFixture() {
    }

    static void cameras(TestServer server, String csvRows) {
        TestServer.Response r = server.post("/api/v1/cameras/import", "text/csv",
                "id,name,type,lat,lon,heading,lane,direction,organisation,status\n" + csvRows);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    static void user(TestServer server, String username, String organisation, String... roles) {
        server.userToken(username, organisation, roles);
    }

    static long list(TestServer server, String json, String csv, String region) {
        TestServer.Response r = server.post("/api/v1/lists", "application/json", json);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        long id = r.json().path("id").asLong();
        TestServer.Response entries = server.post("/api/v1/lists/" + id + "/entries", "text/csv", csv);
        assertThat(entries.status()).as(entries.body()).isEqualTo(200);
        TestServer.Response on = server.post("/api/v1/lists/" + id + "/activations", "application/json",
                "{\"scope\":\"REGION\",\"target\":\"" + region + "\"}");
        assertThat(on.status()).as(on.body()).isEqualTo(201);
        return id;
    }

    static String read(String camera, String plate, Instant at, String plateImage) {
        return """
                {"id":"%s","camera":"%s","plate":"%s","country":"NL","confidence":0.93,"time":"%s"%s}"""
                .formatted(UUID.randomUUID(), camera, plate, at,
                        plateImage == null ? "" : ",\"plateImage\":\"" + plateImage + "\"");
    }

    static void post(TestServer server, List<String> reads) {
        TestServer.Response r = server.post("/api/v1/reads", "application/json", "[" + String.join(",", reads) + "]");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    /** Ordinary traffic: a read per camera every few minutes over the last hours, so that the dashboard has figures. */
    static void traffic(TestServer server, List<String> cameraIds, Instant now) {
        List<String> reads = new ArrayList<>();
        int n = 0;
        for (int minutes = 2; minutes < 180; minutes += 7) {
            for (String cam : cameraIds) {
                n++;
                reads.add(read(cam, String.format("%02d-XK-%02d", n % 97, (n * 7) % 89), now.minus(Duration.ofMinutes(minutes)), null));
            }
        }
        for (int i = 0; i < reads.size(); i += 200) post(server, reads.subList(i, Math.min(reads.size(), i + 200)));
    }

    /** A small JPEG showing a Dutch plate, as a camera would send it. */
    static String plateJpeg(String text) {
        BufferedImage img = new BufferedImage(240, 56, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(new Color(40, 40, 40));
        g.fillRect(0, 0, 240, 56);
        g.setColor(new Color(247, 198, 0));
        g.fillRoundRect(8, 6, 224, 44, 8, 8);
        g.setColor(new Color(29, 79, 160));
        g.fillRect(8, 6, 22, 44);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(2));
        g.drawRoundRect(8, 6, 224, 44, 8, 8);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 30));
        g.drawString(text, 40, 40);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    static JsonNode hits(TestServer server, String query) {
        return server.get("/api/v1/hits?" + query).json();
    }
}
