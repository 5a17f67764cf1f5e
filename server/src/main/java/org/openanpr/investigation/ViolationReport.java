package org.openanpr.investigation;

import org.openanpr.http.Html;
import org.openanpr.http.Csv;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Section speed violations as CSV and as a printable page with each one's evidence, in Dutch or English. */
public final class ViolationReport {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    static final List<String> HEADER = List.of("id", "section", "plate", "country", "entry_camera", "entry_time", "entry_received_at",
            "entry_camera_status", "exit_camera", "exit_time", "exit_received_at", "exit_camera_status", "distance_m", "elapsed_s",
            "measured_kmh", "corrected_kmh", "limit_kmh", "margin_kmh", "calculation", "clock_check", "clock_suspect",
            "entry_passage", "exit_passage");

    private ViolationReport() {
    }

    public static String csv(List<SectionViolation> violations) {
        StringBuilder sb = new StringBuilder();
        Csv csv = new Csv(sb).row(HEADER);
        for (SectionViolation v : violations)
            csv.row(v.id(), v.sectionName(), v.display(), v.country(), v.entry().camera(), v.entry().time(), v.entry().receivedAt(),
                    v.entry().cameraStatus(), v.exit().camera(), v.exit().time(), v.exit().receivedAt(), v.exit().cameraStatus(),
                    String.format(Locale.ROOT, "%.1f", v.distanceMetres()), String.format(Locale.ROOT, "%.3f", v.elapsedMillis() / 1000.0),
                    String.format(Locale.ROOT, "%.2f", v.measuredKmh()), v.correctedKmh(), v.limitKmh(), v.marginKmh(),
                    v.calculation(), v.clockCheck(), v.clockSuspect(), v.entry().id(), v.exit().id());
        return sb.toString();
    }

    private static final Map<String, String[]> LABELS = Map.ofEntries(
            Map.entry("title", new String[] {"Section speed control: violations", "Trajectcontrole: overtredingen"}),
            Map.entry("times", new String[] {"Times on the clock of %s.", "Tijden in %s."}),
            Map.entry("none", new String[] {"No violations in this period.", "Geen overtredingen in deze periode."}),
            Map.entry("Section", new String[] {"Section", "Traject"}),
            Map.entry("Plate", new String[] {"Plate", "Kenteken"}),
            Map.entry("Entry", new String[] {"Entry", "Begin"}),
            Map.entry("Exit", new String[] {"Exit", "Einde"}),
            Map.entry("Received", new String[] {"received", "ontvangen"}),
            Map.entry("Camera status", new String[] {"camera status", "camerastatus"}),
            Map.entry("Distance", new String[] {"Road distance", "Weglengte"}),
            Map.entry("Elapsed", new String[] {"Time taken", "Reistijd"}),
            Map.entry("Measured", new String[] {"Average speed measured", "Gemeten gemiddelde snelheid"}),
            Map.entry("Corrected", new String[] {"After the OM correction", "Na correctie (OM)"}),
            Map.entry("Limit", new String[] {"Limit", "Maximumsnelheid"}),
            Map.entry("Calculation", new String[] {"Calculation", "Berekening"}),
            Map.entry("Clock", new String[] {"Clock check", "Klokcontrole"}),
            Map.entry("Images", new String[] {"Images", "Beelden"}),
            Map.entry("Period", new String[] {"Period", "Periode"}));

    /** The printable report; {@code nl} for Dutch. Images are linked, shown while their passages are retained. */
    public static String html(List<SectionViolation> violations, boolean nl, ZoneId zone, String period) {
        java.util.function.Function<String, String> l = k -> LABELS.get(k)[nl ? 1 : 0];
        DateTimeFormatter time = LOCAL.withZone(zone);
        StringBuilder sb = new StringBuilder("<!doctype html><html lang=\"" + (nl ? "nl" : "en") + "\"><head><meta charset=\"utf-8\"><title>")
                .append(esc(l.apply("title"))).append("</title>\n<link rel=\"stylesheet\" href=\"/static/report.css\">"
                        + "<link rel=\"icon\" href=\"/static/favicon.svg\"></head><body>\n<h1>").append(esc(l.apply("title")))
                .append("</h1>\n<p>").append(esc(l.apply("Period"))).append(": ").append(esc(period)).append(". ")
                .append(esc(l.apply("times").formatted(zone.getId()))).append("</p>\n");
        if (violations.isEmpty()) sb.append("<p>").append(esc(l.apply("none"))).append("</p>\n");
        for (SectionViolation v : violations) {
            sb.append("<section class=\"violation\" id=\"violation-").append(v.id()).append("\"><h2>").append(esc(v.display()))
                    .append(" · ").append(v.correctedKmh()).append(" km/h / ").append(v.limitKmh()).append(" km/h</h2><table>")
                    .append(tr(l.apply("Section"), v.sectionName()))
                    .append(tr(l.apply("Plate"), v.display() + (v.country() == null ? "" : " (" + v.country() + ")")))
                    .append(tr(l.apply("Entry"), v.entry().camera() + " · " + time.format(v.entry().time()) + " · " + l.apply("Received")
                            + " " + (v.entry().receivedAt() == null ? "?" : time.format(v.entry().receivedAt())) + " · "
                            + l.apply("Camera status") + " " + v.entry().cameraStatus()))
                    .append(tr(l.apply("Exit"), v.exit().camera() + " · " + time.format(v.exit().time()) + " · " + l.apply("Received")
                            + " " + (v.exit().receivedAt() == null ? "?" : time.format(v.exit().receivedAt())) + " · "
                            + l.apply("Camera status") + " " + v.exit().cameraStatus()))
                    .append(tr(l.apply("Distance"), String.format(Locale.ROOT, "%.0f m", v.distanceMetres())))
                    .append(tr(l.apply("Elapsed"), String.format(Locale.ROOT, "%.3f s", v.elapsedMillis() / 1000.0)))
                    .append(tr(l.apply("Measured"), String.format(Locale.ROOT, "%.2f km/h", v.measuredKmh())))
                    .append(tr(l.apply("Corrected"), v.correctedKmh() + " km/h"))
                    .append(tr(l.apply("Limit"), v.limitKmh() + " km/h" + (v.marginKmh() > 0 ? " (+" + v.marginKmh() + ")" : "")))
                    .append(tr(l.apply("Calculation"), v.calculation()))
                    .append(tr(l.apply("Clock"), v.clockCheck()))
                    .append("<tr><th>").append(esc(l.apply("Images"))).append("</th><td>");
            for (String end : new String[] {"entry", "exit"})
                sb.append("<img alt=\"").append(end).append("\" src=\"/api/v1/sections/violations/").append(v.id()).append("/images/")
                        .append(end).append("/overview\"> ");
            sb.append("</td></tr></table></section>\n");
        }
        return sb.append("</body></html>\n").toString();
    }

    private static String tr(String label, Object value) {
        return Html.row(label, value);
    }

    static String esc(String s) {
        return Html.escape(s);
    }
}
