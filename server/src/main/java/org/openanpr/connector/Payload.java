package org.openanpr.connector;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A message as a vendor's equipment delivered it: its content type (may be null), its bytes, and for a message from
 * a broker its MQTT topic (null over HTTP).
 */
public record Payload(String contentType, byte[] body, String topic) {

    public Payload {
        body = body == null ? new byte[0] : body;
    }

    public Payload(String contentType, byte[] body) {
        this(contentType, body, null);
    }

    public static Payload json(String text) {
        return new Payload("application/json", text.getBytes(StandardCharsets.UTF_8));
    }

    /** The media type in lower case, without parameters; empty when none was sent. */
    public String mediaType() {
        if (contentType == null) return "";
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }

    public boolean isMultipart() {
        return mediaType().startsWith("multipart/");
    }
}
