package org.openanpr.connector;

import org.junit.jupiter.api.Test;
import org.openanpr.testing.WebpImages;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Blue Iris alerts with CodeProject.AI's plates, in the shape the ALPR-Database project documents for Blue Iris's
 * web-request alert action ({@code {"ai_dump":&JSON,"Image":"&ALERT_JPEG","camera":"&CAM",...}}), and the older
 * memo and plate macros.
 */
class BlueIrisTest {
    static final BlueIris FORMAT = new BlueIris(ZoneId.of("Europe/Amsterdam"), "NL");

    /** An alert as Blue Iris expands the documented macros: the CodeProject.AI answers first objects, then alpr. */
    static String alert(String camera, String time, String plate, double confidence, String image) {
        return """
                {"ai_dump":[{"api":"objects","found":{"success":true,"predictions":[{"confidence":0.91,"label":"car",
                   "x_min":10,"y_min":20,"x_max":600,"y_max":400}],"message":"Found car","processMs":41,"inferenceMs":37}},
                  {"api":"alpr","found":{"success":true,"predictions":[{"confidence":%s,"label":"Plate: %s","plate":"%s",
                   "x_min":210,"y_min":300,"x_max":330,"y_max":340}],"message":"Found Plate: %s","moduleId":"ALPR",
                   "moduleName":"License Plate Reader","code":200,"command":"alpr","processMs":120,"inferenceMs":98}}],
                 "Image":"%s","camera":"%s","ALERT_PATH":"%s.20261123_110212345.2-1.jpg","ALERT_CLIP":"@98765%s",
                 "timestamp":"%s"}""".formatted(confidence, plate, plate, plate, image, camera, camera, Math.abs(time.hashCode()), time);
    }

    @Test
    void theAiDumpsAlprPredictionsAreReadsWithTheAlertImage() throws Exception {
        String jpeg = Base64.getEncoder().encodeToString(Samples.jpeg(120));
        Decoded d = FORMAT.decode(Payload.json(alert("LPR1", "2026-11-23 11:02:12", "kl-081-p", 0.874, jpeg)));
        assertThat(d.reads()).singleElement().satisfies(r -> {
            assertThat(r.plate()).isEqualTo("KL081P");
            assertThat(r.vendorCamera()).isEqualTo("LPR1");
            // &ALERT_TIME is the Blue Iris PC's local time: 11:02 in Amsterdam in November is 10:02 UTC.
            assertThat(r.time()).isEqualTo(Instant.parse("2026-11-23T10:02:12Z"));
            assertThat(r.confidence()).isEqualTo(0.874);
            assertThat(r.country()).isEqualTo("NL");
            assertThat(r.overviewJpeg()).isEqualTo(Samples.jpeg(120));
            assertThat(r.frameKey()).isEqualTo("LPR1/KL081P");
            assertThat(r.eventId()).startsWith("blueiris/LPR1/@98765").endsWith("/KL081P");
        });
        // The object model's "car" is no plate.
        assertThat(d.reads()).extracting(VendorRead::plate).doesNotContain("CAR");
    }

    @Test
    void quirksOfTheFieldAreAccepted() throws Exception {
        // A byte-order mark, a US-format time with AM/PM, a WebP alert image (kept as JPEG), the confidence as a string.
        String webp = Base64.getEncoder().encodeToString(WebpImages.lossy());
        String text = alert("LPR2", "11/23/2026 3:04:05.250 PM", "ab12cd", 0.5, webp).replace("\"confidence\":0.5", "\"confidence\":\"0.93\"");
        byte[] body = ("\uFEFF" + text).getBytes(StandardCharsets.UTF_8);
        VendorRead r = FORMAT.decode(new Payload("application/json; charset=utf-8", body)).reads().getFirst();
        assertThat(r.time()).isEqualTo(Instant.parse("2026-11-23T14:04:05.250Z"));
        assertThat(r.confidence()).isEqualTo(0.93);
        assertThat(Images.isJpeg(r.overviewJpeg())).isTrue();
        assertThat(r.notes()).containsExactly("Image: a WebP image, kept as JPEG");
        // ISO with an offset and epoch milliseconds are taken as they are.
        assertThat(FORMAT.decode(Payload.json(alert("LPR2", "2026-11-23T14:04:05+01:00", "AB12CD", 0.9, ""))).reads().getFirst().time())
                .isEqualTo(Instant.parse("2026-11-23T13:04:05Z"));
        assertThat(FORMAT.decode(Payload.json("{\"plate_number\":\"AB12CD\",\"camera\":\"LPR2\",\"timestamp\":1795442645000}")).reads()
                .getFirst().time()).isEqualTo(Instant.ofEpochMilli(1795442645000L));
        // ai_dump quoted as a string, and a single answer instead of a list.
        String quoted = "{\"camera\":\"LPR2\",\"timestamp\":\"2026-11-23 10:00:00\",\"ai_dump\":"
                + org.openanpr.http.Json.MAPPER.writeValueAsString("{\"api\":\"alpr\",\"found\":{\"predictions\":[{\"plate\":\"XY99ZZ\",\"confidence\":0.8}]}}") + "}";
        assertThat(FORMAT.decode(Payload.json(quoted)).reads()).extracting(VendorRead::plate).containsExactly("XY99ZZ");
    }

