package org.openanpr.profile;

import org.openanpr.investigation.Sighting;

import java.util.List;

/**
 * A plate that fits a profile: how well ({@code score}: what was found over what the profile asks, 1.0 is just
 * enough), in words, and the passages that made it.
 */
public record Candidate(String plate, double score, String reason, List<PlaceSighting> evidence) {
    public Candidate {
        evidence = List.copyOf(evidence);
    }

    public List<Sighting> sightings() {
        return evidence.stream().map(PlaceSighting::sighting).toList();
    }
}
