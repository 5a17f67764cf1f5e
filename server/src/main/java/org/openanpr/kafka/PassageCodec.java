package org.openanpr.kafka;

import org.openanpr.passage.Passage;
import org.openanpr.passage.Travel;
import org.openanpr.passage.VehicleDescription;
import org.openanpr.recognition.Box;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;

/**
 * A read on the reads topic, in a compact binary form: every read crosses it twice (serve node → worker), and as JSON
 * through the data binder the two crossings took a quarter of the CPU of the whole Kafka path (`bench load`, JFR), a
 * third of that parsing ISO times back. Here the time is epoch seconds and nanoseconds, images are raw bytes.
 *
 * <p>The first byte is the form's version. A record that starts with {@code '{'} is the JSON of earlier releases
 * (still on a topic after an upgrade) and is read as JSON. A worker meeting a version newer than its own refuses the
 * record (it is logged and kept out, see {@code ReadWorker}): upgrade workers before serve nodes.
 */
final class PassageCodec {
    static final byte VERSION = 1;
    private static final byte NONE = -1;

    private PassageCodec() {
    }

    static byte[] write(Passage p) {
        int images = (p.plateImage() == null ? 0 : p.plateImage().length) + (p.overviewImage() == null ? 0 : p.overviewImage().length);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(160 + images);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(p.id().getMostSignificantBits());
            out.writeLong(p.id().getLeastSignificantBits());
            out.writeLong(p.observedAt().getEpochSecond());
            out.writeInt(p.observedAt().getNano());
            text(out, p.cameraId());
            text(out, p.plate());
            text(out, p.plateKey());
            text(out, p.country());
            out.writeFloat(p.confidence());
            number(out, p.lat());
            number(out, p.lon());
            bytes(out, p.plateImage());
            bytes(out, p.overviewImage());
            out.writeBoolean(p.countryReported());
            VehicleDescription v = p.vehicle() == null ? VehicleDescription.NONE : p.vehicle();
            text(out, v.make());
            text(out, v.model());
            text(out, v.colour());
            text(out, v.type());
            Travel t = p.travel() == null ? Travel.NONE : p.travel();
            out.writeByte(t.direction() == null ? NONE : t.direction().ordinal());
            out.writeBoolean(t.heading() != null);
            if (t.heading() != null) out.writeInt(t.heading());
            number(out, t.speed());
            out.writeBoolean(p.plateBox() != null);
            if (p.plateBox() != null) {
                out.writeInt(p.plateBox().x());
                out.writeInt(p.plateBox().y());
                out.writeInt(p.plateBox().w());
                out.writeInt(p.plateBox().h());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException for a version this node does not know, or a record cut short */
    static Passage read(byte[] record) {
        if (record.length == 0) throw new IllegalArgumentException("empty record");
        if (record[0] != VERSION)
            throw new IllegalArgumentException("read record of form version " + record[0] + "; this node reads version " + VERSION);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(record, 1, record.length - 1))) {
            UUID id = new UUID(in.readLong(), in.readLong());
            Instant observedAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
            String camera = text(in);
            String plate = text(in);
            String plateKey = text(in);
            String country = text(in);
            float confidence = in.readFloat();
            Double lat = number(in);
            Double lon = number(in);
            byte[] plateImage = bytes(in);
            byte[] overviewImage = bytes(in);
            boolean countryReported = in.readBoolean();
            String make = text(in);
            String model = text(in);
            String colour = text(in);
            String type = text(in);
            VehicleDescription vehicle = make == null && model == null && colour == null && type == null
                    ? VehicleDescription.NONE : new VehicleDescription(make, model, colour, type);
            byte direction = in.readByte();
            Integer heading = in.readBoolean() ? in.readInt() : null;
            Double speed = number(in);
            Travel travel = direction == NONE && heading == null && speed == null ? Travel.NONE
                    : new Travel(direction == NONE ? null : Travel.Direction.values()[direction], heading, speed);
            Box box = in.readBoolean() ? new Box(in.readInt(), in.readInt(), in.readInt(), in.readInt()) : null;
            return new Passage(id, observedAt, camera, plate, plateKey, country, confidence, lat, lon, plateImage, overviewImage,
                    countryReported, vehicle, travel, box);
        } catch (IOException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("read record cut short or corrupt", e);
        }
    }

    private static void text(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) out.writeUTF(s);
    }

    private static String text(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void number(DataOutputStream out, Double d) throws IOException {
        out.writeBoolean(d != null);
        if (d != null) out.writeDouble(d);
    }

    private static Double number(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readDouble() : null;
    }

    private static void bytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b == null ? -1 : b.length);
        if (b != null) out.write(b);
    }

    private static byte[] bytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) return null;
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }
}
