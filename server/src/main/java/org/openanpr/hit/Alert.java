package org.openanpr.hit;

/**
 * What an officer's screen receives for a hit: the hit itself, the plate crop inline (small, and needed at once on a
 * patrol car's laptop), and where to fetch the overview image.
 */
public record Alert(Hit hit, String plateImageBase64, String overviewImageUrl) {

    /** A hit sent again to a stream that reconnects: its plate crop is fetched by URL, like a listed hit's. */
    static Alert replayed(Hit hit) {
        return new Alert(hit, null, hit.hasOverview() ? "/api/v1/hits/" + hit.id() + "/images/overview" : null);
    }
}
