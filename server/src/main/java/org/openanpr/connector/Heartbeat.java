package org.openanpr.connector;

import java.time.Instant;

/** A vendor's word that a camera is alive (OpenALPR heartbeat, Hikvision heartBeat): when, and whether it streams. */
public record Heartbeat(String vendorCamera, String vendorName, Instant at, Boolean streaming) {
}
