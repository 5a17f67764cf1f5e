package org.openanpr.server;

import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.security.KeyStore;
import java.security.cert.CRL;
import java.security.cert.X509Certificate;
import java.util.Collection;

/**
 * The HTTPS connectors for {@code serve --tls-keystore}: TLS 1.2 and 1.3 only, Jetty's default cipher suites; and, with
 * {@code --equipment-port}, the equipment's port, which demands a client certificate of every connection.
 */
final class Tls {
    /** The name of the equipment port's connector, by which a request is known to have come in through it. */
    static final String EQUIPMENT = "equipment";

    private Tls() {
    }

    static ServerConnector connector(Server server, HttpConfiguration http, ServerConfig config) {
        return connector(server, http, config, new SslContextFactory.Server(), config.port());
    }

    /**
     * Every connection must present a certificate and prove it holds its key; which certificates are welcome is the
     * connector's pin ({@code ConnectorStore}), not a CA: cameras and agents carry self-signed certificates. A
     * certificate no connector pinned gets 401 at the route, never a reading of anything.
     */
    static ServerConnector equipment(Server server, HttpConfiguration http, ServerConfig config) {
        SslContextFactory.Server ssl = new SslContextFactory.Server() {
            @Override
            protected TrustManager[] getTrustManagers(KeyStore trustStore, Collection<? extends CRL> crls) {
                return new TrustManager[]{new AnyClientCertificate()};
            }
        };
        ssl.setNeedClientAuth(true);
        ServerConnector connector = connector(server, http, config, ssl, config.tls().equipmentPort());
        connector.setName(EQUIPMENT);
        return connector;
    }

    private static ServerConnector connector(Server server, HttpConfiguration http, ServerConfig config,
                                             SslContextFactory.Server ssl, int port) {
        ssl.setKeyStorePath(config.tls().keystore().toAbsolutePath().toString());
        ssl.setKeyStorePassword(config.tls().password());
        ssl.setKeyStoreType("PKCS12");
        ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        HttpConfiguration https = new HttpConfiguration(http);
        https.addCustomizer(new SecureRequestCustomizer());
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                new HttpConnectionFactory(https));
        connector.setHost(config.host());
        connector.setPort(port);
        return connector;
    }

    /** Accepts any chain: the handshake still proves possession of the key; the route compares the pin. */
    private static final class AnyClientCertificate implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("the equipment port is a server only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
