package org.openanpr.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.openanpr.hit.Alert;
import org.openanpr.hit.FindingAlert;
import org.openanpr.http.Json;
import org.openanpr.passage.Passage;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The records on the topics: a validated read ({@link Passage}) in the compact form of {@link PassageCodec}, and an
 * alert and a finding as JSON (images base64): they are few, and JSON is readable with kafka-console-consumer and lets
 * an older node ignore a field added later (the mapper ignores unknown fields) instead of breaking on it.
 */
final class Codec {
    private static final ObjectMapper MAPPER = Json.MAPPER;

    private Codec() {
    }

    static byte[] passage(Passage p) {
        return PassageCodec.write(p);
    }

    static Passage passage(byte[] bytes) {
        // the JSON of releases before the compact form, still on the topic after an upgrade
        if (bytes.length > 0 && bytes[0] == '{') return read(bytes, Passage.class);
        return PassageCodec.read(bytes);
    }

    static byte[] alert(Alert a) {
        return write(a);
    }

    static Alert alert(byte[] bytes) {
        return read(bytes, Alert.class);
    }

    /** A finding's body comes back as plain JSON (a map): the hub writes it out as it came in. */
    static byte[] finding(FindingAlert f) {
        return write(f);
    }

    static FindingAlert finding(byte[] bytes) {
        return read(bytes, FindingAlert.class);
    }

    private static byte[] write(Object o) {
        try {
            return MAPPER.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T read(byte[] bytes, Class<T> type) {
        try {
            return MAPPER.readValue(bytes, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
