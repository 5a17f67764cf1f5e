package org.openanpr.action;

import org.openanpr.hotlist.TimedActivation;

import java.time.Instant;
import java.util.List;

/**
 * A planned enforcement action (controle-actie): a place and time window, the cameras it uses, the lists it switches
 * on for those cameras during the window, and the team that receives its hits.
 */
public record EnforcementAction(long id, String name, String organisation, String place, Double lat, Double lon,
                                Instant startsAt, Instant endsAt, String team, List<String> cameras, List<Long> lists)
        implements TimedActivation {

    @Override
    public boolean runsAt(Instant t) {
        return !t.isBefore(startsAt) && t.isBefore(endsAt);
    }

    public String status(Instant now) {
        return now.isBefore(startsAt) ? "PLANNED" : now.isBefore(endsAt) ? "RUNNING" : "ENDED";
    }
}
