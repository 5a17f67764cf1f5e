package org.openanpr.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * One camera's or agent's HTTP/1.1 connection, kept alive, non-blocking, driven by {@link Posting}'s one selector
 * thread: it sends a prepared body in one gathering write and reads the answer as it comes. Not a general client: it
 * speaks to our server only (Content-Length or chunked answers, no redirects, no TLS).
 */
final class AgentConnection {
    private static final byte[] LINE_END = {'\r', '\n'};
    private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};
    private final URI uri;
    private final Selector selector;
    private SocketChannel channel;
    private SelectionKey key;
    private ByteBuffer[] out;
    private ByteBuffer in = ByteBuffer.allocate(16 * 1024);
    /** The request in flight (its index in the run), or -1. */
    int request = -1;
    long sentAt;

    AgentConnection(URI uri, Selector selector) {
        this.uri = uri;
        this.selector = selector;
    }

    record Response(int status, String body) {
    }

    /** Starts sending the request; the selector says when to go on ({@link #onWritable}, {@link #onReadable}). */
    void send(int index, String token, String contentType, List<byte[]> parts) throws IOException {
        long length = 0;
        for (byte[] part : parts) length += part.length;
        byte[] head = ("POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nAuthorization: Bearer " + token + "\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        if (channel == null) connect();
        out = new ByteBuffer[parts.size() + 1];
        out[0] = ByteBuffer.wrap(head);
        for (int i = 0; i < parts.size(); i++) out[i + 1] = ByteBuffer.wrap(parts.get(i));
        request = index;
        sentAt = System.nanoTime();
        onWritable();
    }

    /** Writes what the socket takes; once all is sent, waits for the answer. */
    void onWritable() throws IOException {
        channel.write(out);
        boolean sent = !out[out.length - 1].hasRemaining();
        key.interestOps(sent ? SelectionKey.OP_READ : SelectionKey.OP_WRITE);
    }

    /** Reads what came; returns the answer once it is complete, else null. */
    Response onReadable() throws IOException {
        if (!in.hasRemaining()) {
            ByteBuffer bigger = ByteBuffer.allocate(in.capacity() * 2);
            in.flip();
            bigger.put(in);
            in = bigger;
        }
        if (channel.read(in) < 0) throw new IOException("connection closed by the server");
        Response r = parse();
        if (r != null) request = -1;
        return r;
    }

    /** The complete answer at the start of the buffer (consumed), or null while more is to come. */
    private Response parse() throws IOException {
        byte[] a = in.array();
        int end = in.position();
        int headEnd = indexOf(a, 0, end, HEAD_END);
        if (headEnd < 0) return null;
        String[] lines = new String(a, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n");
        if (!lines[0].startsWith("HTTP/1.1 ")) throw new IOException("not an HTTP/1.1 answer: " + lines[0]);
        int status = Integer.parseInt(lines[0].substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean closing = false;
        for (int i = 1; i < lines.length; i++) {
            String lower = lines[i].toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) length = Long.parseLong(lower.substring(15).trim());
            else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) chunked = true;
            else if (lower.startsWith("connection:") && lower.contains("close")) closing = true;
        }
        int bodyStart = headEnd + 4;
        String body;
        int consumed;
        if (chunked) {
            StringBuilder sb = new StringBuilder();
            int at = bodyStart;
            while (true) {
                int lineEnd = indexOf(a, at, end, LINE_END);
                if (lineEnd < 0) return null;
                int size = Integer.parseInt(new String(a, at, lineEnd - at, StandardCharsets.US_ASCII).split(";")[0].trim(), 16);
                if (size == 0) {
                    int trailersEnd = indexOf(a, lineEnd, end, HEAD_END);
                    if (trailersEnd < 0) return null;
                    consumed = trailersEnd + 4;
                    break;
                }
                if (lineEnd + 2 + size + 2 > end) return null;
                sb.append(new String(a, lineEnd + 2, size, StandardCharsets.UTF_8));
                at = lineEnd + 2 + size + 2;
            }
            body = sb.toString();
        } else {
            long n = Math.max(length, 0);
            if (bodyStart + n > end) return null;
            body = new String(a, bodyStart, (int) n, StandardCharsets.UTF_8);
            consumed = bodyStart + (int) n;
        }
        in.flip();
        in.position(consumed);
        in.compact();
        if (closing) close(); // the next request opens a fresh connection, as a camera would
        return new Response(status, body);
    }

    private static int indexOf(byte[] a, int from, int to, byte[] w) {
        outer:
        for (int i = from; i <= to - w.length; i++) {
            for (int j = 0; j < w.length; j++) if (a[i + j] != w[j]) continue outer;
            return i;
        }
        return -1;
    }

    private void connect() throws IOException {
        channel = SocketChannel.open(new InetSocketAddress(uri.getHost(), uri.getPort()));
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.configureBlocking(false);
        key = channel.register(selector, SelectionKey.OP_WRITE, this);
        in.clear();
    }

    void close() {
        if (channel == null) return;
        key.cancel();
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
        channel = null;
    }
}
