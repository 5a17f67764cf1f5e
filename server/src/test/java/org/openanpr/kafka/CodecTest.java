package org.openanpr.kafka;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.openanpr.http.Json;
import org.openanpr.passage.Passage;
import org.openanpr.passage.Travel;
import org.openanpr.passage.VehicleDescription;
import org.openanpr.recognition.Box;

import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The reads topic's record form: what a serve node writes, a worker reads back unchanged. */
class CodecTest {
    private static final Passage FULL = new Passage(UUID.randomUUID(), Instant.parse("2026-03-29T01:59:59.123456789Z"), "A12-Ré",
            "12ABC3", "12A8C3", "NL", 0.87f, 52.1, 4.3, new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2}, new byte[] {9},
            true, new VehicleDescription("Škoda", "Octavia", "blauw", "car"), new Travel(Travel.Direction.OUT, 270, 87.5),
            new Box(1, 2, 30, 40));
    private static final Passage BARE = new Passage(UUID.randomUUID(), Instant.ofEpochSecond(-1, 5), "C", "X", "X", null, 0f,
            null, null, null, null, false, VehicleDescription.NONE, Travel.NONE, null);

    @Test
    void everyFieldComesBack() {
        assertSame(PassageCodec.read(Codec.passage(FULL)), FULL);
        assertSame(Codec.passage(Codec.passage(BARE)), BARE);
        assertThat(Codec.passage(Codec.passage(BARE)).vehicle()).isSameAs(VehicleDescription.NONE);
        assertThat(Codec.passage(Codec.passage(BARE)).travel()).isSameAs(Travel.NONE);
    }

    @Test
    void aRecordOfAnEarlierReleaseInJsonIsStillRead() throws Exception {
        byte[] json = Json.MAPPER.writeValueAsBytes(FULL);
        assertSame(Codec.passage(json), FULL);
    }

    @Test
    void aNewerFormOrACutRecordIsRefusedNotMisread() {
        byte[] record = Codec.passage(FULL);
        byte[] newer = record.clone();
        newer[0] = PassageCodec.VERSION + 1;
        assertThatThrownBy(() -> Codec.passage(newer)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version");
        assertThatThrownBy(() -> Codec.passage(Arrays.copyOf(record, record.length - 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cut short");
        assertThatThrownBy(() -> Codec.passage(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 200)
    void anyTextAndTimeComeBack(@ForAll @StringLength(max = 60) String text, @ForAll long seconds, @ForAll float confidence) {
        long s = Math.floorMod(seconds, 4_000_000_000L) - 2_000_000_000L;
        Passage p = new Passage(UUID.randomUUID(), Instant.ofEpochSecond(s, Math.floorMod(seconds, 1_000_000_000)), text, text, text,
                text, confidence, null, -0.0, null, new byte[0], false, new VehicleDescription(text, null, text, null),
                new Travel(null, 0, null), null);
        assertSame(Codec.passage(Codec.passage(p)), p);
    }

    private static void assertSame(Passage actual, Passage expected) {
        assertThat(actual).usingRecursiveComparison().isEqualTo(expected);
    }
}
