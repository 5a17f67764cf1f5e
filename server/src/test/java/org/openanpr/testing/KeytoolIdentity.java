package org.openanpr.testing;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A key and its self-signed certificate, made by the JDK's own keytool in a PKCS#12 file: for a test's TLS server, a
 * receiver, or a camera presenting a client certificate.
 *
 * @param file the PKCS#12 file, with {@link #PASSWORD}
 * @param pem  the certificate alone, as an administrator pastes it
 */
public record KeytoolIdentity(Path file, KeyStore keys, String pem) {
    public static final String PASSWORD = "test-password";

    /** @param san the subjectAltName extension's value, e.g. {@code dns:localhost,ip:127.0.0.1} */
    public static KeytoolIdentity make(Path dir, String name, String cn, String san) throws Exception {
        Path store = dir.resolve(name + ".p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=" + cn, "-ext", "SAN=" + san, "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor()).as(out).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        String pem = "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(ks.getCertificate(name).getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        return new KeytoolIdentity(store, ks, pem);
    }

    /** A client's TLS: presenting this identity's certificate (null: none) and trusting {@code server}'s. */
    public static SSLContext client(KeytoolIdentity presenting, KeytoolIdentity server) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(server.keys());
        KeyManagerFactory kmf = null;
        if (presenting != null) {
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(presenting.keys(), PASSWORD.toCharArray());
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }
}
