package org.openanpr.camera;

import org.openanpr.camera.Camera.CameraStatus;
import org.openanpr.camera.Camera.CameraType;

import java.util.Locale;
import java.util.regex.Pattern;

/** A camera as given over the API or in an import file: every field optional until {@link #validate()}. */
public record CameraInput(String id, String name, String type, Double lat, Double lon, Double heading, String lane,
                          String direction, String organisation, String status) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** Returns the camera or throws {@link IllegalArgumentException} naming the first problem. */
    public Camera validate() {
        if (id == null || !ID.matcher(id).matches())
            throw new IllegalArgumentException("id: 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        if (name == null || name.isBlank()) throw new IllegalArgumentException("name: required");
        if (lat == null || lat < -90 || lat > 90) throw new IllegalArgumentException("lat: required, -90..90");
        if (lon == null || lon < -180 || lon > 180) throw new IllegalArgumentException("lon: required, -180..180");
        if (heading != null && (heading < 0 || heading >= 360))
            throw new IllegalArgumentException("heading: degrees from north, 0 up to 360");
        if (organisation == null || organisation.isBlank()) throw new IllegalArgumentException("organisation: required");
        return new Camera(id, name.strip(), parse(CameraType.class, "type", type, CameraType.FIXED), lat, lon, heading,
                blankToNull(lane), blankToNull(direction), organisation.strip(),
                parse(CameraStatus.class, "status", status, CameraStatus.ACTIVE), null);
    }

    public CameraInput withDefaultOrganisation(String org) {
        return organisation == null || organisation.isBlank()
                ? new CameraInput(id, name, type, lat, lon, heading, lane, direction, org, status) : this;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String field, String value, E fallback) {
        if (value == null || value.isBlank()) return fallback;
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
