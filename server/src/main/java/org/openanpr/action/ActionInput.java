package org.openanpr.action;

import java.time.OffsetDateTime;
import java.util.List;

/** An enforcement action as sent to {@code POST /api/v1/actions}, before validation. */
public record ActionInput(String name, String organisation, String place, Double lat, Double lon,
                          OffsetDateTime startsAt, OffsetDateTime endsAt, String team, List<String> cameras,
                          List<Long> lists) {

    public EnforcementAction validate() {
        if (blank(name)) throw new IllegalArgumentException("name: required");
        if (blank(organisation)) throw new IllegalArgumentException("organisation: required");
        if (blank(place)) throw new IllegalArgumentException("place: required");
        if (blank(team)) throw new IllegalArgumentException("team: required (who receives the hits)");
        if (startsAt == null || endsAt == null) throw new IllegalArgumentException("startsAt/endsAt: required, ISO-8601 with offset");
        if (!endsAt.isAfter(startsAt)) throw new IllegalArgumentException("endsAt: must be after startsAt");
        if ((lat == null) != (lon == null)) throw new IllegalArgumentException("lat/lon: give both or neither");
        if (cameras == null || cameras.isEmpty()) throw new IllegalArgumentException("cameras: name at least one camera");
        if (lists == null || lists.isEmpty()) throw new IllegalArgumentException("lists: name at least one list");
        return new EnforcementAction(0, name.trim(), organisation.trim(), place.trim(), lat, lon, startsAt.toInstant(),
                endsAt.toInstant(), team.trim(), List.copyOf(cameras), List.copyOf(lists));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
