package org.openanpr.passage;

import java.util.Base64;

/** An image as cameras and connectors send it in JSON: base64 text. */
public final class Base64Image {
    private Base64Image() {
    }

    /**
     * One unbroken line, as most equipment sends it, goes through the JDK's vectorised decoder; text with line breaks
     * (MIME, as some equipment wraps it) through the MIME decoder, which is several times slower on every image.
     *
     * @throws IllegalArgumentException when it is not base64
     */
    public static byte[] decode(String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException wrapped) {
            return Base64.getMimeDecoder().decode(text);
        }
    }
}
