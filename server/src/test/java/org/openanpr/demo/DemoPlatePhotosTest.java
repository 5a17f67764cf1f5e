package org.openanpr.demo;

import org.junit.jupiter.api.Test;
import org.openanpr.passage.IncomingRead;
import org.openanpr.recognition.PlateRecognizer;
import org.openanpr.testing.TestClock;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's photo camera: now and then a Dutch read becomes a photo without plate text, which recognition reads. */
class DemoPlatePhotosTest {

    static IncomingRead read(String plate, String country) {
        return new IncomingRead(UUID.randomUUID(), "UT-01", plate, country, 0.9, OffsetDateTime.now(ZoneOffset.UTC), null, null, null, null);
    }

    @Test
    void aDutchReadBecomesAPhotoThatRecognitionReadsBack() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2026-12-01T10:00:00Z"));
        DemoPlatePhotos photos = new DemoPlatePhotos(clock);
        List<IncomingRead> reads = List.of(read("AB12CD", "BE"), read("52HKL9", "NL"));
        // not yet due: the reads pass as they are
        assertThat(photos.apply(reads)).isSameAs(reads);
        clock.advance(Duration.ofSeconds(6));
        List<IncomingRead> out = photos.apply(reads);
        assertThat(out).hasSize(2);
        assertThat(out.get(0)).isEqualTo(reads.get(0));
        IncomingRead photo = out.get(1);
        assertThat(photo.id()).isEqualTo(reads.get(1).id());
        assertThat(photo.plate()).isNull();
        assertThat(photo.overviewImage()).isNotNull();
        // and the next one only after a while
        assertThat(photos.apply(reads)).isSameAs(reads);
        try (PlateRecognizer recognizer = PlateRecognizer.load()) {
            var image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(photo.overviewImage())));
            assertThat(recognizer.recognize(image).best().plate()).isEqualTo("52HKL9");
        }
    }
}
