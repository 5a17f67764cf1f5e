package org.openanpr.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A POST with a chunked body (no Content-Length, so no size to refuse up front) over a plain socket, reading the
 * answer while sending. How much the client got to send proves nothing about what the server read: on loopback the
 * kernel buffers tens of megabytes.
 */
public record ChunkedUpload(String statusLine) {
    public static ChunkedUpload send(int port, String path, String contentType, String token, InputStream body) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port));
            OutputStream out = s.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + contentType + "\r\n"
                    + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> statusLine(s));
            byte[] chunk = new byte[64 * 1024];
            try {
                for (int n; !answer.isDone() && (n = body.readNBytes(chunk, 0, chunk.length)) > 0; ) {
                    out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk, 0, n);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                if (!answer.isDone()) out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException closedByServer) {
                // the server answered and closed the connection: the rest of the body was never read
            }
            return new ChunkedUpload(answer.get(30, TimeUnit.SECONDS));
        }
    }

    /** {@code n} bytes of spaces, made up as they are read: a large body the test does not hold. */
    public static InputStream spaces(long n) {
        return new InputStream() {
            long left = n;

            @Override
            public int read() {
                return left-- > 0 ? ' ' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) return -1;
                int k = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + k, (byte) ' ');
                left -= k;
                return k;
            }
        };
    }

    private static String statusLine(Socket s) {
        try {
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c; (c = in.read()) >= 0 && c != '\n'; ) line.append((char) c);
            return line.toString().trim();
        } catch (IOException e) {
            return "no answer: " + e;
        }
    }
}
