package org.openanpr.access;

import io.javalin.http.Context;

import java.util.Set;

/**
 * The address a request came from, for the login throttle and the audit log. Behind a reverse proxy every request
 * comes from the proxy, which names the client in X-Forwarded-For; but anyone can send that header, so it counts
 * only on a request from a proxy the operator trusts ({@code serve --trusted-proxy}). Of the addresses it lists, the
 * client is the last one not itself a trusted proxy: earlier ones were written by the client and prove nothing.
 */
public final class ClientAddress {
    private final Set<String> trustedProxies;

    public ClientAddress(Set<String> trustedProxies) {
        this.trustedProxies = Set.copyOf(trustedProxies);
    }

    public String of(Context ctx) {
        return of(ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For"));
    }

    String of(String remote, String forwardedFor) {
        if (!trustedProxies.contains(remote) || forwardedFor == null || forwardedFor.isBlank()) return remote;
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (hop.isEmpty()) continue;
            // An address is at most 45 characters (IPv6 with IPv4 tail); more is made up, and kept short as a key.
            if (!trustedProxies.contains(hop)) return hop.length() > 64 ? hop.substring(0, 64) : hop;
        }
        return remote;
    }
}
