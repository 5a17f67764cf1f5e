package org.openanpr.recognition;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.imageio.ImageIO;
import java.io.File;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The whole engine (detection, reading, ranking) on plates rendered in the test: one per supported country, each with
 * its EU band and sign, the German seals between the groups, the French département band on the right. The band's
 * letters and the emblem must not become characters; the plate must win over a road sign's text.
 */
class SyntheticPlateRecognitionTest {
    static PlateRecognizer recognizer;

    @BeforeAll
    static void load() {
        recognizer = PlateRecognizer.load();
    }

    @AfterAll
    static void close() {
        recognizer.close();
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> plates() {
        return Stream.of(
                arguments(SyntheticPlates.NL, "52HKL9", "NL", "NL-sidecode-7"),
                arguments(SyntheticPlates.BE, "1KLM234", "BE", "BE-2010"),
                arguments(SyntheticPlates.DE, "KART512", "DE", "DE"),
                arguments(SyntheticPlates.FR, "FK381RT", "FR", "FR-SIV"),
                arguments(SyntheticPlates.GB, "BD51SMR", "GB", "GB-2001"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("plates")
    void eachCountrysPlateIsReadWithoutItsBandOrEmblem(SyntheticPlates.Plate plate, String text, String country, String format) throws Exception {
        var image = SyntheticPlates.scene(plate, 0, null);
        PlateRecognizer.Recognition r = recognizer.recognize(ImageIO.read(new java.io.ByteArrayInputStream(SyntheticPlates.jpeg(image))));
        if (System.getenv("ANPR_KEEP_SYNTHETIC") != null) ImageIO.write(image, "png", new File("target/synthetic-" + text + ".png"));
        assertThat(r.best()).as("candidates %s", r.candidates()).isNotNull();
        assertThat(r.best().plate()).as("candidates %s", r.candidates()).isEqualTo(text);
        assertThat(r.best().country()).isEqualTo(country);
        assertThat(r.best().format()).isEqualTo(format);
        // the box is the plate's (drawn at 190,328 260x56, the characters right of the band)
        assertThat(r.best().box().iou(new Box(190, 328, 260, 56))).as("box %s", r.best().box()).isGreaterThan(0.4);
        assertThat(r.best().confidence()).isBetween(0.3, 1.0);
    }

    @ParameterizedTest(name = "{1} tilted")
    @MethodSource("plates")
    void aTiltedPlateIsReadToo(SyntheticPlates.Plate plate, String text, String country, String format) {
        PlateRecognizer.Recognition r = recognizer.recognize(SyntheticPlates.scene(plate, 6, null));
        assertThat(r.best()).as("candidates %s", r.candidates()).isNotNull();
        assertThat(r.best().plate()).as("candidates %s", r.candidates()).isEqualTo(text);
    }

    @Test
    void signTextDoesNotWinOverThePlate() {
        PlateRecognizer.Recognition r = recognizer.recognize(SyntheticPlates.scene(SyntheticPlates.NL, 0, "EXIT 79B"));
        assertThat(r.candidates()).extracting(PlateRecognizer.Candidate::plate).as("the sign was read too")
                .anyMatch(text -> text.contains("79"));
        assertThat(r.best().plate()).isEqualTo("52HKL9");
    }

    @Test
    void anImageWithoutAPlateGivesNoConfidentPlate() {
        var image = new java.awt.image.BufferedImage(320, 240, java.awt.image.BufferedImage.TYPE_INT_RGB);
        PlateRecognizer.Recognition r = recognizer.recognize(image);
        assertThat(r.candidates()).isEmpty();
        assertThat(r.best()).isNull();
    }
}
