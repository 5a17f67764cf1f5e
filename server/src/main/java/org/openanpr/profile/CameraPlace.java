package org.openanpr.profile;

import java.util.List;

/** Where a camera stands, for pattern profiles: the place's name (shared by its cameras) and its tags. */
public record CameraPlace(String camera, String place, List<String> tags) {
    public CameraPlace {
        if (place == null || place.isBlank() || place.length() > 200) throw new IllegalArgumentException("place: 1 to 200 characters");
        if (place.chars().anyMatch(ch -> ch < 0x20 || ch == '<' || ch == '>')) throw new IllegalArgumentException("place: no markup or control characters");
        if (tags == null || tags.isEmpty() || tags.size() > 10) throw new IllegalArgumentException("tags: 1 to 10");
        for (String t : tags)
            if (t == null || !ProfileDefinition.TAG.matcher(t).matches())
                throw new IllegalArgumentException("tags: each a lower-case word (a-z, 0-9, -), at most 40 characters");
        place = place.strip();
        tags = tags.stream().distinct().sorted().toList();
    }
}
