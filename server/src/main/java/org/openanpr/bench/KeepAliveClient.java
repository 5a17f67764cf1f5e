package org.openanpr.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One camera's HTTP/1.1 connection, kept alive, posting prepared bodies: what a camera or ALPR agent does, at a
 * fraction of the CPU of the JDK's client, whose asynchronous machinery costs about as much per small request as the
 * server's work and, in a benchmark that runs client and server on the same cores, would be measured as the server's.
 * Not a general client: it speaks to our server only (Content-Length or chunked answers, no redirects, no TLS).
 */
final class KeepAliveClient implements AutoCloseable {
    private final URI uri;
    private Socket socket;
    private OutputStream out;
    private InputStream in;

    KeepAliveClient(URI uri) {
        this.uri = uri;
    }

    record Response(int status, String body) {
    }

    /** Posts the body made of {@code parts} in turn. */
    Response post(String token, String contentType, java.util.List<byte[]> parts) throws IOException {
        long length = 0;
        for (byte[] part : parts) length += part.length;
        byte[] head = ("POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nAuthorization: Bearer " + token + "\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        if (socket == null) connect();
        try {
            out.write(head);
            for (byte[] part : parts) out.write(part);
            out.flush();
            return read();
        } catch (IOException e) {
            close(); // the next request starts a fresh connection, as a camera would
            throw e;
        }
    }

    private void connect() throws IOException {
        socket = new Socket(uri.getHost(), uri.getPort());
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    }

    private Response read() throws IOException {
        String status = line();
        if (!status.startsWith("HTTP/1.1 ")) throw new IOException("not an HTTP/1.1 answer: " + status);
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean closing = false;
        for (String h = line(); !h.isEmpty(); h = line()) {
            String lower = h.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) length = Long.parseLong(lower.substring(15).trim());
            else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) chunked = true;
            else if (lower.startsWith("connection:") && lower.contains("close")) closing = true;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
                 size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                body.write(in.readNBytes(size));
                line();
            }
            while (!line().isEmpty()) {
                // trailers
            }
        } else if (length >= 0) {
            body.write(in.readNBytes((int) length));
        }
        if (closing) close();
        return new Response(code, body.toString(StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) throw new IOException("connection closed by the server");
            if (b != '\r') sb.append((char) b);
        }
        return sb.toString();
    }

    @Override
    public void close() {
        if (socket == null) return;
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
        socket = null;
    }
}
