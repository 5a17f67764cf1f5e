package org.openanpr.action;

import org.openanpr.hit.Hit;
import org.openanpr.hit.StatsRow;
import org.openanpr.hotlist.ReferenceList;
import org.openanpr.http.Csv;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * What a region reports about an enforcement action: its plan, the totals (scanned, hits, stopped, fines, arrests,
 * seizures, misreads), the same per camera and per list, and every hit with its outcome.
 */
public record ActionReport(EnforcementAction action, String status, List<StatsRow> totals, List<StatsRow> perCamera,
                           List<StatsRow> perList, List<Hit> hits, List<ReferenceList> lists) {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.of("Europe/Amsterdam"));
    private static final List<String> HEADER = List.of("scope", "key", "scanned", "hits", "open", "hit_rate", "stopped",
            "checked", "fines_paid", "amount_collected", "arrests", "seizures", "not_stopped", "misreads", "misread_rate");

    public StatsRow total() {
        return totals.isEmpty() ? new StatsRow(String.valueOf(action.id()), 0, 0, 0, 0, 0, 0, 0, BigDecimal.ZERO, 0, 0, 0, 0, 0)
                : totals.getFirst();
    }

    public String csv() {
        StringBuilder sb = new StringBuilder();
        Csv csv = new Csv(sb).row(HEADER);
        row(csv, "action", total());
        for (StatsRow r : perCamera) row(csv, "camera", r);
        for (StatsRow r : perList) row(csv, "list", r);
        return sb.toString();
    }

    private static void row(Csv csv, String scope, StatsRow r) {
        csv.row(scope, r.key(), r.scanned(), r.hits(), r.open(), String.format(Locale.ROOT, "%.4f", r.hitRate()),
                r.stopped(), r.checked(), r.finesPaid(), r.amountCollected(), r.arrests(), r.seizures(), r.notStopped(),
                r.misreads(), String.format(Locale.ROOT, "%.4f", r.misreadRate()));
    }

    public String html() {
        StatsRow t = total();
        StringBuilder sb = new StringBuilder("""
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Action report</title>
                <link rel="stylesheet" href="/static/report.css"><link rel="icon" href="/static/favicon.svg"></head><body>
                """);
        sb.append("<h1>Action report: ").append(esc(action.name())).append("</h1>\n<table>")
                .append(tr("Organisation", action.organisation())).append(tr("Place", action.place()))
                .append(tr("From", LOCAL.format(action.startsAt()))).append(tr("Until", LOCAL.format(action.endsAt())))
                .append(tr("Status", status)).append(tr("Team", action.team()))
                .append(tr("Cameras", String.join(", ", action.cameras())))
                .append(tr("Lists", String.join(", ", lists.stream().map(l -> l.name() + " (" + l.legalBasis() + ")").toList())))
                .append("</table>\n<h2>Totals</h2><table>")
                .append(tr("Reads scanned", t.scanned())).append(tr("Hits", t.hits()))
                .append(tr("Hit rate", String.format(Locale.ROOT, "%.2f %%", t.hitRate() * 100)))
                .append(tr("Vehicles stopped", t.stopped())).append(tr("Checked", t.checked()))
                .append(tr("Fines paid", t.finesPaid())).append(tr("Amount collected", "EUR " + t.amountCollected().toPlainString()))
                .append(tr("Arrests", t.arrests())).append(tr("Vehicles seized", t.seizures()))
                .append(tr("Not stopped", t.notStopped())).append(tr("Misreads", t.misreads()))
                .append(tr("Still open", t.open())).append("</table>\n");
        table(sb, "Per camera", perCamera);
        table(sb, "Per list", perList);
        sb.append("<h2>Hits</h2><table><tr><th>Time</th><th>Camera</th><th>Plate</th><th>List</th><th>Match</th><th>Outcome</th><th>Amount</th><th>Note</th></tr>");
        for (Hit h : hits)
            sb.append("<tr><td>").append(LOCAL.format(h.time())).append("</td><td>").append(esc(h.camera())).append("</td><td>")
                    .append(esc(h.plate())).append("</td><td>").append(esc(h.listName())).append("</td><td>").append(h.matchKind())
                    .append("</td><td>").append(h.outcome() == null ? "open" : h.outcome()).append("</td><td class=n>")
                    .append(h.outcomeAmount() == null ? "" : h.outcomeAmount().toPlainString()).append("</td><td>")
                    .append(esc(h.outcomeNote())).append("</td></tr>");
        return sb.append("</table></body></html>\n").toString();
    }

    private static void table(StringBuilder sb, String title, List<StatsRow> rows) {
        sb.append("<h2>").append(title).append("</h2><table><tr><th></th><th>Scanned</th><th>Hits</th><th>Stopped</th>"
                + "<th>Fines paid</th><th>Amount</th><th>Arrests</th><th>Seized</th><th>Misreads</th></tr>");
        for (StatsRow r : rows)
            sb.append("<tr><td>").append(esc(r.key())).append("</td><td class=n>").append(r.scanned()).append("</td><td class=n>")
                    .append(r.hits()).append("</td><td class=n>").append(r.stopped()).append("</td><td class=n>")
                    .append(r.finesPaid()).append("</td><td class=n>").append(r.amountCollected().toPlainString())
                    .append("</td><td class=n>").append(r.arrests()).append("</td><td class=n>").append(r.seizures())
                    .append("</td><td class=n>").append(r.misreads()).append("</td></tr>");
        sb.append("</table>\n");
    }

    private static String tr(String label, Object value) {
        return "<tr><th>" + esc(label) + "</th><td>" + esc(String.valueOf(value)) + "</td></tr>";
    }

    static String esc(String s) {
        if (s == null) return "";
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
