package org.openanpr.connector;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A multipart body (form-data or mixed) split into its parts. Hand-written because cameras write it loosely: a
 * quoted or bare boundary, LF instead of CRLF, a missing closing delimiter.
 */
final class Multipart {
    private static final Pattern BOUNDARY = Pattern.compile("boundary=(\"([^\"]+)\"|([^;\\s]+))", Pattern.CASE_INSENSITIVE);
    private static final Pattern NAME = Pattern.compile("[; ]name=(\"([^\"]*)\"|([^;\\s]+))", Pattern.CASE_INSENSITIVE);
    private static final Pattern FILENAME = Pattern.compile("filename=(\"([^\"]*)\"|([^;\\s]+))", Pattern.CASE_INSENSITIVE);

    record Part(String name, String filename, String contentType, byte[] body) {
        String text() {
            return Fields.utf8(body);
        }

        boolean isImage() {
            String t = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
            return t.startsWith("image/") || Images.isJpeg(body) || Images.isWebp(body);
        }
    }

    private Multipart() {
    }

    static List<Part> parse(Payload payload) throws UnreadablePayload {
        Matcher m = BOUNDARY.matcher(payload.contentType() == null ? "" : payload.contentType());
        if (!m.find()) throw new UnreadablePayload("multipart body without a boundary in its Content-Type");
        byte[] delimiter = ("--" + (m.group(2) != null ? m.group(2) : m.group(3))).getBytes(StandardCharsets.ISO_8859_1);
        byte[] body = payload.body();
        List<Part> parts = new ArrayList<>();
        int at = indexOf(body, delimiter, 0);
        if (at < 0) throw new UnreadablePayload("multipart body: the boundary from the Content-Type is not in the body");
        while (true) {
            int start = at + delimiter.length;
            if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') break;
            start = skipLineEnd(body, start);
            int next = indexOf(body, delimiter, start);
            int end = next < 0 ? body.length : next;
            parts.add(part(body, start, trimLineEnd(body, start, end)));
            if (next < 0) break;
            at = next;
        }
        if (parts.isEmpty()) throw new UnreadablePayload("multipart body without parts");
        return parts;
    }

    private static Part part(byte[] body, int start, int end) {
        int headersEnd = -1, bodyStart = end;
        for (int i = start; i < end; i++) {
            if (body[i] == '\n' && i + 1 < end && (body[i + 1] == '\n' || body[i + 1] == '\r' && i + 2 < end && body[i + 2] == '\n')) {
                headersEnd = i;
                bodyStart = body[i + 1] == '\n' ? i + 2 : i + 3;
                break;
            }
        }
        if (headersEnd < 0) return new Part(null, null, null, java.util.Arrays.copyOfRange(body, start, end));
        String headers = new String(body, start, headersEnd - start, StandardCharsets.UTF_8);
        String name = null, filename = null, type = null;
        for (String line : headers.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) continue;
            String key = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (key.equals("content-type")) type = value;
            if (key.equals("content-disposition")) {
                name = group(NAME.matcher(" " + value));
                filename = group(FILENAME.matcher(value));
            }
        }
        return new Part(name, filename, type, java.util.Arrays.copyOfRange(body, bodyStart, Math.max(bodyStart, end)));
    }

    private static String group(Matcher m) {
        return m.find() ? (m.group(2) != null ? m.group(2) : m.group(3)) : null;
    }

    private static int skipLineEnd(byte[] b, int i) {
        while (i < b.length && (b[i] == ' ' || b[i] == '\t')) i++;
        if (i < b.length && b[i] == '\r') i++;
        if (i < b.length && b[i] == '\n') i++;
        return i;
    }

    private static int trimLineEnd(byte[] b, int start, int end) {
        if (end > start && b[end - 1] == '\n') end--;
        if (end > start && b[end - 1] == '\r') end--;
        return end;
    }

    static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
