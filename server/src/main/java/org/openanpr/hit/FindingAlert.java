package org.openanpr.hit;

import org.openanpr.access.Visibility;

/**
 * A finding other than a hit on the live alert stream (a clone suspect today), so that the stream, its at-least-once
 * outboxes and the Kafka topic carry it without knowing what found it: {@code kind} is its SSE event name ("clone"),
 * {@code id} its event id, never a hit's UUID ("clone-17"), so a {@code Last-Event-ID} names one or the other;
 * {@code organisation} the one it belongs to (only that organisation's listeners, and the system token, receive it:
 * a finding is not shared the way a camera's hits are); {@code region} the organisation whose cameras saw it (what the
 * region filter compares); {@code body} what the event carries, written as JSON.
 */
public record FindingAlert(String kind, String id, String organisation, String region, Object body) {
    public boolean seenBy(Visibility v) {
        return v.all() || organisation.equals(v.organisation());
    }
}
