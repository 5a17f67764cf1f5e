package org.openanpr.passage;

import java.time.Instant;

/**
 * A passage search. {@code plate} is normalised text; with {@code fuzzy} it also finds reads that differ by
 * OCR confusions and at most one missing, extra or wrong character. {@code vehicle} narrows to reads whose camera
 * described the vehicle so (each given field equal, after the same normalisation).
 */
public record PassageQuery(String plate, boolean fuzzy, String camera, Instant from, Instant to, int limit,
                           Cursor after, boolean ascending, VehicleDescription vehicle) {

    public PassageQuery(String plate, boolean fuzzy, String camera, Instant from, Instant to, int limit, Cursor after,
                        boolean ascending) {
        this(plate, fuzzy, camera, from, to, limit, after, ascending, VehicleDescription.NONE);
    }

    /** Keyset position: the last row of the previous page. */
    public record Cursor(Instant time, java.util.UUID id) {
        public String encode() {
            String raw = time.getEpochSecond() + ":" + time.getNano() + ":" + id;
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        public static Cursor decode(String token) {
            try {
                String[] parts = new String(java.util.Base64.getUrlDecoder().decode(token), java.nio.charset.StandardCharsets.UTF_8).split(":");
                return new Cursor(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])),
                        java.util.UUID.fromString(parts[2]));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("after: not a cursor returned by this API");
            }
        }
    }
}
