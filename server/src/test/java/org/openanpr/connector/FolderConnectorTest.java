package org.openanpr.connector;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.testing.TestServer;
import org.openanpr.testing.WebpImages;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A watched folder as roadside cameras fill it by FTP: files dropped become reads and move to done/; a bad file
 * lands in failed/ with its reason beside it; a file found again after a crash (read and committed, not yet moved)
 * is read as a duplicate, so nothing is read twice.
 */
class FolderConnectorTest {
    static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneId.of("Europe/Amsterdam"));
    static TestServer server;
    static Path inbox;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start(FolderConnectorTest.class, Clock.systemUTC());
        assertThat(server.post("/api/v1/cameras", "application/json",
                "{\"id\":\"UT-DROP-01\",\"name\":\"N230 drop\",\"lat\":52.13,\"lon\":5.04,\"organisation\":\"utrecht\"}").status()).isEqualTo(201);
        inbox = Files.createTempDirectory("anpr-drop-");
        TestServer.Response r = server.post("/api/v1/connectors", "application/json",
                "{\"id\":\"ftp-drop\",\"kind\":\"FOLDER\",\"organisation\":\"utrecht\",\"settings\":{\"path\":\"" + inbox + "\","
                        + "\"fields\":{\"plate\":\"kenteken\",\"time\":\"tijd\",\"camera\":\"camera\"}}}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        TestServer.Response m = server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/connectors/ftp-drop/cameras"))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"vendorCamera\":\"cam7\",\"camera\":\"UT-DROP-01\"}")));
        assertThat(m.status()).as(m.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) server.close();
        if (inbox != null) try (Stream<Path> s = Files.walk(inbox)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** A file as an FTP upload leaves it: written, then left alone (its time a few seconds back). */
    static Path drop(String name, byte[] content) throws IOException {
        Path tmp = inbox.resolve("." + name + ".part");
        Files.write(tmp, content);
        Files.setLastModifiedTime(tmp, FileTime.from(Instant.now().minusSeconds(10)));
        return Files.move(tmp, inbox.resolve(name));
    }

    static long passages(String plate) {
        return org.openanpr.db.Sql.list(server.db().dataSource(), "select count(*) from passage where plate = ? and camera_id = 'UT-DROP-01'",
                rs -> rs.getLong(1), plate).getFirst();
    }

    static void await(Supplier<Boolean> condition, String what) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < end) {
            if (condition.get()) return;
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for: " + what);
    }

    @Test
    void droppedFilesBecomeReadsABadOneFailsWithItsReasonAndNothingIsReadTwice() throws Exception {
        String at = NAME_TIME.format(Instant.now().minusSeconds(60));
        String first = "cam7_" + at + "_gh-123-k.jpg";
        drop(first, Samples.jpeg(500));
        drop("cam7_" + at + "_AB12CD.JPG", Samples.jpeg(600));
        drop("cam7_yesterday_XX99XX.jpg", Samples.jpeg(100));
        drop("cam7_" + at + "_TT11TT.jpg", "not an image".getBytes());
        drop("cam7_side.json", ("{\"kenteken\":\"zz-99-zz\",\"tijd\":" + Instant.now().minusSeconds(30).toEpochMilli() + ",\"camera\":\"cam7\"}").getBytes());
        drop("cam7_side.jpg", Samples.jpeg(700));
        drop("cam7_webp.json", ("{\"kenteken\":\"wb-55-wb\",\"tijd\":" + Instant.now().minusSeconds(20).toEpochMilli() + ",\"camera\":\"cam7\"}").getBytes());
        drop("cam7_webp.webp", WebpImages.lossy());

        await(() -> passages("GH123K") == 1 && passages("AB12CD") == 1 && passages("ZZ99ZZ") == 1 && passages("TT11TT") == 1,
                "the dropped reads stored");
        await(() -> Files.exists(inbox.resolve("failed/cam7_yesterday_XX99XX.jpg.reason.txt")), "the bad file failed");
        await(() -> Files.exists(inbox.resolve("done/cam7_side.jpg")), "the sidecar's image moved with it");
        assertThat(Files.readString(inbox.resolve("failed/cam7_yesterday_XX99XX.jpg.reason.txt"))).contains("does not match the pattern");
        assertThat(Files.exists(inbox.resolve("failed/cam7_yesterday_XX99XX.jpg"))).isTrue();
        assertThat(Files.exists(inbox.resolve("done/" + first))).isTrue();
        assertThat(Files.exists(inbox.resolve("done/cam7_side.json"))).isTrue();
        // A file that is not a JPEG still gives its read (the name carries it), without an image, and a note.
        assertThat(org.openanpr.db.Sql.list(server.db().dataSource(),
                "select count(*) from passage_image i join passage p on p.id = i.passage_id where p.plate = 'GH123K'",
                rs -> rs.getLong(1)).getFirst()).isEqualTo(1);
        assertThat(server.get("/api/v1/connectors/ftp-drop/rejected").json().toString()).contains("cam7_yesterday_XX99XX.jpg");
        // A sidecar's WebP image is kept as JPEG.
        await(() -> passages("WB55WB") == 1 && Files.exists(inbox.resolve("done/cam7_webp.webp")), "the WebP sidecar's read stored");
        byte[] kept = org.openanpr.db.Sql.list(server.db().dataSource(),
                "select i.jpeg from passage_image i join passage p on p.id = i.passage_id where p.plate = 'WB55WB'",
                rs -> rs.getBytes(1)).getFirst();
        assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(kept)).getWidth()).isEqualTo(32);
        assertThat(kept[0] & 0xFF).isEqualTo(0xFF);

        // A crash after the commit and before the move leaves the file where it was: found again, it is a duplicate.
        Files.copy(inbox.resolve("done/" + first), inbox.resolve("." + first + ".part"));
        Files.setLastModifiedTime(inbox.resolve("." + first + ".part"), FileTime.from(Instant.now().minusSeconds(10)));
        Files.move(inbox.resolve("." + first + ".part"), inbox.resolve(first));
        await(() -> Files.exists(inbox.resolve("done/" + first + ".1")), "the file found again moved beside the first");
        assertThat(passages("GH123K")).isEqualTo(1);
        assertThat(server.get("/api/v1/connectors/ftp-drop").json().path("stats").path("duplicates").asInt()).isEqualTo(1);
        try (Stream<Path> left = Files.list(inbox)) {
            assertThat(left.filter(Files::isRegularFile)).as("nothing left behind in the inbox").isEmpty();
        }
    }

    /** Issue 16: a camera that photographs without reading the plate; the pipeline's own recognition reads it. */
    @Test
    void aPhotoWhoseNameCarriesNoPlateIsReadByTheRecognition() throws Exception {
        Path photos = Files.createTempDirectory("anpr-photos-");
        try {
            TestServer.Response r = server.post("/api/v1/connectors", "application/json",
                    "{\"id\":\"photo-drop\",\"kind\":\"FOLDER\",\"organisation\":\"utrecht\",\"camera\":\"UT-DROP-01\","
                            + "\"settings\":{\"path\":\"" + photos + "\",\"pattern\":\"photo_(?<time>\\\\d{8}T\\\\d{6})\\\\.jpg\","
                            + "\"timeFormat\":\"yyyyMMdd'T'HHmmss\"}}");
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            String name = "photo_" + NAME_TIME.format(Instant.now().minusSeconds(60)) + ".jpg";
            Path tmp = photos.resolve("." + name + ".part");
            Files.write(tmp, org.openanpr.recognition.SyntheticPlates.jpeg(
                    org.openanpr.recognition.SyntheticPlates.scene(org.openanpr.recognition.SyntheticPlates.NL, 0, null)));
            Files.setLastModifiedTime(tmp, FileTime.from(Instant.now().minusSeconds(10)));
            Files.move(tmp, photos.resolve(name));
            await(() -> passages("52HKL9") == 1, "the photo read by the recognition and stored");
            assertThat(org.openanpr.db.Sql.list(server.db().dataSource(),
                    "select plate_box is not null from passage where plate = '52HKL9'", rs -> rs.getBoolean(1)).getFirst())
                    .as("the recognition's box kept").isTrue();
        } finally {
            try (Stream<Path> s = Files.walk(photos)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    @Test
    void onlyTheSystemTokenCreatesAFolderConnectorAndOnlyOnAnExistingFolder() {
        String admin = server.userToken("ut-drop-admin", "utrecht", "ADMINISTRATOR");
        assertThat(server.post("/api/v1/connectors", "application/json",
                "{\"id\":\"my-drop\",\"kind\":\"FOLDER\",\"settings\":{\"path\":\"" + inbox + "\"}}", admin).status()).isEqualTo(403);
        TestServer.Response missing = server.post("/api/v1/connectors", "application/json",
                "{\"id\":\"no-drop\",\"kind\":\"FOLDER\",\"organisation\":\"utrecht\",\"settings\":{\"path\":\"/no/such/folder\"}}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.reason()).contains("settings.path");
        TestServer.Response pattern = server.post("/api/v1/connectors", "application/json",
                "{\"id\":\"bad-drop\",\"kind\":\"FOLDER\",\"organisation\":\"utrecht\",\"settings\":{\"path\":\"" + inbox + "\",\"pattern\":\"(?<plate>.*)\"}}");
        assertThat(pattern.reason()).contains("(?<time>");
    }
}