    @Test
    void jsonSentUnderAnotherContentTypeIsReadAsJson() throws Exception {
        // A web request action left at its form content type still posts the JSON written in its body.
        byte[] body = ("\uFEFF\r\n " + alert("LPR1", "2026-11-23 11:02:12", "KL081P", 0.874, "")).getBytes(StandardCharsets.UTF_8);
        for (String type : new String[]{"application/x-www-form-urlencoded", "text/plain; charset=utf-8", "application/octet-stream"}) {
            assertThat(FORMAT.decode(new Payload(type, body)).reads()).as(type).singleElement()
                    .satisfies(r -> assertThat(r.plate()).isEqualTo("KL081P"));
        }
    }

    @Test
    void theOlderMemoAndPlateMacrosAreRead() throws Exception {
        Decoded memo = FORMAT.decode(Payload.json("{\"memo\":\"AB12CD:87%,car:92%,[xy-34-z]:70%\",\"camera\":\"LPR3\",\"timestamp\":\"2026-11-23 10:00:00\"}"));
        assertThat(memo.reads()).extracting(VendorRead::plate).containsExactly("AB12CD", "XY34Z");
        assertThat(memo.reads().getFirst().confidence()).isEqualTo(0.87);
        Decoded plate = FORMAT.decode(Payload.json("{\"plate_number\":\"ab12cd\",\"camera\":\"LPR3\",\"timestamp\":\"2026-11-23 10:00:00\"}"));
        assertThat(plate.reads()).extracting(VendorRead::plate).containsExactly("AB12CD");
    }

    @Test
    void anAlertWithoutAPlateIsSkippedAndAnEmptyJsonMacroIsNoAnswer() throws Exception {
        String objectsOnly = "{\"ai_dump\":[{\"api\":\"objects\",\"found\":{\"predictions\":[{\"label\":\"car\",\"confidence\":0.9}]}}],\"camera\":\"LPR1\",\"timestamp\":\"2026-11-23 10:00:00\"}";
        Decoded d = FORMAT.decode(Payload.json(objectsOnly));
        assertThat(d.reads()).isEmpty();
        assertThat(d.skipped()).anyMatch(s -> s.contains("no alpr answer"));
        // CodeProject.AI found nothing: Blue Iris expands &JSON to nothing and posts "ai_dump":, — not valid JSON.
        Decoded empty = FORMAT.decode(Payload.json("{\"ai_dump\":, \"camera\":\"LPR1\",\"plate_number\":\"AB12CD\",\"timestamp\":\"2026-11-23 10:00:00\"}"));
        assertThat(empty.reads()).extracting(VendorRead::plate).containsExactly("AB12CD");
    }

    @Test
    void whatCannotBeReadIsNamed() {
        assertThatThrownBy(() -> FORMAT.decode(Payload.json("{\"plate_number\":\"AB12CD\",\"camera\":\"LPR1\"}")))
                .isInstanceOf(UnreadablePayload.class).hasMessageContaining("timestamp: missing").hasMessageContaining("&ALERT_TIME");
        assertThatThrownBy(() -> FORMAT.decode(Payload.json("{\"plate_number\":\"AB12CD\",\"camera\":\"LPR1\",\"timestamp\":\"yesterday\"}")))
                .hasMessageContaining("timestamp: not a time").hasMessageContaining("yesterday");
        assertThatThrownBy(() -> FORMAT.decode(Payload.json("{\"camera\":\"LPR1\",\"timestamp\":\"2026-11-23 10:00:00\"}")))
                .hasMessageContaining("no plate");
        assertThatThrownBy(() -> FORMAT.decode(Payload.json("{\"ai_dump\":42,\"camera\":\"LPR1\",\"timestamp\":\"2026-11-23 10:00:00\"}")))
                .hasMessageContaining("ai_dump: expected the list");
        assertThatThrownBy(() -> FORMAT.decode(new Payload("application/xml", "<x/>".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(UnreadablePayload.class).extracting(e -> ((UnreadablePayload) e).status()).isEqualTo(415);
        assertThatThrownBy(() -> FORMAT.decode(new Payload("application/x-www-form-urlencoded", "plate=AB12CD".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(UnreadablePayload.class).extracting(e -> ((UnreadablePayload) e).status()).isEqualTo(415);
        assertThatThrownBy(() -> BlueIris.of(org.openanpr.http.Json.MAPPER.createObjectNode().put("timeZone", "Mars/Olympus")))
                .hasMessageContaining("settings.timeZone");
    }
}
