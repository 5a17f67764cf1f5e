package org.openanpr.hit;

/**
 * What an officer's screen receives for a hit: the hit itself, the plate crop inline (small, and needed at once on a
 * patrol car's laptop), and where to fetch the overview image.
 */
public record Alert(Hit hit, String plateImageBase64, String overviewImageUrl) {
}
