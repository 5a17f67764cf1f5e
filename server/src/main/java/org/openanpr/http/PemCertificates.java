package org.openanpr.http;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

/** X.509 certificates pasted as PEM text by an administrator (a CA to trust, a client's certificate to pin). */
public final class PemCertificates {
    private PemCertificates() {
    }

    /** The certificates in the text, in order; empty when it holds none or cannot be read as certificates. */
    public static List<X509Certificate> parse(String pem) {
        if (pem == null || pem.isBlank()) return List.of();
        try {
            return CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.strip().getBytes(StandardCharsets.US_ASCII)))
                    .stream().map(X509Certificate.class::cast).toList();
        } catch (CertificateException | RuntimeException e) {
            return List.of();
        }
    }
}
