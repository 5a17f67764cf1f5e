package org.openanpr.access;

import io.javalin.http.Context;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The address a request came from, for the login throttle and the audit log. Behind a reverse proxy every request
 * comes from the proxy, which names the client in X-Forwarded-For; but anyone can send that header, so it counts
 * only on a request from a proxy the operator trusts ({@code serve --trusted-proxy}). Of the addresses it lists, the
 * client is the last one not itself a trusted proxy: earlier ones were written by the client and prove nothing.
 * Addresses are compared in one written form, so that {@code ::1} and {@code 0:0:0:0:0:0:0:1} are the same proxy.
 */
public final class ClientAddress {
    // Only IP literals: a host name would need a DNS lookup, here and at every request.
    private static final Pattern LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|\\[?[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*]?");
    private final Set<String> trustedProxies;

    /** @throws IllegalArgumentException when a trusted proxy is not an IP address */
    public ClientAddress(Set<String> trustedProxies) {
        this.trustedProxies = trustedProxies.stream().map(p -> {
            String normal = normalise(p);
            if (normal == null) throw new IllegalArgumentException("--trusted-proxy: not an IP address: " + p);
            return normal;
        }).collect(Collectors.toUnmodifiableSet());
    }

    public String of(Context ctx) {
        return of(ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For"));
    }

    String of(String remote, String forwardedFor) {
        String from = normalise(remote);
        if (from == null) from = remote;
        if (!trustedProxies.contains(from) || forwardedFor == null || forwardedFor.isBlank()) return from;
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (hop.isEmpty()) continue;
            String normal = normalise(hop);
            if (normal == null) return "invalid X-Forwarded-For"; // the proxy passed on garbage; one key for all of it
            if (!trustedProxies.contains(normal)) return normal;
        }
        return from;
    }

    /** The address in Java's one written form, or null when the text is no IP address. */
    static String normalise(String address) {
        if (address == null || address.length() > 64 || !LITERAL.matcher(address).matches()) return null;
        String bare = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        try {
            // A literal is parsed, never looked up; the pattern above keeps host names out.
            return InetAddress.getByName(bare).getHostAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
