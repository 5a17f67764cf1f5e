package org.openanpr.connector;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The client certificate a connector's equipment proves itself with (mutual TLS), pinned by its SHA-256: cameras and
 * agents mostly carry self-signed certificates, so no CA is trusted; the handshake proves the equipment holds the
 * certificate's key, and the pin says it is this connector's.
 */
public record ClientCertificate(byte[] sha256, String subject, Instant notAfter) {

    public static ClientCertificate of(X509Certificate c) {
        return new ClientCertificate(sha256(c), c.getSubjectX500Principal().getName(), c.getNotAfter().toInstant());
    }

    /** Whether a connection's certificate is this one, and not expired at {@code now}. */
    public boolean admits(X509Certificate presented, Instant now) {
        return isOf(presented) && !now.isAfter(notAfter);
    }

    /** Whether a connection's certificate is this one (expired or not). */
    public boolean isOf(X509Certificate presented) {
        return MessageDigest.isEqual(sha256, sha256(presented));
    }

    /** As administrators compare it with what their equipment shows: upper-case hex pairs, colon separated. */
    public String fingerprint() {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(sha256);
    }

    private static byte[] sha256(X509Certificate c) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(c.getEncoded());
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint a certificate", e);
        }
    }
}
