package org.openanpr.connector;

import java.util.List;

/**
 * What one vendor message says: reads, camera heartbeats, and what it deliberately carried no read for
 * (a preview group, a vehicle without a plate), with the reason.
 */
public record Decoded(List<VendorRead> reads, List<Heartbeat> heartbeats, List<String> skipped) {
    public Decoded {
        reads = List.copyOf(reads);
        heartbeats = List.copyOf(heartbeats);
        skipped = List.copyOf(skipped);
    }

    public static Decoded of(List<VendorRead> reads) {
        return new Decoded(reads, List.of(), List.of());
    }

    public static Decoded skipped(String why) {
        return new Decoded(List.of(), List.of(), List.of(why));
    }
}
