package org.openanpr.access;

import java.time.ZoneId;

/**
 * A police region, the national unit, a municipality or another agency: the owner of cameras, lists and users.
 * {@code timeZone} is the clock it works by: its statistics' days and the times its web app shows and takes.
 */
public record Organisation(String code, String name, Kind kind, ZoneId timeZone) {
    public enum Kind { POLICE, NATIONAL, MUNICIPALITY, AGENCY, OTHER }

    /** The time zone of an organisation that set none, and of the system administrator, who has no organisation. */
    public static final ZoneId DEFAULT_TIME_ZONE = ZoneId.of("Europe/Amsterdam");
}
