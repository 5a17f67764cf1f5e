package org.openanpr.passage;

import java.util.List;

/** Passages as CSV for spreadsheets and case files. Values are plates, codes and numbers: nothing to quote. */
final class PassageCsv {
    private PassageCsv() {
    }

    static String write(List<PassageView> passages) {
        StringBuilder sb = new StringBuilder("id,time,camera,plate,country,confidence,lat,lon,has_images\n");
        for (PassageView p : passages) {
            sb.append(p.id()).append(',').append(p.time()).append(',').append(p.camera()).append(',')
                    .append(p.plate()).append(',').append(p.country() == null ? "" : p.country()).append(',')
                    .append(p.confidence()).append(',').append(p.lat() == null ? "" : p.lat()).append(',')
                    .append(p.lon() == null ? "" : p.lon()).append(',').append(p.hasImages()).append('\n');
        }
        return sb.toString();
    }
}
