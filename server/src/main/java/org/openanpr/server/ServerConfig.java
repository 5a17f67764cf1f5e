package org.openanpr.server;

import org.openanpr.passage.IngestLimits;

import java.time.Clock;

/** How to run the HTTP server. {@code adminToken} null means: keep the stored one, or generate one at first start. */
public record ServerConfig(String host, int port, Clock clock, IngestLimits limits, String adminToken) {
    public static ServerConfig defaults(int port) {
        return new ServerConfig("0.0.0.0", port, Clock.systemUTC(), IngestLimits.DEFAULT, null);
    }

    public ServerConfig withClock(Clock c) {
        return new ServerConfig(host, port, c, limits, adminToken);
    }

    public ServerConfig withAdminToken(String token) {
        return new ServerConfig(host, port, clock, limits, token);
    }

    public ServerConfig withLimits(IngestLimits l) {
        return new ServerConfig(host, port, clock, l, adminToken);
    }
}
