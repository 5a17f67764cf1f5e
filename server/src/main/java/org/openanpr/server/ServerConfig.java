package org.openanpr.server;

import org.openanpr.access.Passwords;
import org.openanpr.passage.ApprovalThreshold;
import org.openanpr.passage.IngestLimits;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * How to run the HTTP server. {@code adminToken} null means: keep the stored one, or generate one at first start.
 * {@code tls} null serves plain HTTP (behind a TLS-terminating proxy, or on a closed network).
 */
public record ServerConfig(String host, int port, Clock clock, IngestLimits limits, String adminToken, int passwordCost,
                           Tls tls, Web web, ApprovalThreshold searchThreshold) {

    /** A PKCS#12 keystore with the server's key and certificate. */
    public record Tls(Path keystore, String password) {
    }

    /** What the web application is told at start: where map tiles come from (none: offline outline) and demo users. */
    public record Web(String tileUrl, String tileAttribution, List<DemoUser> demoUsers) {
        public static final Web DEFAULT = new Web(null, null, List.of());

        @com.fasterxml.jackson.annotation.JsonProperty("demo")
        public boolean demo() {
            return !demoUsers.isEmpty();
        }
    }

    public record DemoUser(String username, String password, String role) {
    }

    public static ServerConfig defaults(int port) {
        return new ServerConfig("0.0.0.0", port, Clock.systemUTC(), IngestLimits.DEFAULT, null, Passwords.DEFAULT_COST,
                null, Web.DEFAULT, ApprovalThreshold.DEFAULT);
    }

    /** When a passage search needs a second person's approval; an organisation's policy may be stricter than ours. */
    public ServerConfig withSearchThreshold(ApprovalThreshold t) {
        return new ServerConfig(host, port, clock, limits, adminToken, passwordCost, tls, web, t);
    }

    public ServerConfig withHost(String h) {
        return new ServerConfig(h, port, clock, limits, adminToken, passwordCost, tls, web, searchThreshold);
    }

    public ServerConfig withClock(Clock c) {
        return new ServerConfig(host, port, c, limits, adminToken, passwordCost, tls, web, searchThreshold);
    }

    public ServerConfig withAdminToken(String token) {
        return new ServerConfig(host, port, clock, limits, token, passwordCost, tls, web, searchThreshold);
    }

    public ServerConfig withLimits(IngestLimits l) {
        return new ServerConfig(host, port, clock, l, adminToken, passwordCost, tls, web, searchThreshold);
    }

    public ServerConfig withPasswordCost(int cost) {
        return new ServerConfig(host, port, clock, limits, adminToken, cost, tls, web, searchThreshold);
    }

    public ServerConfig withTls(Tls t) {
        return new ServerConfig(host, port, clock, limits, adminToken, passwordCost, t, web, searchThreshold);
    }

    public ServerConfig withWeb(Web w) {
        return new ServerConfig(host, port, clock, limits, adminToken, passwordCost, tls, w, searchThreshold);
    }
}
