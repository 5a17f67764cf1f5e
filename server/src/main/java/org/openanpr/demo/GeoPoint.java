package org.openanpr.demo;

/** A WGS84 position. Distances are great-circle; at city scale the error is far below road-detour effects. */
record GeoPoint(double lat, double lon) {
    private static final double EARTH_RADIUS_KM = 6371.0088;

    double distanceKm(GeoPoint other) {
        double dLat = Math.toRadians(other.lat - lat);
        double dLon = Math.toRadians(other.lon - lon);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(Math.toRadians(lat)) * Math.cos(Math.toRadians(other.lat))
                * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    /** Linear interpolation; fine for the few hundred metres between two waypoints. */
    GeoPoint towards(GeoPoint other, double fraction) {
        return new GeoPoint(lat + (other.lat - lat) * fraction, lon + (other.lon - lon) * fraction);
    }

    /** Cameras report 5 decimals (about a metre); more would suggest precision the GPS does not have. */
    GeoPoint rounded() {
        return new GeoPoint(Math.round(lat * 1e5) / 1e5, Math.round(lon * 1e5) / 1e5);
    }
}
