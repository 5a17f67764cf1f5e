package org.openanpr.passage;

import org.openanpr.camera.Camera;
import org.openanpr.plate.Country;
import org.openanpr.plate.InvalidPlateException;
import org.openanpr.plate.OcrConfusion;
import org.openanpr.plate.PlateReading;
import org.openanpr.plate.Plates;
import org.openanpr.recognition.Box;
import org.openanpr.recognition.ImageDecoder;
import org.openanpr.recognition.PlateReader;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/** Turns an {@link IncomingRead} into a {@link Passage} or says, in one sentence, why it cannot be one. */
final class ReadValidator {
    private final Function<String, Optional<Camera>> cameras;
    private final IngestLimits limits;
    private final PlateReader reader;

    /** @param reader reads the plate of a read that comes as an image without one; null: such reads are refused */
    ReadValidator(Function<String, Optional<Camera>> cameras, IngestLimits limits, PlateReader reader) {
        this.cameras = cameras;
        this.limits = limits;
        this.reader = reader;
    }

    /** @throws IllegalArgumentException with the reason when the read is refused */
    Passage validate(IncomingRead read, Instant now) {
        return validate(read, null, null, now);
    }

    /**
     * @param plateJpeg    the plate image as bytes, in place of the read's base64 {@code plateImage}; null: that one
     * @param overviewJpeg the same for {@code overviewImage}
     * @throws IllegalArgumentException with the reason when the read is refused
     */
    Passage validate(IncomingRead read, byte[] plateJpeg, byte[] overviewJpeg, Instant now) {
        if (read.id() == null) throw new IllegalArgumentException("id: required (a UUID chosen by the camera, makes resends idempotent)");
        if (read.camera() == null || read.camera().isBlank()) throw new IllegalArgumentException("camera: required");
        Camera camera = cameras.apply(read.camera())
                .orElseThrow(() -> new IllegalArgumentException("camera: unknown camera '" + read.camera() + "'"));
        boolean imageOnly = read.plate() == null && reader != null && (notEmpty(read.plateImage()) || notEmpty(read.overviewImage())
                || notEmpty(plateJpeg) || notEmpty(overviewJpeg));
        if (read.plate() == null && !imageOnly)
            throw new IllegalArgumentException("plate: required" + (reader == null ? "" : " (or an image to read it from: plateImage or overviewImage)"));
        if (!imageOnly && read.confidence() == null) throw new IllegalArgumentException("confidence: required, 0..1");
        if (read.confidence() != null && !(read.confidence() >= 0 && read.confidence() <= 1))
            throw new IllegalArgumentException("confidence: must be between 0 and 1, got " + read.confidence());
        if (read.time() == null) throw new IllegalArgumentException("time: required, ISO-8601 with offset");
        Instant at = read.time().toInstant();
        if (at.isAfter(now.plus(limits.futureSkew())))
            throw new IllegalArgumentException("time: " + read.time() + " is in the future (more than "
                    + limits.futureSkew().toMinutes() + " min ahead of the server clock)");
        if (at.isBefore(now.minus(limits.retention())))
            throw new IllegalArgumentException("time: " + read.time() + " is older than the retention limit of "
                    + limits.retention().toDays() + " days");
        if ((read.lat() == null) != (read.lon() == null))
            throw new IllegalArgumentException("lat/lon: give both or neither");
        if (read.lat() != null && !IncomingRead.onEarth(read.lat(), read.lon()))
            throw new IllegalArgumentException("lat/lon: out of range");
        if (camera.type() == Camera.CameraType.MOBILE && read.lat() == null)
            throw new IllegalArgumentException("lat/lon: required for mobile camera '" + camera.id() + "'");
        byte[] plateImage = plateJpeg != null ? jpeg("plateImage", plateJpeg) : image("plateImage", read.plateImage());
        byte[] overviewImage = overviewJpeg != null ? jpeg("overviewImage", overviewJpeg) : image("overviewImage", read.overviewImage());
        String rawPlate = read.plate();
        double confidence = read.confidence() == null ? 0 : read.confidence();
        Box box = null;
        if (imageOnly) {
            PlateReader.PlateRead found = recognise(plateImage != null ? plateImage : overviewImage);
            rawPlate = found.plate();
            confidence = found.confidence();
            box = found.box();
        }
        PlateReading plate;
        Country country;
        try {
            country = read.country() == null || read.country().isBlank() ? null : Country.of(read.country());
            plate = Plates.interpret(rawPlate, country);
        } catch (InvalidPlateException e) {
            throw new IllegalArgumentException("plate: " + e.getMessage());
        }
        return new Passage(read.id(), at, camera.id(), plate.text(), OcrConfusion.key(plate.text()),
                plate.country() == null ? null : plate.country().code(), (float) confidence,
                read.lat(), read.lon(), plateImage, overviewImage, country != null,
                VehicleDescription.of(read.make(), read.model(), read.colour(), read.vehicleType()),
                Travel.of(read.direction(), read.speed()), box);
    }

    /** The plate read from the image by the recogniser; the image is the plate image when sent, else the overview. */
    private PlateReader.PlateRead recognise(byte[] jpeg) {
        try {
            return reader.read(jpeg).orElseThrow(() -> new IllegalArgumentException(
                    "plate: none given and none found in the image"));
        } catch (PlateReader.Busy e) {
            throw new IllegalArgumentException("plate: " + e.getMessage());
        } catch (ImageDecoder.BadImage e) {
            throw new IllegalArgumentException("image: " + e.getMessage());
        }
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }

    private static boolean notEmpty(byte[] b) {
        return b != null && b.length > 0;
    }

    private byte[] image(String field, String base64) {
        if (base64 == null || base64.isEmpty()) return null;
        if (base64.length() > limits.maxImageBytes() * 4L / 3 + 4)
            throw new IllegalArgumentException(field + ": larger than " + limits.maxImageBytes() / 1024 + " KiB");
        byte[] bytes;
        try {
            bytes = Base64Image.decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": not base64");
        }
        return jpeg(field, bytes);
    }

    private byte[] jpeg(String field, byte[] bytes) {
        if (bytes.length > limits.maxImageBytes())
            throw new IllegalArgumentException(field + ": larger than " + limits.maxImageBytes() / 1024 + " KiB");
        if (bytes.length < 4 || (bytes[0] & 0xFF) != 0xFF || (bytes[1] & 0xFF) != 0xD8)
            throw new IllegalArgumentException(field + ": not a JPEG image");
        return bytes;
    }
}
