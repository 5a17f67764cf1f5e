package org.openanpr.connector;

import org.openanpr.passage.Base64Image;

import java.util.List;

/**
 * The images vendor messages carry. Passages keep JPEG; anything else (a WebP, a documentation placeholder, bad
 * base64) is dropped with a note, never at the cost of the read.
 */
final class Images {
    private Images() {
    }

    static byte[] fromBase64(String what, String base64, List<String> notes) {
        if (base64 == null || base64.isBlank()) return null;
        byte[] bytes;
        try {
            String b = base64.strip();
            int comma = b.startsWith("data:") ? b.indexOf(',') : -1;
            bytes = Base64Image.decode(comma >= 0 ? b.substring(comma + 1) : b);
        } catch (IllegalArgumentException e) {
            notes.add(what + ": not base64, not kept");
            return null;
        }
        return checked(what, bytes, notes);
    }

    static byte[] checked(String what, byte[] bytes, List<String> notes) {
        if (bytes == null || bytes.length == 0) return null;
        if (isJpeg(bytes)) return bytes;
        notes.add(what + ": " + (isWebp(bytes) ? "a WebP image" : "not a JPEG image") + ", not kept (passages keep JPEG)");
        return null;
    }

    static boolean isJpeg(byte[] b) {
        return b.length >= 4 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8;
    }

    static boolean isWebp(byte[] b) {
        return b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E'
                && b[10] == 'B' && b[11] == 'P';
    }
}
