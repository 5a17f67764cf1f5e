package org.openanpr.feed;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;

/**
 * A syslog destination of a control room: RFC 5424 messages over UDP (RFC 5426: one message a datagram) or TCP
 * (RFC 6587 octet counting: {@code <length> <message>}), the message a CEF line ({@link Cef}). Given as
 * {@code udp://host:514} or {@code tcp://host:6514?facility=local0}. Over TCP a message counts as delivered once
 * written and flushed on an open connection; a failed write closes the connection and the delivery is tried again
 * (at least once; a receiver may see a message twice after a broken connection). Over UDP nothing comes back: a
 * message is delivered once sent, as with every UDP syslog.
 */
final class Syslog implements AutoCloseable {
    static final String APP = "openanpr";
    /** RFC 5426: a datagram's message should stay within what every receiver takes. */
    static final int UDP_MAX = 8192;
    private static final Map<String, Integer> FACILITIES = Map.ofEntries(Map.entry("user", 1), Map.entry("daemon", 3),
            Map.entry("auth", 4), Map.entry("security", 13), Map.entry("local0", 16), Map.entry("local1", 17),
            Map.entry("local2", 18), Map.entry("local3", 19), Map.entry("local4", 20), Map.entry("local5", 21),
            Map.entry("local6", 22), Map.entry("local7", 23));

    private final boolean tcp;
    private final String host;
    private final int port;
    private final int facility;
    private final String hostname;
    private Socket socket;
    private DatagramSocket datagrams;

    private Syslog(boolean tcp, String host, int port, int facility, String hostname) {
        this.tcp = tcp;
        this.host = host;
        this.port = port;
        this.facility = facility;
        this.hostname = hostname;
    }

    /** @throws IllegalArgumentException naming what is wrong with the target */
    static Syslog of(String target, String hostname) {
        URI uri;
        try {
            uri = URI.create(target);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("target: the syslog receiver as udp://host:514 or tcp://host:6514[?facility=local0]");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("udp") && !scheme.equals("tcp") || uri.getHost() == null)
            throw new IllegalArgumentException("target: the syslog receiver as udp://host:514 or tcp://host:6514[?facility=local0]");
        int facility = 16;
        String q = uri.getRawQuery();
        if (q != null) for (String kv : q.split("&")) {
            if (kv.startsWith("facility=")) {
                Integer f = FACILITIES.get(kv.substring(9).toLowerCase(Locale.ROOT));
                if (f == null) throw new IllegalArgumentException("target: facility one of " + new java.util.TreeSet<>(FACILITIES.keySet()));
                facility = f;
            }
        }
        return new Syslog(scheme.equals("tcp"), uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 514, facility, hostname);
    }

    /**
     * The RFC 5424 message: {@code <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID - MSG}, the priority from the
     * facility and the severity (a hit 1 alert... mapped from the CEF severity), MSGID the event ({@code hit},
     * {@code health}).
     */
    String message(Instant at, String msgId, int cefSeverity, String cef) {
        int severity = cefSeverity >= 9 ? 1 : cefSeverity >= 7 ? 2 : cefSeverity >= 6 ? 4 : cefSeverity >= 4 ? 5 : 6;
        return "<" + (facility * 8 + severity) + ">1 " + at.truncatedTo(ChronoUnit.MILLIS) + " " + field(hostname) + " " + APP
                + " - " + field(msgId) + " - " + cef;
    }

    /** Sends one message; throws when it could not be handed over. */
    synchronized void send(String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        if (!tcp) {
            if (bytes.length > UDP_MAX) throw new IOException("message of " + bytes.length + " bytes exceeds the UDP limit of " + UDP_MAX);
            if (datagrams == null) datagrams = new DatagramSocket();
            datagrams.send(new DatagramPacket(bytes, bytes.length, new InetSocketAddress(host, port)));
            return;
        }
        try {
            if (socket != null && peerClosed(socket)) close();
            if (socket == null || socket.isClosed()) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress(host, port), 5000);
                s.setSoTimeout(10_000);
                socket = s;
            }
            OutputStream out = socket.getOutputStream();
            out.write((bytes.length + " ").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /**
     * Whether the receiver has closed the connection (restarted, idle timeout): a write would seem to succeed and be
     * lost, so the connection is made afresh. A receiver sends nothing back, so any byte or end of stream means gone.
     */
    private static boolean peerClosed(Socket s) {
        try {
            s.setSoTimeout(1);
            int b = s.getInputStream().read();
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        } finally {
            try {
                if (!s.isClosed()) s.setSoTimeout(10_000);
            } catch (IOException e) {
                // closed meanwhile
            }
        }
    }

    /** A header field of RFC 5424: printable US-ASCII without spaces, at most 48 characters; "-" when empty. */
    static String field(String s) {
        if (s == null || s.isBlank()) return "-";
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) if (c > 32 && c < 127) b.append(c);
        String out = b.isEmpty() ? "-" : b.toString();
        return out.length() > 48 ? out.substring(0, 48) : out;
    }

    @Override
    public synchronized void close() {
        try {
            if (socket != null) socket.close();
        } catch (IOException e) {
            // closing anyway
        }
        socket = null;
        if (datagrams != null) datagrams.close();
        datagrams = null;
    }
}
