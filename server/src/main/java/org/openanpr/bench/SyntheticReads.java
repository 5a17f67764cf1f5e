package org.openanpr.bench;

import org.openanpr.camera.Camera;

import java.util.List;
import java.util.SplittableRandom;

/** Plates and cameras for benchmarks: Dutch sidecode-8 and -9 style plates from a fixed vehicle population. */
public final class SyntheticReads {
    private static final String LETTERS = "BDFGHJKLNPRSTVXZ";

    private SyntheticReads() {
    }

    public static String plate(long vehicle) {
        SplittableRandom r = new SplittableRandom(vehicle * 0x9E3779B97F4A7C15L);
        StringBuilder sb = new StringBuilder(8);
        if (vehicle % 2 == 0) { // 9-XXX-99
            sb.append(r.nextInt(1, 10));
            for (int i = 0; i < 3; i++) sb.append(LETTERS.charAt(r.nextInt(LETTERS.length())));
            sb.append(r.nextInt(10)).append(r.nextInt(10));
        } else { // XX-999-X
            for (int i = 0; i < 2; i++) sb.append(LETTERS.charAt(r.nextInt(LETTERS.length())));
            sb.append(r.nextInt(10)).append(r.nextInt(10)).append(r.nextInt(10));
            sb.append(LETTERS.charAt(r.nextInt(LETTERS.length())));
        }
        return sb.toString();
    }

    /** A distinct Dutch-format plate for each i below 3,686,400 (9-XXX-99: digit, three letters, two digits). */
    public static String uniquePlate(long i) {
        if (i < 0 || i >= 9L * 4096 * 100) throw new IllegalArgumentException("i out of range: " + i);
        StringBuilder sb = new StringBuilder(6).append(1 + i % 9);
        long rest = i / 9;
        for (int k = 0; k < 3; k++) {
            sb.append(LETTERS.charAt((int) (rest % 16)));
            rest /= 16;
        }
        return sb.append(String.format("%02d", rest)).toString();
    }

    /**
     * The plate as a reader that confuses one character with its look-alike (B/8, D/0, G/6, L/1, S/5, Z/2) sees it:
     * a fuzzy list's hit, never an exact one. Null when the plate holds no such character.
     */
    public static String misread(String plate) {
        String from = "BDGLSZ806152";
        String to = "806152BDGLSZ";
        for (int i = 0; i < plate.length(); i++) {
            int k = from.indexOf(plate.charAt(i));
            if (k >= 0) return plate.substring(0, i) + to.charAt(k) + plate.substring(i + 1);
        }
        return null;
    }

    /** A plate crop of {@code bytes} bytes as a camera sends it (base64): JPEG markers around random content. */
    public static String plateImage(int bytes, long seed) {
        byte[] jpeg = new byte[bytes];
        new SplittableRandom(seed).nextBytes(jpeg);
        jpeg[0] = (byte) 0xFF;
        jpeg[1] = (byte) 0xD8;
        jpeg[bytes - 2] = (byte) 0xFF;
        jpeg[bytes - 1] = (byte) 0xD9;
        return java.util.Base64.getEncoder().encodeToString(jpeg);
    }

    public static List<Camera> cameras(int n, String organisation) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> new Camera(String.format("BENCH-%02d", i),
                "bench camera " + i, Camera.CameraType.FIXED, 52.0 + i * 0.01, 5.0 + i * 0.01, (double) (i * 17 % 360),
                "1", "north", organisation, Camera.CameraStatus.ACTIVE, null)).toList();
    }
}
