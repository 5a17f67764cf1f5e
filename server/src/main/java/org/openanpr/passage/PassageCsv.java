package org.openanpr.passage;

import org.openanpr.http.Csv;

import java.util.List;

/** Passages as CSV for spreadsheets and case files. */
final class PassageCsv {
    private PassageCsv() {
    }

    static String write(List<PassageView> passages) {
        StringBuilder sb = new StringBuilder();
        Csv csv = new Csv(sb).row("id", "time", "camera", "plate", "display", "country", "country_inferred", "confidence", "lat", "lon", "has_images",
                "make", "model", "colour", "vehicle_type", "direction", "heading", "speed", "plate_box");
        for (PassageView p : passages)
            csv.row(p.id(), p.time(), p.camera(), p.plate(), p.display(), p.country(), p.countryInferred(), p.confidence(), p.lat(), p.lon(), p.hasImages(),
                    p.make(), p.model(), p.colour(), p.vehicleType(), p.direction(), p.heading(), p.speed(), box(p));
        return sb.toString();
    }

    /** Where the recognition found the plate, as "x y w h" in pixels; empty for a plate the camera sent. */
    private static String box(PassageView p) {
        return p.plateBox() == null ? null
                : p.plateBox().x() + " " + p.plateBox().y() + " " + p.plateBox().w() + " " + p.plateBox().h();
    }
}
