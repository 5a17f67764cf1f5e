package org.openanpr.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/** WebP images for tests, made with libwebp's cwebp from 32×16 PNGs: no Java library here writes WebP. */
public final class WebpImages {
    private WebpImages() {
    }

    /** Left half red (200,30,30), right half blue (30,30,200); {@code cwebp -q 90}. */
    public static byte[] lossy() {
        return Base64.getDecoder().decode(
                "UklGRlgAAABXRUJQVlA4IEwAAACQBACdASogABAAPjEUiUKiISEYBAAgAwS0AE6ZQjgbwD8AP2A4wLsB+wACcrAA/va+B/5ecmIpv/0an+koTv+QLnq8FkUtwvsDhAAA");
    }

    /** Left half red (200,30,30), right half transparent; {@code cwebp -lossless}. */
    public static byte[] losslessWithAlpha() {
        return Base64.getDecoder().decode("UklGRigAAABXRUJQVlA4TBsAAAAvH8ADEA8wHoM8HvMf8BAIJPlLD7BARP+jeAEA");
    }

    /** An extended-format header (VP8X) claiming a {@code w × h} canvas, and no image: a decompression bomb. */
    public static byte[] claiming(int w, int h) {
        ByteBuffer vp8x = ByteBuffer.allocate(18).order(ByteOrder.LITTLE_ENDIAN);
        vp8x.put("VP8X".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(10).putInt(0);
        put24(vp8x, w - 1);
        put24(vp8x, h - 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer head = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        head.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(4 + 18)
                .put("WEBP".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.writeBytes(head.array());
        out.writeBytes(vp8x.array());
        return out.toByteArray();
    }

    private static void put24(ByteBuffer b, int v) {
        b.put((byte) v).put((byte) (v >> 8)).put((byte) (v >> 16));
    }
}
