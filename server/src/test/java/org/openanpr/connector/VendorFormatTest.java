package org.openanpr.connector;

import org.junit.jupiter.api.Test;
import org.openanpr.testing.WebpImages;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each vendor's published sample decoded with its fields mapped, and the variants field equipment sends. */
class VendorFormatTest {
    private static final OpenAlpr OPENALPR = new OpenAlpr();
    private static final PlateRecognizer PLATE_RECOGNIZER = new PlateRecognizer();
    private static final Hikvision HIKVISION = new Hikvision();

    @Test
    void openAlprGroupSampleIsOneReadWithItsVehicle() throws Exception {
        Decoded d = OPENALPR.decode(new Payload("application/json", Samples.bytes(Samples.OPENALPR_GROUP)));
        assertThat(d.reads()).hasSize(1);
        VendorRead r = d.reads().getFirst();
        assertThat(r.plate()).isEqualTo("D2651BF");
        assertThat(r.vendorCamera()).isEqualTo("1234");
        assertThat(r.time()).isEqualTo(Instant.ofEpochMilli(1562681121504L));
        assertThat(r.country()).isEqualTo("US");
        assertThat(r.confidence()).isCloseTo(0.93877, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(r.make()).isEqualTo("ford");
        assertThat(r.model()).isEqualTo("focus");
        assertThat(r.colour()).isEqualTo("black");
        assertThat(r.vehicleType()).isEqualTo("sedan");
        assertThat(r.direction()).isEqualTo("86");
        assertThat(r.lat()).isEqualTo(37.635986328125);
        assertThat(r.eventId()).isEqualTo("alpr_group/YYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYY-1234-1562681122676");
        // The documentation's placeholders stand where the images go: noted, not kept, the read not lost.
        assertThat(r.plateJpeg()).isNull();
        assertThat(r.notes()).anyMatch(n -> n.contains("plate_crop_jpeg"));
    }

    @Test
    void openAlprResultsSampleIsOneReadPerPlateWithAFrameKey() throws Exception {
        Decoded d = OPENALPR.decode(new Payload("application/json", Samples.bytes(Samples.OPENALPR_RESULTS)));
        assertThat(d.reads()).extracting(VendorRead::plate).containsExactly("D2651BF", "CG3L5Y");
        assertThat(d.reads()).allMatch(r -> r.frameKey() != null && r.time().equals(Instant.ofEpochMilli(1562681608425L)));
        assertThat(d.reads().get(1).confidence()).isCloseTo(0.947, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(d.reads().get(0).eventId()).isNotEqualTo(d.reads().get(1).eventId());
    }

    @Test
    void openAlprHeartbeatSampleIsTheCamerasHealth() throws Exception {
        Decoded d = OPENALPR.decode(new Payload("application/json", Samples.bytes(Samples.OPENALPR_HEARTBEAT)));
        assertThat(d.reads()).isEmpty();
        assertThat(d.heartbeats()).containsExactly(new Heartbeat("1234", "test", Instant.ofEpochMilli(1562681904001L), true));
    }

    @Test
    void openAlprPreviewGroupsAndPlatelessVehiclesAreSkippedWithTheirReason() throws Exception {
        String preview = Samples.text(Samples.OPENALPR_GROUP).replaceFirst("\\{", "{\"is_preview\": true,");
        assertThat(OPENALPR.decode(Payload.json(preview)).skipped()).singleElement().asString().contains("preview");
        assertThat(OPENALPR.decode(Payload.json("{\"data_type\":\"vehicle\",\"version\":3}")).skipped()).hasSize(1);
    }

    @Test
    void openAlprVersionThreeAlertWithQuirks() throws Exception {
        // An alert wraps its group; this one as field equipment writes it: a byte-order mark, numbers as strings,
        // epoch seconds, a lower-case plate with a dash, guesses as single objects, a real JPEG.
        String jpeg = Base64.getEncoder().encodeToString(Samples.jpeg(64));
        String alert = """
                {"data_type":"alpr_alert","version":"3","group":{"data_type":"alpr_group","version":"3",
                 "camera_id":"77","epoch_start":"1562681121.5","best_uuid":"agent-77-1","best_plate_number":"ab-12 cd",
                 "best_confidence":"91.5","best_region":"gb","travel_direction":"270.2",
                 "best_plate":{"plate":"ab-12 cd","plate_crop_jpeg":"%s"},
                 "vehicle":{"make":{"name":"volkswagen","confidence":80},"color":{"name":"dark_blue"},"body_type":"suv-crossover"}}}"""
                .formatted(jpeg);
        byte[] bom = concat(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, alert.getBytes(StandardCharsets.UTF_8));
        VendorRead r = OPENALPR.decode(new Payload("application/json", bom)).reads().getFirst();
        assertThat(r.plate()).isEqualTo("AB12CD");
        assertThat(r.vendorCamera()).isEqualTo("77");
        assertThat(r.time()).isEqualTo(Instant.ofEpochMilli(1562681121500L));
        assertThat(r.confidence()).isEqualTo(0.915);
        assertThat(r.country()).isEqualTo("GB");
        assertThat(r.direction()).isEqualTo("270");
        assertThat(r.make()).isEqualTo("volkswagen");
        assertThat(r.colour()).isEqualTo("dark blue");
        assertThat(r.vehicleType()).isEqualTo("suv");
        assertThat(r.plateJpeg()).isEqualTo(Samples.jpeg(64));
    }

    @Test
    void epochSecondsAndMillisecondsAreTheSameInstant() {
        assertThat(Fields.epoch(1562681121.504)).isEqualTo(Fields.epoch(1562681121504.0));
    }

    @Test
    void anUnreadableMessageNamesWhatIsWrong() {
        assertThatThrownBy(() -> OPENALPR.decode(Payload.json("{\"data_type\":\"alpr_group\"")))
                .isInstanceOf(UnreadablePayload.class).hasMessageContaining("malformed JSON");
        assertThatThrownBy(() -> OPENALPR.decode(Payload.json("{\"version\":2}"))).hasMessageContaining("data_type: missing");
        assertThatThrownBy(() -> OPENALPR.decode(Payload.json("{\"data_type\":\"alpr_group\",\"epoch_start\":1}")))
                .hasMessageContaining("no best_plate_number");
        assertThatThrownBy(() -> OPENALPR.decode(Payload.json("[1,2]"))).hasMessageContaining("expected a JSON object");
        assertThatThrownBy(() -> OPENALPR.decode(Payload.json("{\"data_type\":\"alpr_group\",\"best_plate_number\":\"X1\",\"epoch_start\":\"yesterday\"}")))
                .hasMessageContaining("epoch_start: not a time");
    }

    @Test
    void plateRecognizerSnapshotSampleIsOneReadPerResult() throws Exception {
        Decoded d = PLATE_RECOGNIZER.decode(new Payload("application/json", Samples.bytes(Samples.PLATE_RECOGNIZER)));
        assertThat(d.reads()).extracting(VendorRead::plate).containsExactly("765410", "830265");
        VendorRead r = d.reads().getFirst();
        assertThat(r.time()).isEqualTo(Instant.parse("2019-08-31T14:22:06.983Z"));
        assertThat(r.confidence()).isEqualTo(0.9131534678711563);
        assertThat(r.vendorCamera()).isNull();
        assertThat(r.eventId()).isNotEqualTo(d.reads().get(1).eventId());
    }

    @Test
    void plateRecognizerStreamMultipartWithItsImage() throws Exception {
        String json = """
                {"hook":{"target":"http://x/","id":"stream-1","event":"recognition"},
                 "data":{"camera_id":"cam-a","timestamp":"2026-11-23T10:00:01.250+01:00","filename":"cam-a_screenshots/x.jpg",
                  "results":[{"plate":"gh123k","score":"0.902","region":{"code":"nl","score":0.8},"vehicle":{"type":"Sedan","score":0.9},
                   "model_make":[{"make":"Toyota","model":"Corolla","score":0.7}],"color":[{"color":"white","score":0.8}],
                   "direction":"95","speed":"48.5"}]}}""";
        String boundary = "pr-boundary-123";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"json\"\r\n\r\n" + json + "\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"x.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(Samples.jpeg(300));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        VendorRead r = PLATE_RECOGNIZER.decode(new Payload("multipart/form-data; boundary=" + boundary, body.toByteArray()))
                .reads().getFirst();
        assertThat(r.plate()).isEqualTo("GH123K");
        assertThat(r.vendorCamera()).isEqualTo("cam-a");
        assertThat(r.time()).isEqualTo(Instant.parse("2026-11-23T09:00:01.250Z"));
        assertThat(r.country()).isEqualTo("NL");
        assertThat(r.confidence()).isEqualTo(0.902);
        assertThat(r.make()).isEqualTo("Toyota");
        assertThat(r.model()).isEqualTo("Corolla");
        assertThat(r.colour()).isEqualTo("white");
        assertThat(r.vehicleType()).isEqualTo("sedan");
        assertThat(r.direction()).isEqualTo("95");
        assertThat(r.speed()).isEqualTo(48.5);
        assertThat(r.overviewJpeg()).isEqualTo(Samples.jpeg(300));
    }

    @Test
    void plateRecognizerVehicleDetectionModeReadsThePlateFromItsProps() throws Exception {
        String json = """
                {"hook":{"target":"http://x/","id":"snap","event":"image.done"},
                 "data":{"filename":"lane2.jpg","timestamp":"2026-11-23 10:00:01.250000","camera_id":"lane-2",
                  "results":[
                   {"plate":{"type":"Plate","score":0.88,"box":{"xmin":10,"ymin":20,"xmax":90,"ymax":40},
                     "props":{"plate":[{"value":"gh123k","score":0.91},{"value":"gh128k","score":0.05}],
                              "region":[{"value":"nl","score":0.87}]}},
                    "vehicle":{"type":"SUV","score":0.93,"box":{"xmin":0,"ymin":0,"xmax":300,"ymax":200},
                     "props":{"make_model":[{"make":"Volvo","model":"XC60","score":0.6}],
                              "color":[{"value":"silver","score":0.7}],"orientation":[{"value":"Rear","score":0.9}]}},
                    "direction":270},
                   {"plate":null,"vehicle":{"type":"Sedan","score":0.9,"props":{}}}]}}""";
        Decoded d = PLATE_RECOGNIZER.decode(new Payload("application/json", json.getBytes(StandardCharsets.UTF_8)));
        VendorRead r = d.reads().getFirst();
        assertThat(d.reads()).hasSize(1);
        assertThat(r.plate()).isEqualTo("GH123K");
        assertThat(r.confidence()).isEqualTo(0.91);
        assertThat(r.country()).isEqualTo("NL");
        assertThat(r.vendorCamera()).isEqualTo("lane-2");
        assertThat(r.time()).isEqualTo(Instant.parse("2026-11-23T10:00:01.250Z"));
        assertThat(r.make()).isEqualTo("Volvo");
        assertThat(r.model()).isEqualTo("XC60");
        assertThat(r.colour()).isEqualTo("silver");
        assertThat(r.vehicleType()).isEqualTo("suv");
        assertThat(r.direction()).isEqualTo("270");
        assertThat(d.skipped()).containsExactly("data.results[1]: no plate");
    }

    @Test
    void timesAreReadWithTheOffsetsAndSeparatorsEquipmentWrites() throws Exception {
        Instant expected = Instant.parse("2026-11-23T10:00:05Z");
        for (String written : new String[]{"2026-11-23T11:00:05+01:00", "2026-11-23T11:00:05+0100", "2026-11-23T11:00:05+01",
                "2026-11-23 11:00:05 +01:00", "2026-11-23T10:00:05z", "2026-11-23 10:00:05 UTC", "2026-11-23T10:00:05GMT",
                "2026-11-23 10:00:05", "2026-11-23T05:30:05-0430"}) {
            assertThat(Fields.isoTime("t", written)).as(written).isEqualTo(expected);
        }
        assertThat(Fields.isoTime("t", "2026-11-23T11:00:05,250+0100")).isEqualTo(Instant.parse("2026-11-23T10:00:05.250Z"));
        for (String bad : new String[]{"2026-11-23T25:00:05+01:00", "2026-02-30 10:00:05", "2026-11-23T10:00:05+19", "23-11-2026 10:00", "now"}) {
            assertThatThrownBy(() -> Fields.isoTime("t", bad)).as(bad).isInstanceOf(UnreadablePayload.class)
                    .hasMessageContaining("t: not a time");
        }
        String hikvision = hikvisionXml("xmlns=\"http://www.hikvision.com/ver20/XMLSchema\"", "", "AB-123-C")
                .replace("2026-11-23T11:00:05+01:00", "2026-11-23T11:00:05+0100");
        VendorRead read = HIKVISION.decode(new Payload("application/xml", hikvision.replace("<confidenceLevel>97</confidenceLevel>",
                "<confidenceLevel>97,5</confidenceLevel>").getBytes(StandardCharsets.UTF_8))).reads().getFirst();
        assertThat(read.time()).isEqualTo(expected);
        assertThat(read.confidence()).as("a decimal comma").isEqualTo(0.975);
    }

    @Test
    void aCountryOrPositionThePipelineWouldRefuseIsLeftOutAndTheReadKept() {
        VendorRead odd = new VendorRead("cam", "e1", "AB12CD", "ESP", 0.9, Instant.parse("2026-11-23T10:00:00Z"), 95.2, 5.1,
                null, null, null, null, null, null, null, null, null, java.util.List.of());
        java.util.List<String> notes = new java.util.ArrayList<>();
        org.openanpr.passage.IncomingRead read = ConnectorService.toRead(java.util.UUID.randomUUID(), "UT-1", odd, notes);
        assertThat(read.country()).isNull();
        assertThat(read.lat()).isNull();
        assertThat(read.lon()).isNull();
        assertThat(read.plate()).isEqualTo("AB12CD");
        assertThat(notes).anyMatch(n -> n.startsWith("country: unknown country code \"ESP\"") && n.endsWith("inferred"))
                .contains("lat/lon: 95.2, 5.1 out of range: not kept");
        VendorRead fine = new VendorRead("cam", "e2", "AB12CD", "NL", 0.9, Instant.parse("2026-11-23T10:00:00Z"), 52.1, 5.1,
                null, null, null, null, null, null, null, null, null, java.util.List.of());
        org.openanpr.passage.IncomingRead kept = ConnectorService.toRead(java.util.UUID.randomUUID(), "UT-1", fine, notes = new java.util.ArrayList<>());
        assertThat(kept.country()).isEqualTo("NL");
        assertThat(kept.lat()).isEqualTo(52.1);
        assertThat(notes).isEmpty();
    }

    @Test
    void genericFieldPathsReachIntoLists() throws Exception {
        GenericJson format = new GenericJson(java.util.Map.of("plate", "results[0].plate.text", "time", "meta.ts",
                "camera", "meta.cameras.1", "confidence", "results.0.conf", "country", "results[1].plate.text"), true);
        String json = """
                {"meta":{"ts":"2026-11-23T11:00:05+0100","cameras":["north","south"]},
                 "results":[{"plate":{"text":"ab-12-cd"},"conf":"87"},{"plate":{"text":"nl"}}]}""";
        VendorRead r = format.decode(Payload.json(json)).reads().getFirst();
        assertThat(r.plate()).isEqualTo("AB12CD");
        assertThat(r.time()).isEqualTo(Instant.parse("2026-11-23T10:00:05Z"));
        assertThat(r.vendorCamera()).isEqualTo("south");
        assertThat(r.confidence()).isEqualTo(0.87);
        assertThat(r.country()).isEqualTo("NL");
        assertThat(format.decode(Payload.json("{\"meta\":{\"ts\":1790000000},\"results\":[]}")).skipped())
                .containsExactly("no plate at 'results[0].plate.text'");
    }

    @Test
    void aWebpImageIsKeptAsJpegAndOneThatCannotBeReadIsNoted() throws Exception {
        String b = "xyz";
        String json = "{\"data\":{\"timestamp\":\"2026-11-23T10:00:00Z\",\"camera_id\":\"c\",\"results\":[{\"plate\":\"ab12cd\",\"score\":0.9}]}}";
        java.util.function.Function<byte[], byte[]> multipart = image -> concat(("--" + b + "\r\nContent-Disposition: form-data; name=\"json\"\r\n\r\n"
                + json + "\r\n--" + b + "\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"a.webp\"\r\nContent-Type: image/webp\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8), concat(image, ("\r\n--" + b + "--").getBytes(StandardCharsets.UTF_8)));
        String type = "multipart/form-data; boundary=\"" + b + "\"";

        VendorRead lossy = PLATE_RECOGNIZER.decode(new Payload(type, multipart.apply(WebpImages.lossy()))).reads().getFirst();
        assertThat(lossy.plate()).isEqualTo("AB12CD");
        assertThat(lossy.notes()).contains("upload: a WebP image, kept as JPEG");
        java.awt.image.BufferedImage jpeg = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(lossy.overviewJpeg()));
        assertThat(lossy.overviewJpeg()[0] & 0xFF).isEqualTo(0xFF);
        assertThat(jpeg.getWidth()).isEqualTo(32);
        assertThat(jpeg.getHeight()).isEqualTo(16);
        assertThat(new java.awt.Color(jpeg.getRGB(4, 8))).satisfies(c -> assertThat(c.getRed()).isGreaterThan(150).isGreaterThan(c.getBlue() + 100));
        assertThat(new java.awt.Color(jpeg.getRGB(28, 8))).satisfies(c -> assertThat(c.getBlue()).isGreaterThan(150).isGreaterThan(c.getRed() + 100));

        // JPEG has no transparency: what was transparent is white.
        VendorRead alpha = PLATE_RECOGNIZER.decode(new Payload(type, multipart.apply(WebpImages.losslessWithAlpha()))).reads().getFirst();
        java.awt.image.BufferedImage flattened = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(alpha.overviewJpeg()));
        assertThat(new java.awt.Color(flattened.getRGB(28, 8))).satisfies(c -> assertThat(Math.min(c.getRed(), Math.min(c.getGreen(), c.getBlue()))).isGreaterThan(230));
        assertThat(new java.awt.Color(flattened.getRGB(4, 8)).getRed()).isGreaterThan(150);

        for (byte[] bad : new byte[][]{"RIFF\0\0\0\0WEBPVP8 ....".getBytes(StandardCharsets.ISO_8859_1), WebpImages.claiming(20_000, 20_000)}) {
            VendorRead kept = PLATE_RECOGNIZER.decode(new Payload(type, multipart.apply(bad))).reads().getFirst();
            assertThat(kept.plate()).isEqualTo("AB12CD");
            assertThat(kept.overviewJpeg()).isNull();
            assertThat(kept.notes()).anyMatch(n -> n.startsWith("upload: a WebP image that could not be read") && n.endsWith("not kept"));
        }
    }

    @Test
    void frigateSamplesAndOtherTopics() throws Exception {
        Frigate frigate = new Frigate();
        VendorRead event = frigate.decode(new Payload("application/json", Samples.bytes("frigate-mqtt-events-docs-dev.json"),
                "frigate/events")).reads().getFirst();
        assertThat(event.plate()).isEqualTo("ABC12345");
        assertThat(event.vendorCamera()).isEqualTo("front_door");
        assertThat(event.confidence()).isEqualTo(0.933451);
        assertThat(event.time()).isEqualTo(Fields.epoch(1607123962.082975));
        assertThat(event.eventId()).isEqualTo("frigate/front_door/1607123955.475377-mxklsc");
        VendorRead lpr = frigate.decode(new Payload("application/json", Samples.bytes("frigate-mqtt-tracked_object_update-lpr-docs-v0.17.0.json"),
                "frigate/tracked_object_update")).reads().getFirst();
        assertThat(lpr.plate()).isEqualTo("123ABC");
        assertThat(lpr.vendorCamera()).isEqualTo("driveway_cam");
        assertThat(lpr.confidence()).isEqualTo(0.95);
        // An update without the tracked object's id is still a read; its repeats collapse by camera and plate.
        String noId = Samples.text("frigate-mqtt-tracked_object_update-lpr-docs-v0.17.0.json").replace("\"id\": \"1607123955.475377-mxklsc\",", "");
        VendorRead anonymous = frigate.decode(new Payload(null, noId.getBytes(StandardCharsets.UTF_8), "frigate/tracked_object_update")).reads().getFirst();
        assertThat(anonymous.plate()).isEqualTo("123ABC");
        assertThat(anonymous.frameKey()).isEqualTo("frigate/driveway_cam/123ABC");
        assertThat(anonymous.eventId()).isEqualTo("frigate/driveway_cam/123ABC/" + Fields.epoch(1607123958.748393).toEpochMilli());
        assertThat(frigate.decode(new Payload(null, "{\"type\":\"description\",\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8),
                "frigate/tracked_object_update")).skipped()).hasSize(1);
        assertThat(frigate.decode(new Payload(null, "{}".getBytes(StandardCharsets.UTF_8), "frigate/stats")).skipped()).hasSize(1);
        String noPlate = Samples.text("frigate-mqtt-events-docs-dev.json").replace("\"ABC12345\"", "null");
        assertThat(frigate.decode(new Payload(null, noPlate.getBytes(StandardCharsets.UTF_8), "frigate/events")).reads()).isEmpty();
    }

    static String hikvisionXml(String rootAttributes, String prefix, String plate) {
        String p = prefix.isEmpty() ? "" : prefix + ":";
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <%1$sEventNotificationAlert version="2.0" %2$s>
                <%1$sipAddress>192.168.1.64</%1$sipAddress>
                <%1$smacAddress>44:19:B6:AA:BB:CC</%1$smacAddress>
                <%1$schannelID>1</%1$schannelID>
                <%1$sdateTime>2026-11-23T11:00:05+01:00</%1$sdateTime>
                <%1$seventType>ANPR</%1$seventType>
                <%1$schannelName>Camera 01</%1$schannelName>
                <%1$sANPR>
                  <%1$scountry>NL</%1$scountry>
                  <%1$slicensePlate>%3$s</%1$slicensePlate>
                  <%1$sdirection>forward</%1$sdirection>
                  <%1$sconfidenceLevel>97</%1$sconfidenceLevel>
                  <%1$svehicleType>vehicle</%1$svehicleType>
                  <%1$svehicleInfo><%1$scolor>white</%1$scolor><%1$sspeed>52</%1$sspeed><%1$svehicleLogoRecog>1036</%1$svehicleLogoRecog></%1$svehicleInfo>
                </%1$sANPR>
                <%1$sUUID>a1b2c3</%1$sUUID>
                </%1$sEventNotificationAlert>""".formatted(p, rootAttributes, plate);
    }

    @Test
    void hikvisionReadsTheSameInAnyNamespace() throws Exception {
        for (String[] variant : new String[][]{
                {"xmlns=\"http://www.hikvision.com/ver20/XMLSchema\"", ""},
                {"xmlns=\"http://www.isapi.org/ver20/XMLSchema\"", ""},
                {"xmlns:hik=\"http://www.hikvision.com/ver10/XMLSchema\"", "hik"},
                {"", ""}}) {
            VendorRead r = HIKVISION.decode(new Payload("application/xml",
                    hikvisionXml(variant[0], variant[1], "gh-123-k").getBytes(StandardCharsets.UTF_8))).reads().getFirst();
            assertThat(r.plate()).as(variant[0]).isEqualTo("GH123K");
            assertThat(r.vendorCamera()).isEqualTo("44:19:b6:aa:bb:cc/1");
            assertThat(r.time()).isEqualTo(Instant.parse("2026-11-23T10:00:05Z"));
            assertThat(r.confidence()).isEqualTo(0.97);
            assertThat(r.country()).isEqualTo("NL");
            assertThat(r.direction()).isEqualTo("in");
            assertThat(r.colour()).isEqualTo("white");
            assertThat(r.speed()).isEqualTo(52.0);
            assertThat(r.eventId()).isEqualTo("hikvision/44:19:b6:aa:bb:cc/1/a1b2c3");
        }
    }

    @Test
    void hikvisionMultipartCarriesThePlateAndSceneImages() throws Exception {
        String b = "MIME_boundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        // As the cameras write it: LF line ends in the headers, the XML part named anpr.xml.
        body.write(("--" + b + "\nContent-Disposition: form-data; name=\"anpr.xml\"; filename=\"anpr.xml\"\nContent-Type: application/xml\n\n"
                + hikvisionXml("xmlns=\"http://www.hikvision.com/ver20/XMLSchema\"", "", "AB12CD") + "\n").getBytes(StandardCharsets.UTF_8));
        body.write(("--" + b + "\nContent-Disposition: form-data; name=\"licensePlatePicture.jpg\"; filename=\"licensePlatePicture.jpg\"\nContent-Type: image/jpeg\n\n").getBytes(StandardCharsets.UTF_8));
        body.write(Samples.jpeg(100));
        body.write(("\n--" + b + "\nContent-Disposition: form-data; name=\"detectionPicture.jpg\"; filename=\"detectionPicture.jpg\"\nContent-Type: image/jpeg\n\n").getBytes(StandardCharsets.UTF_8));
        body.write(Samples.jpeg(200));
        body.write(("\n--" + b + "--\n").getBytes(StandardCharsets.UTF_8));
        VendorRead r = HIKVISION.decode(new Payload("multipart/form-data; boundary=" + b, body.toByteArray())).reads().getFirst();
        assertThat(r.plate()).isEqualTo("AB12CD");
        assertThat(r.plateJpeg()).isEqualTo(Samples.jpeg(100));
        assertThat(r.overviewJpeg()).isEqualTo(Samples.jpeg(200));
    }

    @Test
    void hikvisionRefusesEntitiesAndOtherDocuments() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><EventNotificationAlert><ANPR><licensePlate>&e;</licensePlate></ANPR></EventNotificationAlert>";
        assertThatThrownBy(() -> HIKVISION.decode(new Payload("application/xml", xxe.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(UnreadablePayload.class).hasMessageContaining("malformed XML");
        assertThatThrownBy(() -> HIKVISION.decode(new Payload("application/xml", "<Other/>".getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("expected an EventNotificationAlert");
    }

    @Test
    void hikvisionHeartbeatIsHealth() throws Exception {
        String xml = "<EventNotificationAlert xmlns=\"http://www.hikvision.com/ver20/XMLSchema\"><ipAddress>10.0.0.9</ipAddress>"
                + "<channelID>2</channelID><dateTime>2026-11-23T10:00:00Z</dateTime><eventType>heartBeat</eventType></EventNotificationAlert>";
        Decoded d = HIKVISION.decode(new Payload("text/xml", xml.getBytes(StandardCharsets.UTF_8)));
        assertThat(d.heartbeats()).containsExactly(new Heartbeat("10.0.0.9/2", null, Instant.parse("2026-11-23T10:00:00Z"), true));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
