package org.openanpr.feed;

import org.openanpr.http.PemCertificates;

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
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A syslog destination of a control room: RFC 5424 messages over UDP (RFC 5426: one message a datagram), TCP
 * (RFC 6587 octet counting: {@code <length> <message>}) or TLS (RFC 5425, port 6514, the same octet counting, which
 * RFC 5425 requires), the message a CEF line ({@link Cef}). Given as {@code udp://host:514},
 * {@code tcp://host:514?facility=local0} or {@code tls://host:6514[?facility=local0][&verifyHost=false]}. Over TLS the
 * receiver's certificate must chain to the feed's CA certificate (PEM, stored with the feed) or, without one, to the
 * JVM's trust store, and must name the host it was reached by unless {@code verifyHost=false} (a receiver known by an
 * address its certificate does not name; the chain is still checked). Over TCP and TLS a message counts as delivered
 * once written and flushed on an open connection; a failed write or handshake closes the connection and the delivery
 * is tried again (at least once; a receiver may see a message twice after a broken connection). Over UDP nothing comes
 * back: a message is delivered once sent, as with every UDP syslog.
 */
final class Syslog implements AutoCloseable {
    static final String APP = "openanpr";
    /** RFC 5426: a datagram's message should stay within what every receiver takes. */
    static final int UDP_MAX = 8192;
    private static final String FORM = "target: the syslog receiver as udp://host:514, tcp://host:514 or tls://host:6514"
            + " [?facility=local0][&verifyHost=false (tls only)]";
    private static final Map<String, Integer> FACILITIES = Map.ofEntries(Map.entry("user", 1), Map.entry("daemon", 3),
            Map.entry("auth", 4), Map.entry("security", 13), Map.entry("local0", 16), Map.entry("local1", 17),
            Map.entry("local2", 18), Map.entry("local3", 19), Map.entry("local4", 20), Map.entry("local5", 21),
            Map.entry("local6", 22), Map.entry("local7", 23));

    enum Transport { UDP, TCP, TLS }

    private final Transport transport;
    private final String host;
    private final int port;
    private final int facility;
    private final String hostname;
    /** Over TLS: the sockets trusting the feed's CA; null otherwise. */
    private final SSLSocketFactory tls;
    private final boolean verifyHost;
    private Socket socket;
    private DatagramSocket datagrams;

    private Syslog(Transport transport, String host, int port, int facility, String hostname, SSLSocketFactory tls, boolean verifyHost) {
        this.transport = transport;
        this.host = host;
        this.port = port;
        this.facility = facility;
        this.hostname = hostname;
        this.tls = tls;
        this.verifyHost = verifyHost;
    }

    /** @throws IllegalArgumentException naming what is wrong with the target */
    static Syslog of(String target, String hostname) {
        return of(target, hostname, null);
    }

    /**
     * @param caPem for tls:// only: the CA certificate(s) to trust, PEM; null for the JVM's trust store
     * @throws IllegalArgumentException naming what is wrong with the target or the certificate
     */
    static Syslog of(String target, String hostname, String caPem) {
        URI uri;
        try {
            uri = URI.create(target);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(FORM);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        Transport transport = switch (scheme) {
            case "udp" -> Transport.UDP;
            case "tcp" -> Transport.TCP;
            case "tls" -> Transport.TLS;
            default -> throw new IllegalArgumentException(FORM);
        };
        if (uri.getHost() == null || uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")
                || uri.getRawUserInfo() != null || uri.getRawFragment() != null)
            throw new IllegalArgumentException(FORM);
        int facility = 16;
        boolean verifyHost = true;
        String q = uri.getRawQuery();
        if (q != null) for (String kv : q.split("&")) {
            int eq = kv.indexOf('=');
            String key = eq < 0 ? kv : kv.substring(0, eq);
            String value = eq < 0 ? "" : kv.substring(eq + 1);
            switch (key) {
                case "facility" -> {
                    Integer f = FACILITIES.get(value.toLowerCase(Locale.ROOT));
                    if (f == null) throw new IllegalArgumentException("target: facility one of " + new java.util.TreeSet<>(FACILITIES.keySet()));
                    facility = f;
                }
                case "verifyHost" -> {
                    if (transport != Transport.TLS) throw new IllegalArgumentException("target: verifyHost is an option of tls:// only");
                    if (!value.equals("true") && !value.equals("false")) throw new IllegalArgumentException("target: verifyHost=true or verifyHost=false");
                    verifyHost = value.equals("true");
                }
                default -> throw new IllegalArgumentException("target: unknown option '" + field(key)
                        + "'; the options are facility" + (transport == Transport.TLS ? " and verifyHost" : ""));
            }
        }
        if (caPem != null && transport != Transport.TLS) throw new IllegalArgumentException("caCertificate: only for tls:// targets");
        SSLSocketFactory tls = transport == Transport.TLS ? sockets(caPem) : null;
        int port = uri.getPort() > 0 ? uri.getPort() : transport == Transport.TLS ? 6514 : 514;
        return new Syslog(transport, uri.getHost(), port, facility, hostname, tls, verifyHost);
    }

    /** TLS sockets that trust the given CA certificates (PEM), or the JVM's trust store when none are given. */
    private static SSLSocketFactory sockets(String caPem) {
        try {
            if (caPem == null) return SSLContext.getDefault().getSocketFactory();
            java.util.List<java.security.cert.X509Certificate> certs = PemCertificates.parse(caPem);
            if (certs.isEmpty())
                throw new IllegalArgumentException("caCertificate: one or more X.509 certificates in PEM (-----BEGIN CERTIFICATE-----)");
            java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (java.security.cert.Certificate c : certs) trust.setCertificateEntry("ca-" + i++, c);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx.getSocketFactory();
        } catch (java.security.GeneralSecurityException | IOException e) {
            throw new IllegalStateException("TLS is not available: " + e.getMessage(), e);
        }
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
        if (transport == Transport.UDP) {
            if (bytes.length > UDP_MAX) throw new IOException("message of " + bytes.length + " bytes exceeds the UDP limit of " + UDP_MAX);
            if (datagrams == null) datagrams = new DatagramSocket();
            datagrams.send(new DatagramPacket(bytes, bytes.length, new InetSocketAddress(host, port)));
            return;
        }
        try {
            if (socket != null && peerClosed(socket)) close();
            if (socket == null || socket.isClosed()) socket = connect();
            OutputStream out = socket.getOutputStream();
            out.write((bytes.length + " ").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** A connection to the receiver; over TLS with the handshake done, so a certificate refused fails here. */
    private Socket connect() throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(host, port), 5000);
            plain.setSoTimeout(10_000);
            if (tls == null) return plain;
            SSLSocket s = (SSLSocket) tls.createSocket(plain, host, port, true);
            SSLParameters p = s.getSSLParameters();
            // The receiver's certificate must name the host it was reached by (RFC 5425 4.2.1), unless told otherwise.
            if (verifyHost) p.setEndpointIdentificationAlgorithm("HTTPS");
            s.setSSLParameters(p);
            s.startHandshake();
            return s;
        } catch (IOException | RuntimeException e) {
            plain.close();
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
