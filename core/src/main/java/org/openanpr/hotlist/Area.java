package org.openanpr.hotlist;

import java.util.ArrayList;
import java.util.List;

/**
 * A polygon on the map where a list hits, its corners in order (either way round); the last corner connects back to
 * the first. Edges are straight in latitude and longitude, which over the few kilometres of an enforcement area
 * differs from the great circle by centimetres. An area must not cross the 180th meridian.
 */
public record Area(List<Corner> corners) {

    /** WGS84 degrees. */
    public record Corner(double lat, double lon) {
        public Corner {
            if (!(lat >= -90 && lat <= 90) || !(lon >= -180 && lon <= 180)) {
                throw new IllegalArgumentException("a corner needs lat -90..90 and lon -180..180, got " + lat + ", " + lon);
            }
        }
    }

    public Area {
        corners = List.copyOf(corners);
        if (corners.size() < 3) {
            throw new IllegalArgumentException("an area needs at least 3 corners, got " + corners.size());
        }
    }

    /** An area from {@code [lat, lon]} pairs, as list conditions store it. */
    public static Area of(List<double[]> latLonPairs) {
        List<Corner> corners = new ArrayList<>(latLonPairs.size());
        for (double[] pair : latLonPairs) {
            if (pair.length != 2) {
                throw new IllegalArgumentException("a corner needs [lat, lon], got " + pair.length + " numbers");
            }
            corners.add(new Corner(pair[0], pair[1]));
        }
        return new Area(corners);
    }

    /** Even-odd rule: a ray from the point crosses the boundary an odd number of times when the point is inside. */
    public boolean contains(double lat, double lon) {
        boolean inside = false;
        int n = corners.size();
        for (int i = 0, j = n - 1; i < n; j = i++) {
            Corner a = corners.get(i);
            Corner b = corners.get(j);
            if ((a.lat() > lat) != (b.lat() > lat)
                    && lon < (b.lon() - a.lon()) * (lat - a.lat()) / (b.lat() - a.lat()) + a.lon()) {
                inside = !inside;
            }
        }
        return inside;
    }
}
