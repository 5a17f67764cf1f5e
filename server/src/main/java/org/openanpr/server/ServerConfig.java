package org.openanpr.server;

import org.openanpr.access.Passwords;
import org.openanpr.passage.ApprovalThreshold;
import org.openanpr.passage.IngestLimits;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * How to run the HTTP server. {@code adminToken} null means: keep the stored one, or generate one at first start.
 * {@code tls} null serves plain HTTP (behind a TLS-terminating proxy, or on a closed network).
 */
public record ServerConfig(String host, int port, Clock clock, IngestLimits limits, String adminToken, int passwordCost,
                           Tls tls, Web web, ApprovalThreshold searchThreshold, Accounts accounts) {

    /**
     * How people's credentials are handled: the longest life of a person's API token (a stolen session must not
     * become permanent access), and the reverse proxies whose X-Forwarded-For names the real client (from anyone
     * else the header is a claim an attacker makes up to dodge the login throttle).
     */
    public record Accounts(Duration tokenLifetime, Set<String> trustedProxies) {
        public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofDays(90);
        public static final Accounts DEFAULT = new Accounts(DEFAULT_TOKEN_LIFETIME, Set.of());

        public Accounts {
            if (tokenLifetime == null || tokenLifetime.isNegative() || tokenLifetime.isZero())
                throw new IllegalArgumentException("token lifetime must be positive");
            trustedProxies = Set.copyOf(trustedProxies);
        }
    }

    /**
     * A PKCS#12 keystore with the server's key and certificate. {@code equipmentPort}, when not null, is a second HTTPS
     * port for cameras and connectors' equipment only (0: any free port): it asks every connection for a client
     * certificate (mutual TLS) and serves nothing but deliveries, so that browsers on the main port are never asked
     * for one.
     */
    public record Tls(Path keystore, String password, Integer equipmentPort) {
        public Tls(Path keystore, String password) {
            this(keystore, password, null);
        }
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
        return new ServerConfig("127.0.0.1", port, Clock.systemUTC(), IngestLimits.DEFAULT, null, Passwords.DEFAULT_COST,
                null, Web.DEFAULT, ApprovalThreshold.DEFAULT, Accounts.DEFAULT);
    }

    /** When a passage search needs a second person's approval; an organisation's policy may be stricter than ours. */
    public ServerConfig withSearchThreshold(ApprovalThreshold t) {
        return new ServerConfig(host, port, clock, limits, adminToken, passwordCost, tls, web, t, accounts);
    }

    public ServerConfig withHost(String h) {
        return new ServerConfig(h, port, clock, limits, adminToken, passwordCost, tls, web, searchThreshold, accounts);
    }

    public ServerConfig withClock(Clock c) {
        return new ServerConfig(host, port, c, limits, adminToken, passwordCost, tls, web, searchThreshold, accounts);
    }

    public ServerConfig withAdminToken(String token) {
        return new ServerConfig(host, port, clock, limits, token, passwordCost, tls, web, searchThreshold, accounts);
    }

    public ServerConfig withLimits(IngestLimits l) {
        return new ServerConfig(host, port, clock, l, adminToken, passwordCost, tls, web, searchThreshold, accounts);
    }

    public ServerConfig withPasswordCost(int cost) {
        return new ServerConfig(host, port, clock, limits, adminToken, cost, tls, web, searchThreshold, accounts);
    }

    public ServerConfig withTls(Tls t) {
        return new ServerConfig(host, port, clock, limits, adminToken, passwordCost, t, web, searchThreshold, accounts);
    }

    public ServerConfig withWeb(Web w) {
        return new ServerConfig(host, port, clock, limits, adminToken, passwordCost, tls, w, searchThreshold, accounts);
    }

    public ServerConfig withAccounts(Accounts a) {
        return new ServerConfig(host, port, clock, limits, adminToken, passwordCost, tls, web, searchThreshold, a);
    }

    public ServerConfig withTokenLifetime(Duration lifetime) {
        return withAccounts(new Accounts(lifetime, accounts.trustedProxies()));
    }

    public ServerConfig withTrustedProxies(Set<String> proxies) {
        return withAccounts(new Accounts(accounts.tokenLifetime(), proxies));
    }
}
